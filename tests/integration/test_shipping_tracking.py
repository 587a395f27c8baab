from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import orders, shipping
from opsdesk.kernel.events import OutboxEvent
from opsdesk.shipping.models import TrackingEvent, UnmatchedTrackingUpdate
from tests.factories.fulfilment import (
    TUESDAY,
    FixedClock,
    order_status,
    shipped_order,
    timeline_summaries,
)
from tests.factories.orders import MUG, make_shop, place

IN_TRANSIT = shipping.ShipmentStatus.IN_TRANSIT
DELIVERED = shipping.ShipmentStatus.DELIVERED


def _scan(hours: int, status: shipping.ShipmentStatus | None, text: str, where: str = ""):  # type: ignore[no-untyped-def]
    return shipping.TrackingUpdate(TUESDAY + timedelta(hours=hours), status, text, where)


def _outbox_names(session: Session) -> list[str]:
    return list(session.scalars(sa.select(OutboxEvent.name).order_by(OutboxEvent.id)))


def test_scans_move_the_shipment_and_delivery_completes_the_order(session: Session) -> None:
    picking, shipment = shipped_order(session)
    number = shipment.tracking_number or ""
    outcome = shipping.apply_tracking_update(
        session, tracking_number=number, carrier="simulated", source="test",
        events=[_scan(30, DELIVERED, "Delivered", "Berlin"),
                _scan(6, IN_TRANSIT, "Arrived at sorting hub", "Hamburg hub")],
    )  # fmt: skip
    assert outcome.matched
    assert outcome.delivered
    assert outcome.new_events == 2
    assert shipment.status is DELIVERED
    assert shipment.delivered_at == TUESDAY + timedelta(hours=30)
    assert order_status(session, picking.order_id) is orders.OrderStatus.DELIVERED
    summaries = timeline_summaries(session, picking.order_id)
    assert "In transit — Hamburg hub" in summaries
    assert "Delivered" in summaries
    assert "ShipmentDelivered" in _outbox_names(session)


def test_a_resent_scan_is_stored_once(session: Session) -> None:
    _picking, shipment = shipped_order(session)
    scans = [_scan(6, IN_TRANSIT, "Arrived at sorting hub", "Hamburg hub")]
    kwargs: dict[str, Any] = {
        "tracking_number": shipment.tracking_number or "",
        "carrier": "simulated",
    }
    first = shipping.apply_tracking_update(session, events=scans, source="test", **kwargs)
    again = shipping.apply_tracking_update(session, events=scans * 2, source="test", **kwargs)
    assert (first.new_events, first.duplicate_events) == (1, 0)
    assert (again.new_events, again.duplicate_events) == (0, 2)
    stored = session.scalar(
        sa.select(sa.func.count()).where(TrackingEvent.shipment_id == shipment.id)
    )
    assert stored == 1


def test_an_unknown_tracking_number_is_kept_for_review(session: Session) -> None:
    outcome = shipping.apply_tracking_update(
        session, tracking_number="1Z999AA10123456784", carrier="UPS", source="easypost",
        events=[_scan(1, IN_TRANSIT, "Origin scan", "Louisville")],
    )  # fmt: skip
    session.commit()
    assert not outcome.matched
    row = session.get(UnmatchedTrackingUpdate, outcome.unmatched_id)
    assert row is not None
    assert (row.tracking_number, row.carrier) == ("1Z999AA10123456784", "UPS")
    assert row.payload["events"][0]["location"] == "Louisville"
    assert [u.id for u in shipping.unmatched_updates(session)] == [row.id]


def test_an_estimate_past_the_promise_marks_the_shipment_late(session: Session) -> None:
    picking, shipment = shipped_order(session)
    promised = shipment.promised_delivery_date
    assert promised is not None
    later = promised + timedelta(days=3)
    outcome = shipping.apply_tracking_update(
        session, tracking_number=shipment.tracking_number or "", carrier="simulated",
        source="test", events=[_scan(8, IN_TRANSIT, "Delayed: severe weather", "Leipzig hub")],
        estimated_delivery_date=later,
    )  # fmt: skip
    assert outcome.delayed
    assert shipping.is_shipment_late(shipment, today=TUESDAY.date())
    assert _outbox_names(session).count("ShipmentDelayed") == 1
    assert any("after the promised" in s for s in timeline_summaries(session, picking.order_id))


def test_a_damaged_parcel_raises_a_carrier_exception(session: Session) -> None:
    picking, shipment = shipped_order(session)
    shipping.apply_tracking_update(
        session, tracking_number=shipment.tracking_number or "", carrier="simulated",
        source="test",
        events=[_scan(9, shipping.ShipmentStatus.EXCEPTION, "Parcel damaged in transit")],
    )  # fmt: skip
    assert shipment.status is shipping.ShipmentStatus.EXCEPTION
    assert "ShipmentException" in _outbox_names(session)
    assert "Carrier exception: parcel damaged in transit" in timeline_summaries(
        session, picking.order_id
    )


def test_polling_the_simulated_carrier_follows_its_journey(session: Session) -> None:
    clock = FixedClock()
    carrier = shipping.SimulatedCarrier(seed=11, clock=clock)
    _picking, shipment = shipped_order(session, carrier=carrier)
    clock.now = TUESDAY + timedelta(days=21)
    outcome = shipping.refresh_tracking(session, shipment.id, carrier, now=clock.now)
    journey = carrier.journey(shipment.tracking_number or "")
    assert shipment.status is journey.outcome
    assert outcome.new_events == len(journey.events)
    assert shipping.refresh_tracking(session, shipment.id, carrier).new_events == 0


def test_placing_an_order_promises_the_carrier_estimate(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 1}, now=datetime(2026, 11, 17, 10, 0, tzinfo=UTC))
    # Berlin stock to a Berlin address: one day handling, two days standard transit.
    assert order.promised_delivery_date == date(2026, 11, 20)
