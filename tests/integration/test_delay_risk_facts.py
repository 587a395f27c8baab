"""The facts a risk scan reads per shipment: written at hand-over, rewritten when the
address changes, backfilled by the scan; and a rescan writes only what changed.

On SQLite the portable scan reads the four tables itself and the table stays empty.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import orders, proactive, shipping
from opsdesk.kernel.events import OutboxEvent
from opsdesk.orders.actions.rules import OrderActionRefused
from opsdesk.proactive.risk import facts, fast_read, fast_scan
from opsdesk.proactive.risk.evaluation import DEFAULT_ALERT_THRESHOLD
from opsdesk.proactive.risk.facts import ShipmentRiskFacts
from opsdesk.proactive.risk.scan import (
    active_disruptions,
    bucket,
    iter_scan,
    iter_scan_reference,
)
from opsdesk.proactive.risk.store import latest_model
from opsdesk.shipping.carriers.base import ServiceLevel
from tests.factories.customers import berlin_address
from tests.factories.fulfilment import TUESDAY, picking_order
from tests.integration.test_delay_risk_scan_fast import NOW, outcome, seed


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _facts(session: Session, shipment_id: int) -> ShipmentRiskFacts | None:
    session.expire_all()
    return session.get(ShipmentRiskFacts, shipment_id)


def _ship(session: Session, order_id: int, grams: list[int], warehouse: int) -> int:
    shipment = shipping.create_shipment(
        session, order_id=order_id, carrier=shipping.default_carriers()["GLS"],
        service_level=ServiceLevel.STANDARD, packages=[shipping.Package(g) for g in grams],
        actor="t", warehouse_id=warehouse, now=TUESDAY,
    )  # fmt: skip
    return shipment.id


def test_a_shipment_handed_over_gets_its_facts_at_once(session: Session) -> None:
    picking = picking_order(session, mugs=3)
    shipment_id = _ship(session, picking.order_id, [400, 250], picking.shop.berlin)

    found = _facts(session, shipment_id)
    if not _postgres(session):
        assert found is None
        return
    assert found is not None
    order = session.get(orders.Order, picking.order_id)
    assert order is not None
    assert (found.weight_g, found.items, found.postal_prefix, found.postal_other) == (
        650.0, 3, "101", None)  # fmt: skip
    assert (found.subtotal_minor, found.ship_country, found.origin_country) == (
        order.subtotal_minor, "DE", "DE")  # fmt: skip
    assert found.placed == round(order.placed_at.timestamp() * 1_000_000)


def test_a_new_address_rewrites_the_facts_of_the_orders_shipments(session: Session) -> None:
    picking = picking_order(session, mugs=2)
    shipment_id = _ship(session, picking.order_id, [900], picking.shop.berlin)
    munich = berlin_address(city="München", region="BY", postal_code="80331")
    try:
        orders.update_shipping_address(
            session, picking.order_id, orders.ShippingAddress.model_validate(munich),
            actor="agent:Ana", now=TUESDAY,
        )  # fmt: skip
    except OrderActionRefused:  # pragma: no cover - the order's state forbids it
        raise AssertionError("a picked order takes a new address") from None

    found = _facts(session, shipment_id)
    if _postgres(session):
        assert found is not None
        assert (found.postal_prefix, found.weight_g) == ("803", 900.0)
    else:
        assert found is None


def test_the_scan_backfills_missing_facts_and_uses_those_written_since(
    session: Session,
) -> None:
    """A store filled behind the services' back has no facts: the first scan writes
    them; an address changed since is read from the rewritten facts, as the reference
    reads it from the order."""
    seed(session, n=60)
    list(iter_scan(session, NOW))
    in_flight = {r.shipment_id for batch in iter_scan_reference(session, NOW) for r in batch}
    written = set(session.scalars(sa.select(ShipmentRiskFacts.shipment_id)))
    assert written == (in_flight if _postgres(session) else set())

    first = session.scalars(sa.select(shipping.Shipment).order_by(shipping.Shipment.id)).first()
    assert first is not None
    order = session.get(orders.Order, first.order_id)
    assert order is not None
    order.ship_postal_code = "99999-000"
    facts.write_for(session, order_id=order.id)
    later = NOW + timedelta(hours=6)
    ours = _scan_twice(session, iter_scan, later)
    theirs = _scan_twice(session, iter_scan_reference, later)
    assert ours == theirs


def _scan_twice(session: Session, scan: Any, later: Any) -> Any:
    session.execute(sa.delete(proactive.ShipmentRiskRecord))
    session.execute(sa.delete(OutboxEvent))
    list(scan(session, NOW))
    list(scan(session, later))
    return outcome(session)


def _stored(session: Session) -> dict[int, tuple[Any, ...]]:
    record = proactive.ShipmentRiskRecord
    query = sa.select(record.shipment_id, record.probability, record.at_risk, record.reasons,
                      record.scored_at)  # fmt: skip
    session.expire_all()
    return {row[0]: tuple(row[1:]) for row in session.execute(query)}


def test_a_rescan_rewrites_only_the_scores_that_changed(session: Session) -> None:
    seed(session, n=120)
    list(iter_scan(session, NOW))
    before = _stored(session)
    later = NOW + timedelta(hours=1)

    risks = [r for batch in iter_scan(session, later) for r in batch]

    after = _stored(session)
    kept = 0
    for risk in risks:
        probability, at_risk, reasons, _at = before[risk.shipment_id]
        same = (bucket(probability), at_risk, reasons) == (
            bucket(risk.probability), risk.at_risk, risk.reasons)  # fmt: skip
        kept += same
        assert after[risk.shipment_id] == (
            before[risk.shipment_id] if same
            else (risk.probability, risk.at_risk, risk.reasons, later)
        )  # fmt: skip
    assert 0 < kept < len(risks)


def test_a_rescan_of_the_same_moment_knows_every_row_unchanged_before_writing(
    session: Session,
) -> None:
    """The array path tells unchanged rows from what it read (PostgreSQL's hash of the
    stored reasons included, non-ASCII arrows and all), so it sends nothing to write."""
    if not _postgres(session):
        pytest.skip("the array path is PostgreSQL's")
    seed(session, n=120)
    list(iter_scan(session, NOW))
    model_id, model = latest_model(session)

    batch = fast_read.read_batch(session, after_id=0, limit=1_000)
    scored = fast_scan.score_batch(
        batch, model, active_disruptions(session, NOW), NOW, DEFAULT_ALERT_THRESHOLD
    )

    assert len(batch) == 96
    assert any("→" in r for rows in scored.reasons.lists for r in rows)
    assert fast_scan.unchanged(session, scored, model_id).all()
    assert not fast_scan.unchanged(session, scored, (model_id or 0) + 1).any()
