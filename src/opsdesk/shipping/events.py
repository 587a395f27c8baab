"""Events the shipping module records in the outbox (see docs/architecture.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from opsdesk.kernel.events import DomainEvent


class _ShipmentEvent(DomainEvent):
    aggregate_type: ClassVar[str] = "shipment"

    shipment_id: int
    order_id: int

    def aggregate_id(self) -> str:
        return str(self.shipment_id)


class ShipmentCreated(_ShipmentEvent):
    """A label was bought and the parcel handed to a carrier."""

    name: ClassVar[str] = "ShipmentCreated"

    carrier: str
    service_level: str
    tracking_number: str
    tracking_url: str
    promised_delivery_date: date | None
    estimated_delivery_date: date | None


class ShipmentDelivered(_ShipmentEvent):
    name: ClassVar[str] = "ShipmentDelivered"

    delivered_at: datetime
    late: bool


class ShipmentOutForDelivery(_ShipmentEvent):
    """The carrier reported the parcel on its last leg: it should arrive today."""

    name: ClassVar[str] = "ShipmentOutForDelivery"

    reported_at: datetime


class ShipmentException(_ShipmentEvent):
    """The carrier reported a problem: damaged, lost, returned to sender, failed attempt."""

    name: ClassVar[str] = "ShipmentException"

    status: str
    description: str


class ShipmentDelayed(_ShipmentEvent):
    """The carrier's estimate moved past the date promised to the customer."""

    name: ClassVar[str] = "ShipmentDelayed"

    promised_delivery_date: date
    estimated_delivery_date: date
