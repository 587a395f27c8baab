"""Declaring and changing disruptions; each change rescores the shipments it touches.

Services take a session and never commit. Every declaration and change is written to
the append-only ``disruption_changes`` trail with the actor. A region or carrier must be
one the store knows (``disruption_places``); it is stored as the store spells it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import shipping
from opsdesk.kernel.errors import InvalidInput, NotFound
from opsdesk.proactive.disruption_places import Places, known_places
from opsdesk.proactive.models import Disruption, DisruptionChange, Severity
from opsdesk.proactive.risk.scan import ScanScope, iter_scan
from opsdesk.proactive.schemas import DisruptionCreate, DisruptionUpdate


@dataclass(frozen=True)
class DisruptionOutcome:
    disruption: Disruption
    rescored: int


def _check(disruption: Disruption) -> None:
    check(disruption.region, disruption.carrier, disruption.starts_at, disruption.ends_at)


def check(region: str, carrier: str, starts_at: datetime, ends_at: datetime) -> None:
    """A disruption is somewhere (a region, a carrier or both) and ends after it starts."""
    if not region.strip() and not carrier.strip():
        raise InvalidInput(
            "a disruption needs a region, a carrier or both",
            details={"errors": [{"field": "region", "reason": "region or carrier required"}]},
        )
    if ends_at <= starts_at:
        raise InvalidInput(
            "a disruption must end after it starts",
            details={"errors": [{"field": "ends_at", "reason": "must be after starts_at"}]},
        )


def places(session: Session, carriers: Iterable[str] | None = None) -> Places:
    """Where a disruption may be declared; ``carriers`` are the installation's configured
    ones (``shipping.carriers_of(app.state)``), by default the built-in set."""
    configured = shipping.default_carriers() if carriers is None else carriers
    return known_places(session, carriers=configured)


def rescore_touched(session: Session, disruption: Disruption, now: datetime) -> int:
    """Rescore at once the in-flight shipments in the disruption's region/carrier."""
    scope = ScanScope(region=disruption.region.strip(), carrier=disruption.carrier.strip())
    return sum(len(batch) for batch in iter_scan(session, now, scope=scope))


def declare(
    session: Session,
    data: DisruptionCreate,
    *,
    actor: str,
    now: datetime,
    carriers: Iterable[str] | None = None,
) -> DisruptionOutcome:
    region, carrier = places(session, carriers).resolve(data.region, data.carrier)
    disruption = Disruption(
        **data.model_dump(),
        created_by=actor,
        created_at=now,
        updated_by=actor,
        updated_at=now,
    )
    disruption.region, disruption.carrier = region, carrier
    _check(disruption)
    session.add(disruption)
    session.flush()
    changes = data.model_dump(mode="json") | {"region": region, "carrier": carrier}
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
    session: Session,
    disruption_id: int,
    data: DisruptionUpdate,
    *,
    actor: str,
    now: datetime,
    carriers: Iterable[str] | None = None,
) -> DisruptionOutcome:
    """Change a disruption; shipments under its old and new reach are both rescored.
    A region or carrier it already names is kept even if nothing travels there now."""
    disruption = get(session, disruption_id)
    before = ScanScope(region=disruption.region, carrier=disruption.carrier)
    wanted = data.model_dump(exclude_unset=True, exclude={"region", "carrier"})
    wanted |= resolve_change(session, disruption, data, carriers)
    changes: dict[str, Any] = {}
    for field, value in wanted.items():
        if value is None:
            continue
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


def resolve_change(
    session: Session, disruption: Disruption, data: DisruptionUpdate, carriers: Iterable[str] | None
) -> dict[str, str]:
    """The region and carrier a change sets, in the store's spelling (those it leaves as
    they are are not listed), or InvalidInput for one the store does not know."""
    new = {}
    for field in ("region", "carrier"):
        raw = getattr(data, field)
        if raw is not None and raw.strip().casefold() != getattr(disruption, field).casefold():
            new[field] = raw
    if not new:
        return {}
    region, carrier = places(session, carriers).resolve(new.get("region"), new.get("carrier"))
    return {k: v for k, v in (("region", region), ("carrier", carrier)) if k in new}


SEVERITY_RANK = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3}


def widens(disruption: Disruption, data: DisruptionUpdate) -> bool:
    """Whether the change could raise some parcel's risk: a higher severity, a longer
    window on either side, or another region or carrier (or any, where it named one).
    Kind and note only change the words; narrowing only lowers risks."""
    rank = SEVERITY_RANK
    if data.severity is not None and rank[data.severity] > rank[disruption.severity]:
        return True
    if data.starts_at is not None and data.starts_at < disruption.starts_at:
        return True
    if data.ends_at is not None and data.ends_at > disruption.ends_at:
        return True
    for field in ("region", "carrier"):
        raw, old = getattr(data, field), getattr(disruption, field)
        if raw is not None and old and raw.strip().casefold() != old.casefold():
            return True  # elsewhere, or anywhere ("")
    return False


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
