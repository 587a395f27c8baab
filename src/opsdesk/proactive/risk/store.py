"""Fitted risk models in the database, and the store's delivered history to fit them on."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.proactive.models import RiskModelRecord
from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk.model import History, RiskModel
from opsdesk.proactive.risk.queries import facts_from_rows, shipment_rows

# Enough for stable curves per busy lane; old enough history describes another network.
TRAINING_WINDOW = timedelta(days=365)
TRAINING_LIMIT = 200_000


def latest_model(session: Session) -> tuple[int | None, RiskModel]:
    """The newest stored model (its id), else the prior that trusts carrier estimates."""
    record = session.scalar(sa.select(RiskModelRecord).order_by(RiskModelRecord.id.desc()).limit(1))
    if record is None:
        return None, RiskModel.prior()
    return record.id, RiskModel.from_dict(record.parameters)


def save_model(session: Session, model: RiskModel, *, now: datetime) -> RiskModelRecord:
    record = RiskModelRecord(
        trained_at=now,
        trained_rows=model.trained_rows,
        late_share=model.late_share,
        parameters=model.to_dict(),
    )
    session.add(record)
    session.flush()
    return record


def delivered_history(session: Session, *, now: datetime) -> History:
    """Shipments delivered in the training window with a promise, as model history."""
    rows = shipment_rows(
        session,
        delivered=True,
        since=now - TRAINING_WINDOW,
        limit=TRAINING_LIMIT,
    )
    facts = facts_from_rows(rows)
    delivered = np.asarray([f.epoch(r["delivered_at"]) for r in rows], dtype=np.float64)
    return History(facts=facts, delivered_at=delivered)


def retrain(session: Session, now: datetime) -> RiskModelRecord | None:
    """Fit on the store's own deliveries and store the result; None when too little exists."""
    history = delivered_history(session, now=now)
    try:
        model = RiskModel.fit(history)
    except ValueError:
        return None
    return save_model(session, model, now=now)


def describe(record: RiskModelRecord | None) -> dict[str, Any]:
    if record is None:
        return {"trained": False}
    return {
        "trained": True,
        "id": record.id,
        "trained_rows": record.trained_rows,
        "late_share": record.late_share,
    }
