"""Pure parsing of EasyPost ``tracker.*`` events into carrier-neutral tracking values.

EasyPost statuses map onto OpsDesk's shipment statuses; ``unknown`` maps to nothing
(the event is kept in the history without moving the shipment's status).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from opsdesk.integrations.validation import validate
from opsdesk.kernel.errors import InvalidInput

TRACKER_EVENTS = frozenset({"tracker.created", "tracker.updated"})

# EasyPost tracker status → OpsDesk ShipmentStatus value.
STATUS_MAP: Mapping[str, str] = {
    "pre_transit": "label_created",
    "in_transit": "in_transit",
    "out_for_delivery": "out_for_delivery",
    "available_for_pickup": "out_for_delivery",
    "delivered": "delivered",
    "return_to_sender": "returned_to_sender",
    "failure": "exception",
    "error": "exception",
    "cancelled": "cancelled",
}


# Codes that say nothing beyond "the carrier sent something".
VAGUE_CODES = frozenset({"unknown", "status_update"})


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class LocationPayload(_Lenient):
    city: str | None = None
    state: str | None = None
    country: str | None = None
    zip: str | None = None


class DetailPayload(_Lenient):
    message: str | None = None
    description: str | None = None
    status: str = "unknown"
    status_detail: str | None = None
    datetime: datetime
    tracking_location: LocationPayload | None = None


class CarrierDetailPayload(_Lenient):
    est_delivery_date_local: date | None = None


class TrackerPayload(_Lenient):
    tracking_code: str = Field(min_length=1, max_length=64)
    carrier: str = ""
    status: str = "unknown"
    est_delivery_date: datetime | None = None
    tracking_details: list[DetailPayload] = Field(default_factory=list)
    carrier_detail: CarrierDetailPayload | None = None


class EventPayload(_Lenient):
    id: str = Field(min_length=1, max_length=120)
    description: str
    result: dict[str, Any] | None = None


@dataclass(frozen=True)
class TrackingDetail:
    occurred_at: datetime
    status: str | None
    description: str
    location: str
    code: str = ""  # the carrier's event code: ``status_detail``, else the detail's status


@dataclass(frozen=True)
class TrackerUpdate:
    tracking_number: str
    carrier: str
    status: str | None
    estimated_delivery_date: date | None
    details: tuple[TrackingDetail, ...]


@dataclass(frozen=True)
class TrackerEvent:
    event_id: str
    kind: str
    update: TrackerUpdate | None  # None for events that are not about a tracker


def parse_event(body: Mapping[str, Any]) -> TrackerEvent:
    event = validate(EventPayload, body, "EasyPost event")
    if event.description not in TRACKER_EVENTS:
        return TrackerEvent(event_id=event.id, kind=event.description, update=None)
    if event.result is None:
        raise InvalidInput("a tracker event needs its tracker in `result`")
    return TrackerEvent(
        event_id=event.id, kind=event.description, update=parse_tracker(event.result)
    )


def parse_tracker(body: Mapping[str, Any]) -> TrackerUpdate:
    tracker = validate(TrackerPayload, body, "EasyPost tracker")
    details = tuple(
        sorted((_detail(d) for d in tracker.tracking_details), key=lambda d: d.occurred_at)
    )
    return TrackerUpdate(
        tracking_number=tracker.tracking_code.strip(),
        carrier=tracker.carrier.strip()[:40],
        status=STATUS_MAP.get(tracker.status),
        estimated_delivery_date=_estimated_date(tracker),
        details=details,
    )


def format_location(location: LocationPayload | None) -> str:
    """``EDISON, NJ, US 08817``; empty when the carrier gave no place."""
    if location is None:
        return ""
    place = ", ".join(p.strip() for p in (location.city, location.state, location.country) if p)
    return " ".join(p for p in (place, (location.zip or "").strip()) if p)


def _detail(detail: DetailPayload) -> TrackingDetail:
    occurred = detail.datetime
    if occurred.tzinfo is None:  # EasyPost sends UTC; be explicit when the zone is dropped
        occurred = occurred.replace(tzinfo=UTC)
    return TrackingDetail(
        occurred_at=occurred.astimezone(UTC),
        status=STATUS_MAP.get(detail.status),
        description=(detail.message or detail.description or detail.status).strip()[:500],
        location=format_location(detail.tracking_location)[:200],
        code=event_code(detail),
    )


def event_code(detail: DetailPayload) -> str:
    """What happened, as a code the tracking page can say in any language: EasyPost's
    ``status_detail`` (``arrived_at_facility``), else the scan's ``status`` when the
    detail says nothing more (``unknown``, ``status_update``)."""
    for raw in (detail.status_detail, detail.status):
        code = (raw or "").strip().casefold()
        if code and code not in VAGUE_CODES and len(code) <= 64:
            return code
    return ""


def _estimated_date(tracker: TrackerPayload) -> date | None:
    # The carrier's local date is what the customer was told; the UTC stamp is a fallback.
    if tracker.carrier_detail and tracker.carrier_detail.est_delivery_date_local:
        return tracker.carrier_detail.est_delivery_date_local
    return tracker.est_delivery_date.date() if tracker.est_delivery_date else None
