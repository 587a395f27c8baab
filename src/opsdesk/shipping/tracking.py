"""Carrier tracking ingestion: one entry point for webhooks, polling and the simulator.

:func:`apply_tracking_update` is the stable contract carrier adapters call (the EasyPost
webhook, the simulated carrier's poller). It is idempotent: a carrier that resends a
scan changes nothing, and an unknown tracking number is recorded, never raised.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import orders
from opsdesk.kernel import events as domain_events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import Conflict, InvalidInput
from opsdesk.shipping import policy
from opsdesk.shipping.carriers.base import Carrier, TrackingUpdate, UnknownTrackingNumberError
from opsdesk.shipping.events import (
    ShipmentDelayed,
    ShipmentDelivered,
    ShipmentException,
    ShipmentOutForDelivery,
)
from opsdesk.shipping.models import (
    Shipment,
    ShipmentStatus,
    TrackingEvent,
    UnmatchedTrackingUpdate,
)
from opsdesk.shipping.service import get_shipment

UNKNOWN_TRACKING_NUMBER = "unknown tracking number"


@dataclass(frozen=True)
class TrackingOutcome:
    """What one update did. ``matched`` is False when no shipment has the number."""

    tracking_number: str
    matched: bool
    shipment_id: int | None = None
    order_id: int | None = None
    new_events: int = 0
    duplicate_events: int = 0
    status: ShipmentStatus | None = None
    estimated_delivery_date: date | None = None
    delivered: bool = False
    delayed: bool = False
    unmatched_id: int | None = None


@dataclass
class _Change:
    """What moved while applying one update; decides the events and timeline lines."""

    stored: list[TrackingUpdate]
    previous_status: ShipmentStatus
    previous_estimate: date | None


def apply_tracking_update(
    session: Session,
    *,
    tracking_number: str,
    carrier: str,
    events: Sequence[TrackingUpdate],
    status: ShipmentStatus | None = None,
    estimated_delivery_date: date | None = None,
    source: str,
    now: datetime | None = None,
) -> TrackingOutcome:
    """Apply a carrier's report on one parcel.

    - ``events``: scans in any order; each is stored once (by fingerprint).
    - ``status``: the carrier's overall status when it gives one; otherwise the newest
      stored scan with a status decides. Delivered, lost and returned are final.
    - ``estimated_delivery_date``: the carrier's current estimate, if it gives one.
    - ``source``: who reported it (``easypost``, ``simulated``, ``manual``), kept per scan.

    Writes order timeline entries, emits ShipmentOutForDelivery / ShipmentDelivered /
    ShipmentException / ShipmentDelayed, and marks the order delivered when its last parcel arrives.
    """
    at = now or utcnow()
    number = tracking_number.strip()
    if not number:
        raise InvalidInput("a tracking number is required", details={"field": "tracking_number"})
    shipment = session.scalar(
        sa.select(Shipment).where(Shipment.tracking_number == number).with_for_update()
    )
    if shipment is None:
        return _record_unmatched(
            session, number, carrier, events, status, estimated_delivery_date, source, at
        )
    change = _Change([], shipment.status, shipment.estimated_delivery_date)
    duplicates = _store_events(shipment, events, source, at, change)
    _move_status(shipment, status, change)
    if estimated_delivery_date is not None:
        shipment.estimated_delivery_date = estimated_delivery_date
    delayed = _react(session, shipment, change, source, at)
    return TrackingOutcome(
        tracking_number=number,
        matched=True,
        shipment_id=shipment.id,
        order_id=shipment.order_id,
        new_events=len(change.stored),
        duplicate_events=duplicates,
        status=shipment.status,
        estimated_delivery_date=shipment.estimated_delivery_date,
        delivered=shipment.status is ShipmentStatus.DELIVERED
        and change.previous_status is not ShipmentStatus.DELIVERED,
        delayed=delayed,
    )


def _record_unmatched(
    session: Session,
    number: str,
    carrier: str,
    updates: Sequence[TrackingUpdate],
    status: ShipmentStatus | None,
    estimate: date | None,
    source: str,
    at: datetime,
) -> TrackingOutcome:
    payload = {
        "source": source,
        "status": status.value if status else None,
        "estimated_delivery_date": estimate.isoformat() if estimate else None,
        "events": [
            {
                "occurred_at": u.occurred_at.isoformat(),
                "status": u.status.value if u.status else None,
                "description": u.description,
                "code": u.code,
                "location": u.location,
            }
            for u in updates
        ],
    }
    row = UnmatchedTrackingUpdate(
        tracking_number=number[:64],
        carrier=carrier[:40],
        reason=UNKNOWN_TRACKING_NUMBER,
        payload=payload,
        received_at=at,
    )
    session.add(row)
    session.flush()
    return TrackingOutcome(tracking_number=number, matched=False, unmatched_id=row.id)


def _store_events(
    shipment: Shipment,
    updates: Sequence[TrackingUpdate],
    source: str,
    at: datetime,
    change: _Change,
) -> int:
    """Append the scans not seen before; return how many were repeats."""
    known = {event.fingerprint for event in shipment.events}
    duplicates = 0
    for update in sorted(updates, key=lambda u: u.occurred_at):
        if update.occurred_at.tzinfo is None:
            raise InvalidInput("scan times must carry a time zone", details={"field": "events"})
        fingerprint = update.fingerprint()
        if fingerprint in known:
            duplicates += 1
            continue
        known.add(fingerprint)
        shipment.events.append(
            TrackingEvent(
                occurred_at=update.occurred_at,
                status=update.status,
                description=update.description[:500],
                code=update.code[:64],
                location=update.location[:200],
                source=source[:32],
                fingerprint=fingerprint,
                created_at=at,
            )
        )
        change.stored.append(update)
    return duplicates


def _move_status(shipment: Shipment, reported: ShipmentStatus | None, change: _Change) -> None:
    """Follow the carrier's status, else the newest scan; an older scan never rewinds it."""
    if not change.stored:
        shipment.status = policy.next_status(shipment.status, reported)
        return
    newest = change.stored[-1].occurred_at
    previous_last = shipment.last_event_at
    if previous_last is None or newest > previous_last:
        shipment.last_event_at = newest
    if reported is None:
        with_status = [u for u in change.stored if u.status is not None]
        fresh = with_status and (
            previous_last is None or with_status[-1].occurred_at >= previous_last
        )
        reported = with_status[-1].status if fresh else None
    shipment.status = policy.next_status(shipment.status, reported)


def _react(
    session: Session, shipment: Shipment, change: _Change, source: str, at: datetime
) -> bool:
    """Timeline lines, events and the order's delivery; returns whether it became late."""
    actor = f"carrier:{shipment.carrier}"
    for update in change.stored:
        _timeline_line(session, shipment, update, actor, source)
    moved = shipment.status is not change.previous_status
    if moved and shipment.status is ShipmentStatus.OUT_FOR_DELIVERY:
        reported = shipment.last_event_at or at
        domain_events.record(
            session,
            ShipmentOutForDelivery(
                shipment_id=shipment.id, order_id=shipment.order_id, reported_at=reported
            ),
            now=at,
        )
    if moved and shipment.status is ShipmentStatus.DELIVERED:
        _delivered(session, shipment, change, actor, at)
    problems = [u for u in change.stored if u.status in policy.PROBLEM_STATUSES]
    if problems or (moved and shipment.status in policy.PROBLEM_STATUSES):
        description = problems[-1].description if problems else shipment.status.value
        domain_events.record(
            session,
            ShipmentException(
                shipment_id=shipment.id,
                order_id=shipment.order_id,
                status=shipment.status.value,
                description=description,
            ),
            now=at,
        )
    return _check_delay(session, shipment, change, actor, at)


def _timeline_line(
    session: Session, shipment: Shipment, update: TrackingUpdate, actor: str, source: str
) -> None:
    summary = policy.timeline_summary(update)
    if summary is None:
        return
    orders.add_timeline_event(
        session,
        shipment.order_id,
        kind="shipment.tracking",
        summary=summary,
        actor=actor,
        data={
            "shipment_id": shipment.id,
            "tracking_number": shipment.tracking_number,
            "status": update.status.value if update.status else None,
            "source": source,
        },
        occurred_at=update.occurred_at,
    )


def _delivered(
    session: Session, shipment: Shipment, change: _Change, actor: str, at: datetime
) -> None:
    scans = [u for u in change.stored if u.status is ShipmentStatus.DELIVERED]
    shipment.delivered_at = scans[-1].occurred_at if scans else at
    late = policy.is_late(
        promised=shipment.promised_delivery_date,
        estimated=None,
        delivered_on=shipment.delivered_at.date(),
        today=at.date(),
    )
    domain_events.record(
        session,
        ShipmentDelivered(
            shipment_id=shipment.id,
            order_id=shipment.order_id,
            delivered_at=shipment.delivered_at,
            late=late,
        ),
        now=at,
    )
    _deliver_order_when_complete(session, shipment.order_id, actor)


def _deliver_order_when_complete(session: Session, order_id: int, actor: str) -> None:
    """The order is delivered once every parcel of a fully shipped order has arrived.

    A partly shipped order waits: its remaining units have not left the warehouse yet.
    """
    session.flush()
    pending = session.scalar(
        sa.select(sa.func.count())
        .select_from(Shipment)
        .where(Shipment.order_id == order_id, Shipment.status != ShipmentStatus.DELIVERED)
    )
    status = session.scalar(sa.select(orders.Order.status).where(orders.Order.id == order_id))
    if pending == 0 and status is orders.OrderStatus.SHIPPED:
        orders.mark_delivered(session, order_id, actor=actor, summary="Every parcel delivered")


def _check_delay(
    session: Session, shipment: Shipment, change: _Change, actor: str, at: datetime
) -> bool:
    promised, estimate = shipment.promised_delivery_date, shipment.estimated_delivery_date
    if promised is None or estimate is None:
        return False
    if not policy.became_delayed(promised, change.previous_estimate, estimate):
        return False
    orders.add_timeline_event(
        session,
        shipment.order_id,
        kind="shipment.delayed",
        summary=(
            f"Delivery now expected {policy.format_day(estimate)}, "
            f"after the promised {policy.format_day(promised)}"
        ),
        actor=actor,
        data={"shipment_id": shipment.id, "estimated_delivery_date": estimate.isoformat()},
        occurred_at=at,
    )
    domain_events.record(
        session,
        ShipmentDelayed(
            shipment_id=shipment.id,
            order_id=shipment.order_id,
            promised_delivery_date=promised,
            estimated_delivery_date=estimate,
        ),
        now=at,
    )
    return True


def refresh_tracking(
    session: Session, shipment_id: int, carrier: Carrier, *, now: datetime | None = None
) -> TrackingOutcome:
    """Poll ``carrier`` for one shipment and apply what it says (used with the simulator)."""
    shipment = get_shipment(session, shipment_id)
    if shipment.carrier != carrier.name or not shipment.tracking_number:
        raise Conflict(f"shipment {shipment_id} is not tracked by carrier {carrier.name!r}")
    try:
        info = carrier.track(shipment.tracking_number)
    except UnknownTrackingNumberError as exc:
        raise Conflict(f"{carrier.name} does not know {shipment.tracking_number}") from exc
    return apply_tracking_update(
        session,
        tracking_number=info.tracking_number,
        carrier=carrier.name,
        events=info.events,
        status=info.status,
        estimated_delivery_date=info.estimated_delivery_date,
        source=carrier.name,
        now=now,
    )
