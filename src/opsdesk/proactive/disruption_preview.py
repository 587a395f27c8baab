"""What declaring or changing a disruption would do — before anyone is told anything.

The real ``declare`` / ``update`` run inside a SAVEPOINT: the disruption is written, the
shipments in its reach are rescored and the ``ShipmentAtRisk`` events of the crossings
recorded. Those events are read back and planned by every enabled rule that would hear
of them, with the subjects the worker would build (``subjects.shipment_subjects`` with
the event's promise and score, as ``from_event`` does) and the rules preview's planner
(budgets included). Then the SAVEPOINT is rolled back: no disruption, audit row, risk
score or outbox event survives, so the worker never sees any of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import customers, orders, shipping
from opsdesk.config import Settings
from opsdesk.kernel.events import OutboxEvent
from opsdesk.proactive import disruptions
from opsdesk.proactive.events import ShipmentAtRisk
from opsdesk.proactive.models import ShipmentRiskRecord
from opsdesk.proactive.risk.queries import IN_FLIGHT
from opsdesk.proactive.risk.scan import ScanScope
from opsdesk.proactive.rules import engine
from opsdesk.proactive.rules import subjects as subj
from opsdesk.proactive.rules.models import Rule
from opsdesk.proactive.rules.preview import plan_subjects
from opsdesk.proactive.rules.schemas import PreviewItem, PreviewRead
from opsdesk.proactive.rules.triggers import Trigger
from opsdesk.proactive.schemas import (
    DisruptionCreate,
    DisruptionPreviewRead,
    DisruptionUpdate,
    NoticeRead,
    RiskChangeRead,
    RuleEffectRead,
)

MAX_SHIPMENTS = 50
CUSTOMER_FACING = frozenset({"send_message", "issue_remedy"})


@contextmanager
def rolled_back(session: Session) -> Iterator[None]:
    """Run the block in a SAVEPOINT that is always rolled back."""
    savepoint = session.begin_nested()
    try:
        yield
    finally:
        savepoint.rollback()
        session.expire_all()  # rows rescored by plain UPDATEs are read again


def preview_declare(
    session: Session,
    settings: Settings,
    data: DisruptionCreate,
    *,
    actor: str,
    now: datetime,
    carriers: Iterable[str] | None = None,
) -> DisruptionPreviewRead:
    """What ``disruptions.declare`` would do now; writes nothing (refusals as it would)."""
    region, carrier = disruptions.places(session, carriers).resolve(data.region, data.carrier)
    disruptions.check(region, carrier, data.starts_at, data.ends_at)  # before reading its reach
    scopes = [ScanScope(region, carrier)]

    def change() -> disruptions.DisruptionOutcome:
        return disruptions.declare(session, data, actor=actor, now=now, carriers=carriers)

    with rolled_back(session):
        return _effects(session, settings, now, scopes, change)


def preview_update(
    session: Session,
    settings: Settings,
    disruption_id: int,
    data: DisruptionUpdate,
    *,
    actor: str,
    now: datetime,
    carriers: Iterable[str] | None = None,
) -> DisruptionPreviewRead:
    """What ``disruptions.update`` would do now; writes nothing."""
    current = disruptions.get(session, disruption_id)
    old = ScanScope(current.region, current.carrier)
    place = disruptions.resolve_change(session, current, data, carriers)
    new = ScanScope(place.get("region", current.region), place.get("carrier", current.carrier))
    disruptions.check(new.region, new.carrier, data.starts_at or current.starts_at,
                      data.ends_at or current.ends_at)  # fmt: skip

    def change() -> disruptions.DisruptionOutcome:
        return disruptions.update(
            session, disruption_id, data, actor=actor, now=now, carriers=carriers
        )

    with rolled_back(session):
        return _effects(session, settings, now, [old, new], change)


@dataclass(frozen=True)
class _Risk:
    probability: float | None
    at_risk: bool

    def crossed_to(self, after: _Risk) -> bool:
        return after.at_risk and not self.at_risk


def _was(before: dict[int, _Risk], shipment_id: int) -> _Risk:
    return before.get(shipment_id, _Risk(None, False))


def _effects(
    session: Session,
    settings: Settings,
    now: datetime,
    scopes: list[ScanScope],
    change: Callable[[], disruptions.DisruptionOutcome],
) -> DisruptionPreviewRead:
    last_event = session.scalar(sa.select(sa.func.max(OutboxEvent.id))) or 0
    before = _risks(session, scopes)
    outcome = change()
    after = _risks(session, scopes)
    crossings = _crossings(session, last_event, set(after))
    effects = (
        [_effect(session, settings, rule, trigger, crossings, now)
         for rule, trigger in _rules(session)]
        if crossings else []
    )  # fmt: skip
    notices = _notices(session, effects)
    return DisruptionPreviewRead(
        region=outcome.disruption.region,
        carrier=outcome.disruption.carrier,
        rescored=outcome.rescored,
        in_reach=len(after),
        newly_at_risk=sum(1 for i in after if _was(before, i).crossed_to(after[i])),
        risk_raised=sum(1 for i in after if _rise(_was(before, i), after[i]) > 0),
        shipments=_changes(session, before, after),
        rules=[_summary(e) for e in effects],
        notices=notices,
        customers=len({n.customer_id for n in notices if n.message_types and n.customer_id}),
        messages=sum(len(n.message_types) for n in notices),
        codes=sum(1 for n in notices if n.remedy),
        total_cost_minor=sum(e.plan.total_cost_minor for e in effects),
        currency=settings.default_currency,
    )


def _in_reach(scope: ScanScope) -> sa.ColumnElement[bool]:
    """The shipments a rescore of ``scope`` reaches (as ``queries.shipment_rows`` reads)."""
    s = shipping.Shipment
    where: list[sa.ColumnElement[bool]] = [sa.true()]
    if scope.region.strip():
        region = scope.region.strip().upper()
        where.append(sa.or_(sa.func.upper(s.origin_region) == region,
                            sa.func.upper(s.destination_region) == region))  # fmt: skip
    if scope.carrier.strip():
        where.append(sa.func.lower(s.carrier) == scope.carrier.strip().lower())
    return sa.and_(*where)


def _risks(session: Session, scopes: list[ScanScope]) -> dict[int, _Risk]:
    s, r = shipping.Shipment, ShipmentRiskRecord
    rows = session.execute(
        sa.select(s.id, r.probability, r.at_risk)
        .outerjoin(r, r.shipment_id == s.id)
        .where(
            s.status.in_(IN_FLIGHT),
            s.shipped_at.is_not(None),
            s.promised_delivery_date.is_not(None),
            sa.or_(*[_in_reach(scope) for scope in scopes]),
        )
    )
    return {i: _Risk(p, bool(at)) for i, p, at in rows}


def _rise(before: _Risk, after: _Risk) -> float:
    if after.probability is None:
        return 0.0
    return after.probability - (before.probability or 0.0)


@dataclass(frozen=True)
class _Crossing:
    shipment_id: int
    probability: float
    promised: date | None


def _crossings(session: Session, after_id: int, reach: set[int]) -> list[_Crossing]:
    """The ``ShipmentAtRisk`` events the change recorded, as the worker would read them."""
    rows = session.scalars(
        sa.select(OutboxEvent.payload)
        .where(OutboxEvent.id > after_id, OutboxEvent.name == ShipmentAtRisk.name)
        .order_by(OutboxEvent.id)
    )
    made = []
    for payload in rows:
        event = ShipmentAtRisk.model_validate(payload)
        if event.shipment_id in reach:
            made.append(_Crossing(event.shipment_id, event.probability,
                                  event.promised_delivery_date))  # fmt: skip
    return made


def _rules(session: Session) -> list[tuple[Rule, Trigger]]:
    """Enabled rules hearing of a crossing: at once (its event) or at the next scan."""
    at_once = engine.enabled_rules(session, Trigger.SHIPMENT_AT_RISK)
    heard = {r.id for r in at_once}
    later = [r for r in engine.enabled_rules(session, Trigger.SCAN_AT_RISK) if r.id not in heard]
    listening = [(r, Trigger.SHIPMENT_AT_RISK) for r in at_once]
    listening += [(r, Trigger.SCAN_AT_RISK) for r in later]
    return sorted(listening, key=lambda pair: pair[0].id)


@dataclass(frozen=True)
class _Effect:
    rule: Rule
    trigger: Trigger
    plan: PreviewRead


def _effect(
    session: Session,
    settings: Settings,
    rule: Rule,
    trigger: Trigger,
    crossings: list[_Crossing],
    now: datetime,
) -> _Effect:
    """The rule planned over the crossings as the worker would: the event's subject
    (its promise and score), or for a scan rule the shipment as stored."""
    ids = [c.shipment_id for c in crossings]
    if trigger is Trigger.SHIPMENT_AT_RISK:
        promised = {c.shipment_id: c.promised for c in crossings if c.promised}
        risks = {c.shipment_id: c.probability for c in crossings}
        subjects = subj.shipment_subjects(
            session, trigger, ids, now, promised=promised, risks=risks
        )
    else:
        subjects = subj.shipment_subjects(session, trigger, ids, now)
    plan = plan_subjects(session, settings, engine.parsed(rule), subjects, now)
    return _Effect(rule, trigger, plan)


def _summary(effect: _Effect) -> RuleEffectRead:
    plan = effect.plan
    return RuleEffectRead(
        rule_id=effect.rule.id, rule_name=effect.rule.name, trigger=effect.trigger.value,
        candidates=plan.candidates, would_fire=plan.would_fire, messages=plan.messages,
        codes=plan.codes, total_cost_minor=plan.total_cost_minor, currency=plan.currency,
    )  # fmt: skip


def _notices(session: Session, effects: list[_Effect]) -> list[NoticeRead]:
    """Every fired plan that writes to the customer or gives them a code."""
    fired = [
        (e.rule, e.plan.currency, item)
        for e in effects
        for item in e.plan.items
        if item.outcome == "fired" and any(a.get("type") in CUSTOMER_FACING for a in item.actions)
    ]
    names = _customers(session, {i.customer_id for _r, _c, i in fired if i.customer_id})
    return [_notice(rule, currency, item, names) for rule, currency, item in fired]


def _notice(rule: Rule, currency: str, item: PreviewItem, names: dict[int, str]) -> NoticeRead:
    remedy = next((a for a in item.actions if a.get("type") == "issue_remedy"), None)
    return NoticeRead(
        rule_id=rule.id,
        rule_name=rule.name,
        order_id=item.order_id,
        order_number=item.order_number,
        customer_id=item.customer_id,
        customer=names.get(item.customer_id or 0, ""),
        shipment_id=item.shipment_id,
        message_types=[
            str(a.get("message_type")) for a in item.actions if a.get("type") == "send_message"
        ],
        remedy=str(remedy.get("remedy")) if remedy else None,
        # What the customer gets: the code's value in the order's currency where given.
        remedy_minor=int(remedy.get("value_minor", remedy.get("cost_minor")) or 0) if remedy else 0,
        currency=str(remedy.get("currency") or currency) if remedy else currency,
        actions=item.actions,
    )


def _customers(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    c = customers.Customer
    rows = session.execute(
        sa.select(c.id, c.first_name, c.last_name, c.email).where(c.id.in_(sorted(ids)))
    )
    shown = {}
    for customer_id, first, last, email in rows:
        name = f"{first} {last}".strip()
        shown[customer_id] = f"{name} <{email}>" if name and email else name or email or ""
    return shown


def _changes(
    session: Session, before: dict[int, _Risk], after: dict[int, _Risk]
) -> list[RiskChangeRead]:
    """The most affected shipments: newly at risk first, then by how much the risk rose."""

    def weight(i: int) -> tuple[bool, float, float, int]:
        was = _was(before, i)
        return (
            not was.crossed_to(after[i]),
            -_rise(was, after[i]),
            -(after[i].probability or 0.0),
            i,
        )

    top = sorted(after, key=weight)[:MAX_SHIPMENTS]
    if not top:
        return []
    s, o, r = shipping.Shipment, orders.Order, ShipmentRiskRecord
    rows = session.execute(
        sa.select(s.id, s.order_id, o.number, s.carrier, s.origin_region, s.destination_region,
                  s.promised_delivery_date, r.reasons)
        .join(o, o.id == s.order_id)
        .outerjoin(r, r.shipment_id == s.id)
        .where(s.id.in_(top))
    ).all()  # fmt: skip
    details = {row[0]: row for row in rows}
    return [_change(details[i], _was(before, i), after[i]) for i in top if i in details]


def _change(row: Any, before: _Risk, after: _Risk) -> RiskChangeRead:
    shipment_id, order_id, number, carrier, origin, destination, promised, reasons = row
    return RiskChangeRead(
        shipment_id=shipment_id,
        order_id=order_id,
        order_number=number,
        carrier=carrier,
        lane=f"{origin or '?'} → {destination or '?'}",
        promised_delivery_date=promised,
        before=before.probability,
        after=after.probability or 0.0,
        was_at_risk=before.at_risk,
        at_risk=after.at_risk,
        reasons=list(reasons or []),
    )
