"""The risk scan against a real database: stored scores, disruptions, crossing events."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import orders, proactive, shipping
from opsdesk.kernel.events import OutboxEvent

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def make_parcel(session: Session, number: str, *, origin: str, destination: str,
                promised: date, handed_days_ago: float = 1.0) -> int:  # fmt: skip
    order = orders.Order(number=number, currency="BRL", subtotal_minor=9_000, shipping_minor=1_500,
                         ship_country="BR", ship_region=destination, status=orders.OrderStatus.SHIPPED,
                         placed_at=NOW - timedelta(days=3))  # fmt: skip
    session.add(order)
    session.flush()
    handed = NOW - timedelta(days=handed_days_ago)
    parcel = shipping.Shipment(order_id=order.id, carrier="simulated", service_level="standard",
                               status=shipping.ShipmentStatus.IN_TRANSIT, origin_region=origin,
                               destination_region=destination, packages=[{"weight_g": 800}],
                               promised_delivery_date=promised, shipped_at=handed,
                               last_event_at=handed)  # fmt: skip
    session.add(parcel)
    session.flush()
    return parcel.id


def stored(session: Session) -> dict[int, proactive.ShipmentRiskRecord]:
    rows = session.scalars(sa.select(proactive.ShipmentRiskRecord))
    return {r.shipment_id: r for r in rows}


def at_risk_events(session: Session) -> list[OutboxEvent]:
    return list(session.scalars(sa.select(OutboxEvent).where(OutboxEvent.name == "ShipmentAtRisk")))


def test_a_scan_stores_one_score_per_in_flight_shipment(session: Session) -> None:
    calm = make_parcel(session, "R-1", origin="SP", destination="SP", promised=date(2026, 12, 4))
    tight = make_parcel(
        session,
        "R-2",
        origin="SP",
        destination="AM",
        promised=date(2026, 11, 21),
        handed_days_ago=4,
    )
    session.commit()

    first = proactive.scan_in_flight(session, NOW)
    second = proactive.scan_in_flight(session, NOW + timedelta(hours=1))
    session.commit()

    assert {r.shipment_id for r in first} == {calm, tight}
    rows = stored(session)
    assert set(rows) == {calm, tight}
    assert rows[tight].probability > rows[calm].probability
    # An hour later nothing an agent sees of the calm parcel moved: its row is not
    # rewritten, ``scored_at`` says when its score last changed.
    assert rows[calm].scored_at == NOW
    assert [r.scored_at for r in second] == [NOW + timedelta(hours=1)] * 2
    assert rows[tight].reasons
    assert all(isinstance(r, str) for r in rows[tight].reasons)
    assert len(second) == 2


def test_a_declared_disruption_raises_only_the_shipments_it_touches(session: Session) -> None:
    touched = make_parcel(
        session, "D-1", origin="SP", destination="AM", promised=date(2026, 11, 27)
    )
    spared = make_parcel(session, "D-2", origin="RJ", destination="MG", promised=date(2026, 11, 27))
    proactive.scan_in_flight(session, NOW)
    before = {k: v.probability for k, v in stored(session).items()}
    session.commit()

    outcome = proactive.declare_disruption(
        session,
        proactive.DisruptionCreate(
            kind="hub_closure",
            severity="high",
            region="am",
            starts_at=NOW - timedelta(hours=1),
            ends_at=NOW + timedelta(days=5),
            note="sorting centre closed",
        ),
        actor="operations:ana",
        now=NOW,
    )
    session.commit()

    after = stored(session)
    assert outcome.rescored == 1
    assert outcome.disruption.region == "AM"
    assert after[touched].probability > before[touched] + 0.2
    assert after[touched].reasons[0].startswith("hub closed in region AM")
    assert after[spared].probability == before[spared]
    assert after[spared].scored_at == NOW


def test_crossing_the_threshold_is_announced_once_per_crossing(session: Session) -> None:
    parcel = make_parcel(session, "X-1", origin="SP", destination="AM", promised=date(2026, 11, 27))
    create = proactive.DisruptionCreate(kind="strike", severity="high", carrier="simulated",
                                        starts_at=NOW, ends_at=NOW + timedelta(days=3))  # fmt: skip
    outcome = proactive.declare_disruption(session, create, actor="operations:ana", now=NOW)
    proactive.scan_in_flight(session, NOW + timedelta(minutes=15))
    session.commit()

    events = at_risk_events(session)
    assert [e.aggregate_id for e in events] == [str(parcel)]
    assert events[0].payload["probability"] >= proactive.DEFAULT_ALERT_THRESHOLD
    assert stored(session)[parcel].at_risk_since == NOW

    ended = proactive.DisruptionUpdate(ends_at=NOW + timedelta(minutes=20))
    proactive.update_disruption(
        session, outcome.disruption.id, ended, actor="admin:bo", now=NOW + timedelta(minutes=20)
    )
    assert not stored(session)[parcel].at_risk
    proactive.declare_disruption(session, create.model_copy(update={"starts_at": NOW + timedelta(minutes=30)}),
                                 actor="operations:ana", now=NOW + timedelta(minutes=30))  # fmt: skip
    session.commit()
    assert len(at_risk_events(session)) == 2


def test_delivered_shipments_are_not_scanned(session: Session) -> None:
    parcel = make_parcel(session, "F-1", origin="SP", destination="SP", promised=date(2026, 11, 25))
    session.get(shipping.Shipment, parcel).status = shipping.ShipmentStatus.DELIVERED  # type: ignore[union-attr]
    session.flush()
    assert proactive.scan_in_flight(session, NOW) == []


def test_retraining_on_the_store_s_deliveries_stores_a_model(session: Session) -> None:
    for i in range(80):
        parcel = make_parcel(session, f"H-{i}", origin="SP", destination="AM" if i % 2 else "SP",
                             promised=date(2026, 11, 10), handed_days_ago=18)  # fmt: skip
        row = session.get(shipping.Shipment, parcel)
        assert row is not None
        row.status = shipping.ShipmentStatus.DELIVERED
        row.delivered_at = NOW - timedelta(days=18 - (3 if i % 2 == 0 else 9 + i % 3))
    session.flush()

    record = proactive.retrain(session, NOW)
    model_id, model = proactive.latest_model(session)

    assert record is not None
    assert model_id == record.id
    assert record.trained_rows == 80
    assert 0.3 < record.late_share < 0.7
    assert model.trained_rows == 80
