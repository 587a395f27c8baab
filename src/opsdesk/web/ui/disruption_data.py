"""What the disruption pages read: disruptions by time, and the shipments one touches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import orders, proactive, shipping
from opsdesk.proactive.risk.queries import IN_FLIGHT


@dataclass(frozen=True)
class DisruptionGroups:
    active: list[proactive.Disruption]
    upcoming: list[proactive.Disruption]
    past: list[proactive.Disruption]


def split_by_time(rows: Iterable[proactive.Disruption], now: datetime) -> DisruptionGroups:
    """Running now, announced for later, and over (in the order given)."""
    active, upcoming, past = [], [], []
    for row in rows:
        if row.ends_at <= now:
            past.append(row)
        elif row.starts_at > now:
            upcoming.append(row)
        else:
            active.append(row)
    return DisruptionGroups(active, upcoming, past)


@dataclass(frozen=True)
class AffectedShipment:
    shipment_id: int
    order_id: int
    order_number: str
    carrier: str
    lane: str
    promised: date | None
    probability: float | None
    at_risk: bool
    reasons: list[str]
    names_this: bool  # the risk explanation cites this disruption


@dataclass(frozen=True)
class Affected:
    in_flight: int  # in-flight shipments in the disruption's region and/or carrier
    at_risk: int  # of those, how many are at risk now
    top: list[AffectedShipment]  # the riskiest first


def _scope(disruption: proactive.Disruption) -> list[sa.ColumnElement[bool]]:
    """The same reach the rescoring uses: origin or destination region, carrier by name."""
    s = shipping.Shipment
    where: list[sa.ColumnElement[bool]] = [s.status.in_(IN_FLIGHT), s.shipped_at.is_not(None)]
    if disruption.region.strip():
        region = disruption.region.strip().upper()
        where.append(sa.or_(sa.func.upper(s.origin_region) == region,
                            sa.func.upper(s.destination_region) == region))  # fmt: skip
    if disruption.carrier.strip():
        where.append(sa.func.lower(s.carrier) == disruption.carrier.strip().lower())
    return where


def _describe(disruption: proactive.Disruption) -> str:
    return proactive.ActiveDisruption(
        id=disruption.id, kind=disruption.kind.value, severity=disruption.severity.value,
        region=disruption.region, carrier=disruption.carrier, starts_at=disruption.starts_at,
        ends_at=disruption.ends_at, note=disruption.note,
    ).describe()  # fmt: skip


def affected_shipments(
    session: Session, disruption: proactive.Disruption, *, limit: int
) -> Affected:
    s, risk, o = shipping.Shipment, proactive.ShipmentRiskRecord, orders.Order
    where = _scope(disruption)
    counted = session.execute(
        sa.select(sa.func.count(), sa.func.count(sa.case((risk.at_risk.is_(True), 1))))
        .select_from(s)
        .outerjoin(risk, risk.shipment_id == s.id)
        .where(*where)
    ).one()
    rows = session.execute(
        sa.select(s.id, s.order_id, o.number, s.carrier, s.origin_region, s.destination_region,
                  s.promised_delivery_date, risk.probability, risk.at_risk, risk.reasons)
        .join(o, o.id == s.order_id)
        .outerjoin(risk, risk.shipment_id == s.id)
        .where(*where)
        .order_by(sa.func.coalesce(risk.probability, -1.0).desc(), s.id)
        .limit(limit)
    ).mappings().all()  # fmt: skip
    cited = _describe(disruption)
    top = [_affected(row, cited) for row in rows]
    return Affected(in_flight=int(counted[0]), at_risk=int(counted[1]), top=top)


def _affected(row: sa.RowMapping, cited: str) -> AffectedShipment:
    reasons = list(row["reasons"] or [])
    return AffectedShipment(
        shipment_id=row["id"],
        order_id=row["order_id"],
        order_number=row["number"],
        carrier=row["carrier"],
        lane=f"{row['origin_region'] or '?'} → {row['destination_region'] or '?'}",
        promised=row["promised_delivery_date"],
        probability=row["probability"],
        at_risk=bool(row["at_risk"]),
        reasons=reasons,
        names_this=cited in reasons,
    )
