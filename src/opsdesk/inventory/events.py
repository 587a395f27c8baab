"""Events the inventory module records (in the caller's transaction, via the outbox)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import BaseModel

from opsdesk.kernel.events import DomainEvent


class ReservedUnits(BaseModel):
    order_line_id: int
    variant_id: int
    warehouse_id: int
    quantity: int


class WaitingUnits(BaseModel):
    order_line_id: int
    variant_id: int
    quantity: int
    promised_date: date


class _OrderStockEvent(DomainEvent):
    aggregate_type: ClassVar[str] = "order"
    order_id: int

    def aggregate_id(self) -> str:
        return str(self.order_id)


class StockReserved(_OrderStockEvent):
    """Stock was set aside in warehouses for an order's lines."""

    name: ClassVar[str] = "StockReserved"
    reservations: list[ReservedUnits]


class StockBackordered(_OrderStockEvent):
    """Part of an order waits for incoming stock, promised by a date."""

    name: ClassVar[str] = "StockBackordered"
    waiting: list[WaitingUnits]


class StockReleased(_OrderStockEvent):
    """Reserved or waiting units of an order were given back (e.g. cancellation)."""

    name: ClassVar[str] = "StockReleased"
    reason: str
    order_line_ids: list[int]
    quantity: int


class StockPicked(_OrderStockEvent):
    """Reserved units of an order were taken off the shelves of one warehouse."""

    name: ClassVar[str] = "StockPicked"
    warehouse_id: int
    quantity: int


class BackorderFilled(_OrderStockEvent):
    """Arriving stock now holds (part of) a waiting order line in a warehouse.

    ``remaining_quantity`` is what the line still waits for; 0 means the line is whole.
    """

    name: ClassVar[str] = "BackorderFilled"
    order_line_id: int
    warehouse_id: int
    quantity: int
    remaining_quantity: int = 0


class StockAdjusted(DomainEvent):
    """On-hand stock changed outside orders: a count, a return to stock or a write-off."""

    name: ClassVar[str] = "StockAdjusted"
    aggregate_type: ClassVar[str] = "variant"
    variant_id: int
    sku: str
    warehouse_id: int
    kind: str
    on_hand_delta: int
    on_hand: int
    reason: str

    def aggregate_id(self) -> str:
        return str(self.variant_id)


class PurchaseOrderReceived(DomainEvent):
    """Goods of a purchase order arrived (fully or in part) in its warehouse."""

    name: ClassVar[str] = "PurchaseOrderReceived"
    aggregate_type: ClassVar[str] = "purchase_order"
    purchase_order_id: int
    warehouse_id: int
    status: str
    received: dict[str, int]

    def aggregate_id(self) -> str:
        return str(self.purchase_order_id)
