"""Events the promotions module records in the outbox (see docs/architecture.md)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from opsdesk.kernel.events import DomainEvent


class _DiscountCodeEvent(DomainEvent):
    aggregate_type: ClassVar[str] = "discount_code"

    code_id: int
    code: str

    def aggregate_id(self) -> str:
        return str(self.code_id)


class DiscountCodeIssued(_DiscountCodeEvent):
    """A code exists; notifications can tell the customer, the ticket can note it."""

    name: ClassVar[str] = "DiscountCodeIssued"

    kind: str
    value: int
    currency: str | None
    expires_at: datetime
    max_redemptions: int
    customer_id: int | None
    source: str
    issued_by: str
    reason: str
    ticket_id: int | None
    order_reference: str | None
    status: str = "active"  # "pending": above the issuer's caps, nothing is sent yet
    reason_code: str = "goodwill"
    approval_needed: str | None = None


class DiscountCodeRedeemed(_DiscountCodeEvent):
    name: ClassVar[str] = "DiscountCodeRedeemed"

    redemption_id: int
    order_reference: str
    amount_minor: int
    currency: str
    customer_id: int | None


class DiscountCodeRevoked(_DiscountCodeEvent):
    name: ClassVar[str] = "DiscountCodeRevoked"

    revoked_by: str
    reason: str


class _DiscountCodeDecided(_DiscountCodeEvent):
    decided_by: str
    note: str
    issued_by: str
    customer_id: int | None
    ticket_id: int | None
    order_reference: str | None


class DiscountCodeApproved(_DiscountCodeDecided):
    """A pending code became redeemable; now the customer may be told about it."""

    name: ClassVar[str] = "DiscountCodeApproved"


class DiscountCodeRejected(_DiscountCodeDecided):
    """A pending code was turned down; the customer never hears of it."""

    name: ClassVar[str] = "DiscountCodeRejected"
