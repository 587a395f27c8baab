"""Scoring every shipment in flight, keeping the latest risk, announcing crossings.

Shipments are read in id order, a batch at a time, scored as arrays and upserted into
``shipment_risks``. A ``ShipmentAtRisk`` event is recorded when a shipment's risk
reaches the threshold and was below it (or unscored) before: once per crossing.
A stored row is rewritten only when what agents see of it changed (the probability in
whole percent points, the flag, the reasons, the model), so ``scored_at`` is when the
score last changed and a rescan of a quiet store writes next to nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.kernel import events
from opsdesk.proactive.events import ShipmentAtRisk
from opsdesk.proactive.models import Disruption, ShipmentRiskRecord
from opsdesk.proactive.risk.evaluation import DEFAULT_ALERT_THRESHOLD
from opsdesk.proactive.risk.explain import explain
from opsdesk.proactive.risk.matching import ActiveDisruption
from opsdesk.proactive.risk.model import RiskModel
from opsdesk.proactive.risk.queries import in_flight_state, shipment_rows
from opsdesk.proactive.risk.store import latest_model

BATCH_SIZE = 5_000


@dataclass(frozen=True)
class ShipmentRisk:
    """The delay risk of one shipment at ``scored_at``, with its reasons in words."""

    shipment_id: int
    order_id: int
    probability: float
    at_risk: bool
    reasons: list[str]
    promised_delivery_date: date | None
    scored_at: datetime
    crossed: bool = False  # reached the threshold in this scan


@dataclass(frozen=True)
class ScanScope:
    """Which in-flight shipments to score: all, or those a disruption touches."""

    region: str = ""
    carrier: str = ""


def to_active(row: Disruption) -> ActiveDisruption:
    return ActiveDisruption(
        id=row.id,
        kind=row.kind.value,
        severity=row.severity.value,
        region=row.region,
        carrier=row.carrier,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        note=row.note,
    )


def active_disruptions(session: Session, now: datetime) -> list[ActiveDisruption]:
    """Disruptions not over yet (current or announced), oldest first."""
    rows = session.scalars(
        sa.select(Disruption).where(Disruption.ends_at > now).order_by(Disruption.id)
    )
    return [to_active(row) for row in rows]


def score_rows(
    rows: list[dict[str, Any]],
    model: RiskModel,
    disruptions: list[ActiveDisruption],
    now: datetime,
    threshold: float,
) -> list[ShipmentRisk]:
    state = in_flight_state(rows)
    breakdown = model.in_flight(state, now, disruptions)
    return [
        ShipmentRisk(
            shipment_id=int(row["id"]),
            order_id=int(row["order_id"]),
            probability=round(float(breakdown.probability[i]), 4),
            at_risk=bool(breakdown.probability[i] >= threshold),
            reasons=explain(breakdown, state.facts, i, disruptions),
            promised_delivery_date=row["promised_delivery_date"],
            scored_at=now,
        )
        for i, row in enumerate(rows)
    ]


def iter_scan(
    session: Session,
    now: datetime,
    *,
    threshold: float = DEFAULT_ALERT_THRESHOLD,
    scope: ScanScope | None = None,
    batch_size: int | None = None,
) -> Iterator[Sequence[ShipmentRisk]]:
    """Score in-flight shipments batch by batch, storing each batch before yielding it.

    PostgreSQL reads, explains and writes whole batches as arrays (``fast_scan``); other
    databases take the portable path, :func:`iter_scan_reference`. Both store the same.
    """
    if session.get_bind().dialect.name != "postgresql":
        yield from iter_scan_reference(
            session, now, threshold=threshold, scope=scope, batch_size=batch_size or BATCH_SIZE
        )
        return
    from opsdesk.proactive.risk import fast_scan  # it builds on this module's types

    yield from fast_scan.iter_fast_scan(
        session,
        now,
        model=latest_model(session),
        disruptions=active_disruptions(session, now),
        threshold=threshold,
        scope=scope or ScanScope(),
        batch_size=batch_size or fast_scan.FAST_BATCH_SIZE,
    )


def iter_scan_reference(
    session: Session,
    now: datetime,
    *,
    threshold: float = DEFAULT_ALERT_THRESHOLD,
    scope: ScanScope | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[list[ShipmentRisk]]:
    """The portable scan: rows as dicts, one explanation and one write per shipment."""
    model_id, model = latest_model(session)
    disruptions = active_disruptions(session, now)
    scope = scope or ScanScope()
    after = 0
    while True:
        rows = shipment_rows(
            session, after_id=after, limit=batch_size, region=scope.region, carrier=scope.carrier
        )
        if not rows:
            return
        risks = score_rows(rows, model, disruptions, now, threshold)
        yield _store(session, risks, model_id, threshold, now)
        after = int(rows[-1]["id"])


def scan_in_flight(
    session: Session, now: datetime, *, threshold: float = DEFAULT_ALERT_THRESHOLD
) -> list[ShipmentRisk]:
    """Score every shipment in flight now; returns them all (use :func:`iter_scan` for
    very large stores)."""
    return [risk for batch in iter_scan(session, now, threshold=threshold) for risk in batch]


def _store(
    session: Session,
    risks: list[ShipmentRisk],
    model_id: int | None,
    threshold: float,
    now: datetime,
) -> list[ShipmentRisk]:
    ids = [r.shipment_id for r in risks]
    record = ShipmentRiskRecord
    query = sa.select(
        record.shipment_id, record.at_risk, record.at_risk_since, record.order_id,
        record.probability, record.reasons, record.model_id,
    )  # fmt: skip
    before = {
        row[0]: tuple(row[1:]) for row in session.execute(query.where(record.shipment_id.in_(ids)))
    }
    stored = [
        replace(r, crossed=r.at_risk and not before.get(r.shipment_id, (False, None))[0])
        for r in risks
    ]
    values = [_values(r, before.get(r.shipment_id), model_id, now) for r in stored]
    updates = [
        v for v in values if v["shipment_id"] in before and changed(before[v["shipment_id"]], v)
    ]
    inserts = [v for v in values if v["shipment_id"] not in before]
    if updates:
        session.execute(sa.update(record), updates)
    if inserts:
        session.execute(sa.insert(record), inserts)
    for risk in stored:
        if risk.crossed:
            events.record(session, crossing_event(risk, threshold), now=now)
    return stored


def bucket(probability: float) -> int:
    """The probability in whole percent points, as agents see it: a stored score is
    rewritten only when this, the flag, the reasons or the model change."""
    return round(probability * 100)


def changed(before: tuple[Any, ...], values: dict[str, Any]) -> bool:
    """Whether a stored row (``at_risk, at_risk_since, order_id, probability, reasons,
    model_id``) differs from ``values`` in anything a rescan must write."""
    was_at_risk, _since, order_id, probability, reasons, stored_model = before
    return (
        was_at_risk != values["at_risk"]
        or order_id != values["order_id"]
        or bucket(probability) != bucket(values["probability"])
        or list(reasons) != values["reasons"]
        or stored_model != values["model_id"]
    )


def _values(
    risk: ShipmentRisk,
    before: tuple[Any, ...] | None,
    model_id: int | None,
    now: datetime,
) -> dict[str, Any]:
    """The row to write; a shipment already at risk keeps the moment it first crossed."""
    since = None
    if risk.at_risk:
        since = before[1] if before is not None and before[0] else now
    return {
        "shipment_id": risk.shipment_id,
        "order_id": risk.order_id,
        "probability": risk.probability,
        "at_risk": risk.at_risk,
        "reasons": risk.reasons,
        "model_id": model_id,
        "scored_at": now,
        "at_risk_since": since,
    }


def crossing_event(risk: ShipmentRisk, threshold: float) -> ShipmentAtRisk:
    return ShipmentAtRisk(
        shipment_id=risk.shipment_id,
        order_id=risk.order_id,
        probability=risk.probability,
        threshold=threshold,
        reasons=risk.reasons,
        promised_delivery_date=risk.promised_delivery_date,
        scored_at=risk.scored_at,
    )
