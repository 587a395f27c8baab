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
