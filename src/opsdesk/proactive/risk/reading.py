"""Reading delay risk for agents: one shipment's, or the list of those at risk."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import shipping
from opsdesk.kernel.errors import NotFound
from opsdesk.proactive.models import ShipmentRiskRecord
from opsdesk.proactive.risk.evaluation import DEFAULT_ALERT_THRESHOLD
from opsdesk.proactive.risk.queries import IN_FLIGHT, shipment_rows
from opsdesk.proactive.risk.scan import ShipmentRisk, active_disruptions, score_rows
from opsdesk.proactive.risk.store import latest_model


def from_record(record: ShipmentRiskRecord) -> ShipmentRisk:
    return ShipmentRisk(
        shipment_id=record.shipment_id,
        order_id=record.order_id,
        probability=record.probability,
        at_risk=record.at_risk,
        reasons=list(record.reasons),
        promised_delivery_date=None,
        scored_at=record.scored_at,
    )


def shipment_risk(
    session: Session, shipment_id: int, *, now: datetime
) -> tuple[ShipmentRisk, ShipmentRiskRecord | None]:
    """The stored score of a shipment; an in-flight shipment no scan has reached yet is
    scored on the spot (and not stored: reading changes nothing)."""
    record = session.get(ShipmentRiskRecord, shipment_id)
    if record is not None:
        return from_record(record), record
    shipping.get_shipment(session, shipment_id)  # 404 for an unknown shipment
    rows = shipment_rows(session, shipment_ids=[shipment_id])
    if not rows:
        raise NotFound("risk of shipment", shipment_id)
    _model_id, model = latest_model(session)
    risk = score_rows(rows, model, active_disruptions(session, now), now, DEFAULT_ALERT_THRESHOLD)
    return risk[0], None


def at_risk_shipments(
    session: Session, *, min_probability: float | None = None, limit: int = 100
) -> list[ShipmentRiskRecord]:
    """Shipments still in flight whose last score was at risk, riskiest first."""
    record, s = ShipmentRiskRecord, shipping.Shipment
    query = (
        sa.select(record)
        .join(s, s.id == record.shipment_id)
        .where(s.status.in_(IN_FLIGHT))
        .order_by(record.probability.desc(), record.shipment_id)
        .limit(limit)
    )
    if min_probability is None:
        query = query.where(record.at_risk.is_(True))
    else:
        query = query.where(record.probability >= min_probability)
    return list(session.scalars(query))
