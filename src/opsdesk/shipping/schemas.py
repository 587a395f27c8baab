"""HTTP shapes of shipments, their tracking and unmatched tracking updates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from opsdesk.shipping.models import Shipment, ShipmentStatus


class TrackingEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    occurred_at: datetime
    status: ShipmentStatus | None
    description: str
    code: str = Field(default="", description="The carrier's event code, e.g. arrived_at_facility.")
    location: str
    source: str


class ShipmentRead(BaseModel):
    id: int
    order_id: int
    fulfilment_id: int | None
    warehouse_id: int | None
    carrier: str
    service_level: str
    tracking_number: str | None
    tracking_url: str
    status: ShipmentStatus
    packages: list[dict[str, Any]]
    promised_delivery_date: date | None
    estimated_delivery_date: date | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    is_late: bool
    events: list[TrackingEventRead]

    @classmethod
    def of(cls, shipment: Shipment, *, is_late: bool) -> ShipmentRead:
        return cls(
            id=shipment.id,
            order_id=shipment.order_id,
            fulfilment_id=shipment.fulfilment_id,
            warehouse_id=shipment.warehouse_id,
            carrier=shipment.carrier,
            service_level=shipment.service_level,
            tracking_number=shipment.tracking_number,
            tracking_url=shipment.tracking_url,
            status=shipment.status,
            packages=shipment.packages,
            promised_delivery_date=shipment.promised_delivery_date,
            estimated_delivery_date=shipment.estimated_delivery_date,
            shipped_at=shipment.shipped_at,
            delivered_at=shipment.delivered_at,
            is_late=is_late,
            events=[TrackingEventRead.model_validate(e) for e in shipment.events],
        )


class UnmatchedTrackingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    tracking_number: str
    carrier: str
    reason: str
    payload: dict[str, Any]
    received_at: datetime


class TrackingOutcomeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    tracking_number: str
    matched: bool
    shipment_id: int | None
    order_id: int | None
    new_events: int
    duplicate_events: int
    status: ShipmentStatus | None
    estimated_delivery_date: date | None
    delivered: bool
    delayed: bool
    unmatched_id: int | None
