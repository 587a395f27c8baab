"""Events the fulfilment module records in the outbox (see docs/architecture.md)."""

from __future__ import annotations

from typing import ClassVar

from opsdesk.kernel.events import DomainEvent


class PickListCreated(DomainEvent):
    name: ClassVar[str] = "PickListCreated"
    aggregate_type: ClassVar[str] = "pick_list"

    pick_list_id: int
    warehouse_id: int
    fulfilment_ids: list[int]

    def aggregate_id(self) -> str:
        return str(self.pick_list_id)


class _FulfilmentEvent(DomainEvent):
    aggregate_type: ClassVar[str] = "fulfilment"

    fulfilment_id: int
    order_id: int
    warehouse_id: int

    def aggregate_id(self) -> str:
        return str(self.fulfilment_id)


class FulfilmentPacked(_FulfilmentEvent):
    """Every line was scanned into the parcel and the stock left the shelf."""

    name: ClassVar[str] = "FulfilmentPacked"

    packer: str


class FulfilmentErrorRecorded(_FulfilmentEvent):
    """A wrong or excess scan was refused, or a packer reported a missing/damaged item."""

    name: ClassVar[str] = "FulfilmentErrorRecorded"

    error_id: int
    kind: str
    sku: str
    packer: str


class FulfilmentShipped(_FulfilmentEvent):
    name: ClassVar[str] = "FulfilmentShipped"

    shipment_id: int
    tracking_number: str
