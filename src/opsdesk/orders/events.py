"""Events the orders module records in the outbox (see docs/architecture.md)."""

from __future__ import annotations

from typing import ClassVar

from opsdesk.kernel.events import DomainEvent


class _OrderEvent(DomainEvent):
    aggregate_type: ClassVar[str] = "order"

    order_id: int

    def aggregate_id(self) -> str:
        return str(self.order_id)


class OrderPlaced(_OrderEvent):
    """An order was accepted; ``status`` is allocated or backordered."""

    name: ClassVar[str] = "OrderPlaced"

    number: str
    channel: str
    customer_id: int | None
    status: str
    currency: str
    total_minor: int


class OrderStatusChanged(_OrderEvent):
    """The order moved through its state machine (after it was placed)."""

    name: ClassVar[str] = "OrderStatusChanged"

    number: str
    previous: str
    status: str
    actor: str


class OrderCancelled(_OrderEvent):
    """Some or all lines were cancelled and their stock released."""

    name: ClassVar[str] = "OrderCancelled"

    number: str
    reason: str
    actor: str
    order_line_ids: list[int]
    whole_order: bool
