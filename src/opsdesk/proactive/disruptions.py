"""Declaring and changing disruptions; each change rescores the shipments it touches.

Services take a session and never commit. Every declaration and change is written to
the append-only ``disruption_changes`` trail with the actor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.kernel.errors import InvalidInput, NotFound
from opsdesk.proactive.models import Disruption, DisruptionChange
from opsdesk.proactive.risk.scan import ScanScope, iter_scan
from opsdesk.proactive.schemas import DisruptionCreate, DisruptionUpdate


@dataclass(frozen=True)
class DisruptionOutcome:
    disruption: Disruption
    rescored: int


def _check(disruption: Disruption) -> None:
    if not disruption.region.strip() and not disruption.carrier.strip():
        raise InvalidInput(
            "a disruption needs a region, a carrier or both",
            details={"errors": [{"field": "region", "reason": "region or carrier required"}]},
        )
    if disruption.ends_at <= disruption.starts_at:
        raise InvalidInput(
            "a disruption must end after it starts",
            details={"errors": [{"field": "ends_at", "reason": "must be after starts_at"}]},
        )


def rescore_touched(session: Session, disruption: Disruption, now: datetime) -> int:
    """Rescore at once the in-flight shipments in the disruption's region/carrier."""
    scope = ScanScope(region=disruption.region.strip(), carrier=disruption.carrier.strip())
    return sum(len(batch) for batch in iter_scan(session, now, scope=scope))


def declare(
    session: Session, data: DisruptionCreate, *, actor: str, now: datetime
) -> DisruptionOutcome:
    disruption = Disruption(
        **data.model_dump(),
        created_by=actor,
        created_at=now,
        updated_by=actor,
        updated_at=now,
    )
    disruption.region = disruption.region.strip().upper()
    disruption.carrier = disruption.carrier.strip()
    _check(disruption)
    session.add(disruption)
    session.flush()
    changes = data.model_dump(mode="json")
    session.add(
        DisruptionChange(
            disruption_id=disruption.id,
            action="declared",
            actor=actor,
            changes=changes,
            occurred_at=now,
        )
    )
    return DisruptionOutcome(disruption, rescore_touched(session, disruption, now))


def update(
    session: Session, disruption_id: int, data: DisruptionUpdate, *, actor: str, now: datetime
) -> DisruptionOutcome:
    """Change a disruption; shipments under its old and new reach are both rescored."""
    disruption = get(session, disruption_id)
    before = ScanScope(region=disruption.region, carrier=disruption.carrier)
    changes: dict[str, Any] = {}
    for field, value in data.model_dump(exclude_unset=True).items():
        if value is None:
            continue
        if field == "region":
            value = value.strip().upper()
        old = getattr(disruption, field)
        if old != value:
            changes[field] = {"from": _plain(old), "to": _plain(value)}
            setattr(disruption, field, value)
    _check(disruption)
    if not changes:
        return DisruptionOutcome(disruption, 0)
    disruption.updated_by, disruption.updated_at = actor, now
    session.add(
        DisruptionChange(
            disruption_id=disruption.id,
            action="updated",
            actor=actor,
            changes=changes,
            occurred_at=now,
        )
    )
    session.flush()
    rescored = rescore_touched(session, disruption, now)
    if before != ScanScope(region=disruption.region, carrier=disruption.carrier):
        rescored += sum(len(b) for b in iter_scan(session, now, scope=before))
    return DisruptionOutcome(disruption, rescored)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else str(value)


def get(session: Session, disruption_id: int) -> Disruption:
    disruption = session.get(Disruption, disruption_id)
    if disruption is None:
        raise NotFound("disruption", disruption_id)
    return disruption


def history(session: Session, disruption_id: int) -> list[DisruptionChange]:
    return list(
        session.scalars(
            sa.select(DisruptionChange)
            .where(DisruptionChange.disruption_id == disruption_id)
            .order_by(DisruptionChange.id)
        )
    )


def list_disruptions(
    session: Session, *, now: datetime, active_only: bool = False, limit: int = 100
) -> list[Disruption]:
    """Newest first; ``active_only`` keeps those not over yet."""
    query = sa.select(Disruption).order_by(Disruption.id.desc()).limit(limit)
    if active_only:
        query = query.where(Disruption.ends_at > now)
    return list(session.scalars(query))
