"""Events the returns module records in the outbox (see docs/architecture.md)."""

from __future__ import annotations

from typing import ClassVar

from opsdesk.kernel.events import DomainEvent


class _ReturnEvent(DomainEvent):
    aggregate_type: ClassVar[str] = "return"

    return_id: int
    order_id: int

    def aggregate_id(self) -> str:
        return str(self.return_id)


class ReturnRequested(_ReturnEvent):
    name: ClassVar[str] = "ReturnRequested"

    number: str
    reason: str
    quantity: int


class ReturnDecided(_ReturnEvent):
    """Approved or rejected (``status``)."""

    name: ClassVar[str] = "ReturnDecided"

    status: str
    note: str


class ReturnReceived(_ReturnEvent):
    name: ClassVar[str] = "ReturnReceived"

    warehouse_id: int


class ReturnInspected(_ReturnEvent):
    """Every line was inspected and restocked or written off."""

    name: ClassVar[str] = "ReturnInspected"

    restocked: int
    written_off: int


class RefundRecorded(DomainEvent):
    name: ClassVar[str] = "RefundRecorded"
    aggregate_type: ClassVar[str] = "order"

    refund_id: int
    order_id: int
    return_id: int | None
    amount_minor: int
    currency: str
    external_id: str | None

    def aggregate_id(self) -> str:
        return str(self.order_id)
