"""Disruptions on both databases: the preview writes nothing yet tells what declaring would
send, and a disruption names only regions and carriers the store knows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import notifications, proactive, promotions, shipping
from opsdesk.config import Settings
from opsdesk.kernel.errors import InvalidInput
from opsdesk.kernel.events import OutboxEvent
from opsdesk.proactive.rules import subjects as subj
from opsdesk.proactive.rules.models import Outcome, RuleEvaluation
from opsdesk.proactive.rules.triggers import Trigger
from opsdesk.registry import load_models
from tests.factories.fulfilment import shipped_order
from tests.factories.inventory import make_warehouse
from tests.factories.tracking import THURSDAY, WEDNESDAY
from tests.support.relay import relay_all
from tests.support.smtp import Inbox

ACTOR = "operations:ana"
HUB_CLOSED = proactive.DisruptionCreate(
    kind="hub_closure", severity="high", region="be", starts_at=THURSDAY - timedelta(hours=3),
    ends_at=THURSDAY + timedelta(days=2), note="Berlin hub closed",
)  # fmt: skip


def storm(**changes: object) -> proactive.DisruptionCreate:
    return proactive.DisruptionCreate.model_validate(HUB_CLOSED.model_dump() | changes)


def rows(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory() as session:
        return {
            table.name: int(session.scalar(sa.select(sa.func.count()).select_from(table)) or 0)
            for table in load_models().sorted_tables
        }


def risks(factory: sessionmaker[Session]) -> list[tuple[Any, ...]]:
    r = proactive.ShipmentRiskRecord
    with factory() as session:
        query = sa.select(r.shipment_id, r.probability, r.at_risk, r.reasons, r.scored_at)
        return [tuple(row) for row in session.execute(query.order_by(r.shipment_id))]


def calm_parcel(factory: sessionmaker[Session]) -> shipping.Shipment:
    """Two mugs on the road to Berlin, scored calm on Wednesday; the built-in rules on."""
    with factory() as session, session.begin():
        proactive.seed_builtin_rules(session, currency="EUR", now=WEDNESDAY)
        _picking, shipment = shipped_order(session)
        session.add(proactive.ShipmentRiskRecord(
            shipment_id=shipment.id, order_id=shipment.order_id, probability=0.1, at_risk=False,
            reasons=["on track"], scored_at=WEDNESDAY,
        ))  # fmt: skip
        session.expunge(shipment)
        return shipment


def test_a_preview_writes_nothing_yet_tells_what_declaring_would_send(
    session_factory: sessionmaker[Session], smtp: tuple[Settings, Inbox]
) -> None:
    settings, _inbox = smtp
    parcel = calm_parcel(session_factory)
    relay_all(session_factory, settings)  # the order's own messages (placed, shipped) go first
    before, scores = rows(session_factory), risks(session_factory)

    with session_factory() as session, session.begin():
        preview = proactive.preview_disruption(
            session, settings, HUB_CLOSED, actor=ACTOR, now=THURSDAY
        )

    assert rows(session_factory) == before  # no disruption, audit row, outbox event …
    assert risks(session_factory) == scores  # … nor a rescored risk survives
    assert (preview.region, preview.in_reach, preview.rescored) == ("BE", 1, 1)
    counted = preview.model_dump(include={"newly_at_risk", "customers", "messages", "codes"})
    assert counted == {"newly_at_risk": 1, "customers": 1, "messages": 1, "codes": 1}
    (shipment,) = preview.shipments
    assert (shipment.shipment_id, shipment.before, shipment.newly_at_risk) == (parcel.id, 0.1, True)
    assert shipment.reasons[0].startswith("hub closed in region BE")
    (notice,) = preview.notices
    assert notice.message_types == ["delay_notice"]
    assert (notice.remedy, notice.remedy_minor, notice.currency) == ("shipping_upgrade", 490, "EUR")
    assert notice.customer_id is not None

    with session_factory() as session, session.begin():
        proactive.declare_disruption(session, HUB_CLOSED, actor=ACTOR, now=THURSDAY)
    relay_all(session_factory, settings)
    with session_factory() as session:
        e, m, c = RuleEvaluation, notifications.Message, promotions.DiscountCode
        fired = session.scalars(sa.select(e).where(e.outcome == Outcome.FIRED)).all()
        sent = session.scalars(sa.select(m).where(m.message_type == "delay_notice")).all()
        codes = session.scalar(sa.select(sa.func.count()).select_from(c)) or 0
    assert [(f.order_id, f.customer_id, f.cost_minor) for f in fired] == [
        (notice.order_id, notice.customer_id, 490)
    ]
    assert [s.customer_id for s in sent] == [notice.customer_id]
    assert codes == preview.codes


def test_previewing_a_change_writes_nothing(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    calm_parcel(session_factory)
    low = storm(severity="low")
    with session_factory() as session, session.begin():
        declared = proactive.declare_disruption(session, low, actor=ACTOR, now=THURSDAY)
        disruption_id = declared.disruption.id
    before, scores = rows(session_factory), risks(session_factory)

    with session_factory() as session, session.begin():
        change = proactive.DisruptionUpdate(severity="high", ends_at=THURSDAY + timedelta(days=4))
        stored = proactive.Disruption
        assert proactive.disruption_widens(session.get_one(stored, disruption_id), change)
        preview = proactive.preview_disruption_update(
            session, settings, disruption_id, change, actor=ACTOR, now=THURSDAY
        )
        assert session.get_one(stored, disruption_id).severity == "low"  # read again, as stored

    assert preview.rescored == 1
    assert preview.shipments[0].after >= preview.shipments[0].before  # type: ignore[operator]
    assert rows(session_factory) == before
    assert risks(session_factory) == scores
    with session_factory() as session:
        kept = session.get_one(proactive.Disruption, disruption_id)
        assert (kept.severity, kept.ends_at) == ("low", low.ends_at)


def test_regions_and_carriers_are_the_stores_own_with_what_is_known_of_them(
    session: Session,
) -> None:
    shipped_order(session)
    make_warehouse(session, "DUB", name="Dublin", region="eu-west", country="IE")

    places = proactive.disruption_places(session, ["DHL", "simulated"])

    assert [(r.code, r.label) for r in places.regions] == [
        ("BE", "warehouse Berlin · parcels to DE"),
        ("eu-west", "warehouse Dublin"),
        ("HH", "warehouse Hamburg Warehouse"),
    ]
    assert places.carriers == ("DHL", "simulated")


def test_an_unknown_region_or_carrier_is_refused_naming_the_known_ones(session: Session) -> None:
    shipped_order(session)
    make_warehouse(session, "DUB", name="Dublin", region="eu-west", country="IE")
    unknown = storm(region="IE", carrier="hermes")

    with pytest.raises(InvalidInput) as refused:
        proactive.declare_disruption(session, unknown, actor=ACTOR, now=THURSDAY)

    errors = refused.value.details["errors"]
    assert [e["field"] for e in errors] == ["region", "carrier"]
    assert errors[0]["reason"] == "unknown region 'IE'; known regions: BE, eu-west, HH"
    assert errors[1]["reason"].startswith("unknown carrier 'hermes'; known carriers: ")
    assert "DPD" in errors[1]["reason"]
    assert refused.value.details["known_regions"] == ["BE", "eu-west", "HH"]
    assert session.scalar(sa.select(sa.func.count()).select_from(proactive.Disruption)) == 0


def test_a_known_region_in_any_case_is_stored_as_the_store_spells_it(session: Session) -> None:
    _picking, parcel = shipped_order(session)
    make_warehouse(session, "DUB", name="Dublin", region="eu-west", country="IE")
    spelled = storm(region="EU-West ", carrier="SIMULATED")

    outcome = proactive.declare_disruption(session, spelled, actor=ACTOR, now=THURSDAY)

    assert (outcome.disruption.region, outcome.disruption.carrier) == ("eu-west", "simulated")
    (declared,) = proactive.disruptions.history(session, outcome.disruption.id)
    assert declared.changes["region"] == "eu-west"
    assert outcome.rescored == 0  # nothing travels from or to eu-west
    be = proactive.declare_disruption(session, HUB_CLOSED, actor=ACTOR, now=THURSDAY)
    assert (be.disruption.region, be.rescored) == ("BE", 1)
    assert parcel.id in {r.shipment_id for r in proactive.at_risk_shipments(session)}


def test_a_change_keeps_a_region_nothing_travels_to_any_more_but_not_a_new_unknown_one(
    session: Session,
) -> None:
    _picking, parcel = shipped_order(session)
    parcel.destination_region = "AM"  # only this parcel makes AM a region the store knows
    session.flush()
    to_am = storm(region="am")
    disruption = proactive.declare_disruption(session, to_am, actor=ACTOR, now=THURSDAY).disruption
    parcel.status, parcel.delivered_at = shipping.ShipmentStatus.DELIVERED, THURSDAY
    session.flush()

    raised = proactive.DisruptionUpdate(region="AM", severity="medium")
    proactive.update_disruption(session, disruption.id, raised, actor=ACTOR, now=THURSDAY)
    assert (disruption.region, disruption.severity) == ("AM", "medium")
    moved = proactive.DisruptionUpdate(region="RJ")
    with pytest.raises(InvalidInput, match="unknown region 'RJ'"):
        proactive.update_disruption(session, disruption.id, moved, actor=ACTOR, now=THURSDAY)
    history = proactive.disruptions.history(session, disruption.id)
    assert [h.changes for h in history][1:] == [{"severity": {"from": "high", "to": "medium"}}]


def test_the_outbox_is_untouched_by_a_refused_preview(session: Session, settings: Settings) -> None:
    shipped_order(session)
    session.commit()
    before = session.scalar(sa.select(sa.func.count()).select_from(OutboxEvent))
    backwards = storm(ends_at=datetime(2026, 11, 1, tzinfo=UTC))
    with pytest.raises(InvalidInput, match="must end after it starts"):
        proactive.preview_disruption(session, settings, backwards, actor=ACTOR, now=THURSDAY)
    session.commit()
    assert session.scalar(sa.select(sa.func.count()).select_from(OutboxEvent)) == before
    assert session.scalar(sa.select(sa.func.count()).select_from(proactive.Disruption)) == 0


def test_a_delay_notice_blames_a_disruption_whatever_the_case_it_was_stored_in(
    session: Session,
) -> None:
    _picking, parcel = shipped_order(session)  # from and to region "BE"
    # stored in another case than the parcel's, as disruptions were before this spelling
    session.add(
        proactive.Disruption(
            kind=proactive.DisruptionKind.HUB_CLOSURE,
            severity=proactive.Severity.HIGH,
            region="be",
            carrier="SIMULATED",
            starts_at=THURSDAY - timedelta(hours=1),
            ends_at=HUB_CLOSED.ends_at,
            created_by=ACTOR,
            updated_by=ACTOR,
        )
    )
    session.flush()

    (subject,) = subj.shipment_subjects(session, Trigger.SHIPMENT_AT_RISK, [parcel.id], THURSDAY)

    assert subject.detail["reason"] == "hub_closure"
