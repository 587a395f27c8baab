"""The scan stores exactly what the portable reference scan stores, on every backend.

PostgreSQL takes the array path (``fast_scan``); elsewhere ``iter_scan`` is the
reference itself. Two scans a day apart cover inserts, updates, crossings in both
directions and ``at_risk_since`` kept or cleared.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import inventory, orders, proactive, shipping
from opsdesk.kernel.events import OutboxEvent
from opsdesk.proactive.models import Disruption, DisruptionKind, Severity
from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk.scan import ScanScope, iter_scan, iter_scan_reference
from opsdesk.proactive.risk.store import save_model
from tests.unit.test_delay_risk_scan_fast_explain import varied_facts

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
STATUSES = ["in_transit", "out_for_delivery", "exception", "label_created", "delivered"]
POSTAL = ["01310-100", "69.005-040", "sw1a 1aa", "ÅB-12", "", "7", "ab"]
PACKAGES: list[Any] = [[{"weight_g": 800}], [{"weight_g": 300}, {"weight_g": 450.5}],
                       [{"sku": "x"}], [], [{"weight_g": None}, 3], {"weight_g": 5}]  # fmt: skip


def _at(moment: float) -> datetime:
    return datetime.fromtimestamp(float(moment), tz=UTC)


def seed(session: Session, n: int = 300) -> None:
    """``n`` varied parcels (lanes, statuses, packages, postal codes, lines) + a model."""
    rng = np.random.default_rng(23)
    history = varied_facts(rng, 2_000, now=NOW.timestamp() - 40 * f.DAY)
    transit = rng.gamma(3.0, np.where(history.lane_class == "same_region", 2.0, 6.0) / 3) * f.DAY
    save_model(session, proactive.RiskModel.fit(proactive.History(history, history.handed_over_at + transit)), now=NOW)  # fmt: skip
    house = inventory.Warehouse(code="W1", name="Main", country="BR", region="SP")
    session.add(house)
    session.flush()
    facts = varied_facts(rng, n, now=NOW.timestamp())
    for i in range(n):
        order = orders.Order(number=f"F-{i}", currency="BRL", ship_country="BR",
                             subtotal_minor=int(facts.order_value[i] * 100),
                             shipping_minor=int(facts.freight_value[i] * 100),
                             ship_postal_code=POSTAL[i % len(POSTAL)],
                             placed_at=_at(facts.placed_at[i]), status=orders.OrderStatus.SHIPPED)  # fmt: skip
        session.add(order)
        session.flush()
        for line in range(i % 3):
            session.add(orders.OrderLine(order_id=order.id, line_no=line + 1, sku="S",
                                         quantity=line + 1, unit_price_minor=100))  # fmt: skip
        quiet = rng.random() < 0.2
        session.add(
            shipping.Shipment(order_id=order.id, carrier=str(facts.carrier[i]),
                              service_level=str(facts.service_level[i]),
                              warehouse_id=house.id if i % 4 else None,
                              status=shipping.ShipmentStatus(STATUSES[i % len(STATUSES)]),
                              origin_region=str(facts.origin_region[i]),
                              destination_region=str(facts.destination_region[i]),
                              packages=PACKAGES[i % len(PACKAGES)],
                              promised_delivery_date=_at(facts.promise_end[i] - f.DAY).date(),
                              shipped_at=_at(facts.handed_over_at[i]),
                              last_event_at=None if quiet else NOW - timedelta(hours=float(i % 90)))
        )  # fmt: skip
    session.add(Disruption(kind=DisruptionKind.WEATHER, severity=Severity.HIGH,
                           region="SP", carrier="", starts_at=NOW - timedelta(days=1),
                           ends_at=NOW + timedelta(days=3), note="", created_by="t",
                           created_at=NOW, updated_by="t", updated_at=NOW))  # fmt: skip
    session.flush()


def outcome(session: Session) -> tuple[list[tuple[Any, ...]], list[dict[str, Any]]]:
    record = proactive.ShipmentRiskRecord
    rows = session.execute(sa.select(record.shipment_id, record.order_id, record.probability,
                                     record.at_risk, record.reasons, record.model_id,
                                     record.scored_at, record.at_risk_since)
                           .order_by(record.shipment_id)).all()  # fmt: skip
    sent = session.scalars(
        sa.select(OutboxEvent).where(OutboxEvent.name == "ShipmentAtRisk").order_by(OutboxEvent.id)
    )
    return [tuple(r) for r in rows], [e.payload | {"at": e.occurred_at} for e in sent]


def two_scans(session: Session, scan: Any) -> tuple[Any, Any, list[int], set[str]]:
    batches = list(scan(session, NOW, batch_size=70))
    first = [r.shipment_id for batch in batches for r in batch]
    stored_first = outcome(session)
    later = NOW + timedelta(days=1, hours=3)
    for batch in scan(session, later, batch_size=70):
        assert all(r.scored_at == later for r in batch)
    second = outcome(session)
    session.execute(sa.delete(proactive.ShipmentRiskRecord))
    session.execute(sa.delete(OutboxEvent))
    return stored_first, second, first, {type(batch).__name__ for batch in batches}


def test_the_scan_stores_what_the_reference_scan_stores(session: Session) -> None:
    seed(session)

    reference = two_scans(session, iter_scan_reference)
    fast = two_scans(session, iter_scan)

    assert len(reference[2]) == 240  # every status but delivered
    assert fast[2] == reference[2]
    postgres = session.get_bind().dialect.name == "postgresql"
    assert fast[3] == {"ScoredBatch" if postgres else "list"}  # the path under test
    for ours, theirs in zip(fast[:2], reference[:2], strict=True):
        assert ours[0] == theirs[0]  # every stored column, row for row
        assert ours[1] == theirs[1]  # the same crossing events, in the same order
    first_events, second_rows = reference[0][1], reference[1][0]
    assert first_events
    assert any(since is not None and since == NOW for *_, since in second_rows)
    assert any(row[3] and row[7] > NOW for row in second_rows)  # crossed on the second scan
    assert len(reference[1][1]) > len(first_events)


@pytest.mark.parametrize(("region", "carrier"), [("SP", ""), ("sp", "Correios"), ("O'Hare", "")])
def test_a_scoped_scan_reads_only_the_shipments_in_scope(
    session: Session, region: str, carrier: str
) -> None:
    seed(session, n=60)
    scope = ScanScope(region=region, carrier=carrier)
    ids = [r.shipment_id for batch in iter_scan(session, NOW, scope=scope) for r in batch]
    reference = iter_scan_reference(session, NOW, scope=scope)
    assert ids == [r.shipment_id for batch in reference for r in batch]
    assert bool(ids) is (region != "O'Hare")
