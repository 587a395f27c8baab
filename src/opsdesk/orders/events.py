"""Events the orders module records in the outbox (see docs/architecture.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from opsdesk.kernel.events import DomainEvent


class _OrderEvent(DomainEvent):
    aggregate_type: ClassVar[str] = "order"

    order_id: int

    def aggregate_id(self) -> str:
        return str(self.order_id)


class ShipsFrom(BaseModel):
    """Where units of a new order leave from: a warehouse now, or (``ready_on``) a purchase
    order awaited without a warehouse yet."""

    model_config = ConfigDict(frozen=True)

    warehouse_id: int | None
    region: str = ""
    country: str = ""
    ready_on: date | None = None


class OrderPlaced(_OrderEvent):
    """An order was accepted; ``status`` is allocated or backordered.

    ``ships_from`` lists the holding warehouses and awaited dates, so that in-transaction
    subscribers (the delivery promise) need not read the reservations just written.
    """

    name: ClassVar[str] = "OrderPlaced"

    number: str
    channel: str
    customer_id: int | None
    status: str
    currency: str
    total_minor: int
    ships_from: tuple[ShipsFrom, ...] = ()


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


class OrderAddressChanged(_OrderEvent):
    """The shipping address changed before anything shipped (only towns, not streets, here).

    Shipping subscribes in-transaction to re-check the promised delivery date.
    """

    name: ClassVar[str] = "OrderAddressChanged"

    number: str
    actor: str
    reason: str
    previous_city: str
    previous_postal_code: str
    previous_country: str
    city: str
    postal_code: str
    country: str
    occurred_at: datetime


class OrderShippingUpgraded(_OrderEvent):
    """A faster service level was booked before anything shipped.

    Shipping subscribes in-transaction to promise the (earlier) delivery date.
    """

    name: ClassVar[str] = "OrderShippingUpgraded"

    number: str
    actor: str
    reason: str
    previous: str
    service_level: str
    charge_minor: int
    currency: str
    occurred_at: datetime


class OrderReshipped(_OrderEvent):
    """A replacement order was placed for shipped units that were lost, damaged or wrong."""

    name: ClassVar[str] = "OrderReshipped"

    number: str
    actor: str
    reason: str
    replacement_order_id: int
    replacement_number: str
    quantities: dict[int, int]  # original order line id → units sent again
