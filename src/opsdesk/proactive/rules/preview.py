""" "What would happen": a rule planned over current data, writing nothing.

Candidates per trigger: shipments in flight with a stored risk (delay triggers), parcels
with a carrier exception or delivered in the last 30 days, and for the other event
triggers the events of the last 30 days replayed. Each candidate is planned with the
same pure ``plan`` the worker uses, against the rule's real budget plus what the
preview itself would already have spent, so the totals respect the caps.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import shipping
from opsdesk.config import Settings
from opsdesk.kernel.events import OutboxEvent
from opsdesk.proactive.risk.queries import IN_FLIGHT
from opsdesk.proactive.risk.reading import at_risk_shipments
from opsdesk.proactive.rules import backorder_slips as slips
from opsdesk.proactive.rules import engine, policy
from opsdesk.proactive.rules import subjects as subj
from opsdesk.proactive.rules.conditions import describe
from opsdesk.proactive.rules.models import Rule, RuleEvaluation
from opsdesk.proactive.rules.plan import ParsedRule, Plan, plan
from opsdesk.proactive.rules.schemas import PreviewItem, PreviewRead
from opsdesk.proactive.rules.triggers import Trigger

LOOKBACK = timedelta(days=30)
MAX_CANDIDATES = 200
_PROBLEMS = (
    shipping.ShipmentStatus.EXCEPTION,
    shipping.ShipmentStatus.LOST,
    shipping.ShipmentStatus.RETURNED_TO_SENDER,
)


def candidates(session: Session, trigger: Trigger, now: datetime) -> list[subj.Subject]:
    if trigger in (Trigger.SHIPMENT_AT_RISK, Trigger.SCAN_AT_RISK):
        minimum = 0.0 if trigger is Trigger.SHIPMENT_AT_RISK else None
        records = at_risk_shipments(session, min_probability=minimum, limit=MAX_CANDIDATES)
        return subj.shipment_subjects(session, trigger, [r.shipment_id for r in records], now)
    if trigger is Trigger.STOCK_BACKORDERED:
        return subj.backorder_subjects(session, now, limit=MAX_CANDIDATES)
    if trigger is Trigger.SCAN_BACKORDER_SLIPPED:
        return slips.slip_subjects(session, now, limit=MAX_CANDIDATES)
    s = shipping.Shipment
    where: list[sa.ColumnElement[bool]]
    if trigger is Trigger.SHIPMENT_DELAYED:
        where = [s.status.in_(IN_FLIGHT), s.estimated_delivery_date > s.promised_delivery_date]
    elif trigger is Trigger.SHIPMENT_EXCEPTION:
        where = [s.status.in_(_PROBLEMS), s.last_event_at >= now - LOOKBACK]
    elif trigger is Trigger.SHIPMENT_DELIVERED:
        where = [s.status == shipping.ShipmentStatus.DELIVERED, s.delivered_at >= now - LOOKBACK]
    else:
        return _replayed(session, trigger, now)
    ids = session.scalars(sa.select(s.id).where(*where).order_by(s.id.desc()).limit(MAX_CANDIDATES))
    return subj.shipment_subjects(session, trigger, list(ids), now)


def _replayed(session: Session, trigger: Trigger, now: datetime) -> list[subj.Subject]:
    rows = session.scalars(
        sa.select(OutboxEvent)
        .where(OutboxEvent.name == trigger.value, OutboxEvent.occurred_at >= now - LOOKBACK)
        .order_by(OutboxEvent.id.desc())
        .limit(MAX_CANDIDATES)
    )
    return [
        s for row in rows for s in subj.from_event(session, trigger, row.payload, row.occurred_at)
    ]


def preview(session: Session, settings: Settings, rule_row: Rule, now: datetime) -> PreviewRead:
    rule = engine.parsed(rule_row)
    seen: dict[str, subj.Subject] = {}
    for trigger in rule.triggers:
        for subject in candidates(session, trigger, now):
            seen.setdefault(subject.key, subject)
    return plan_subjects(session, settings, rule, list(seen.values())[:MAX_CANDIDATES], now)


def plan_subjects(
    session: Session,
    settings: Settings,
    rule: ParsedRule,
    subjects: list[subj.Subject],
    now: datetime,
) -> PreviewRead:
    """What ``rule`` would do for each of ``subjects``, in order, as the worker would
    decide it now (budgets included); reads only. The disruption preview plans the
    subjects its rescoring would announce with it."""
    spending = _Spending.load(session, settings, rule, subjects, now)
    fired = _fired_keys(session, rule.id, (s.key for s in subjects))
    rates = engine.day_rates(session, rule, subjects, engine.store_day_start(settings, now).date())
    items = []
    for subject in subjects:
        decided = plan(
            rule,
            subject,
            spending.budget(rule, subject),
            already_handled=subject.key in fired,
            rates=rates,
        )
        spending.add(subject, decided.cost_minor)
        items.append(_item(subject, decided))
    return _summary(rule, items)


class _Spending:
    """The rule's real spend today and per order, plus what this preview would add."""

    def __init__(self, today: int, per_order: dict[int, int]) -> None:
        self.today, self.per_order = today, per_order

    @classmethod
    def load(
        cls,
        session: Session,
        settings: Settings,
        rule: ParsedRule,
        subjects: list[subj.Subject],
        now: datetime,
    ) -> _Spending:
        start = engine.store_day_start(settings, now)
        e = RuleEvaluation
        today = session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(e.cost_minor), 0)).where(
                e.rule_id == rule.id,
                e.occurred_at >= start,
                e.occurred_at < start + timedelta(days=1),
            )
        )
        order_ids = {s.order_id for s in subjects if s.order_id is not None}
        rows = session.execute(
            sa.select(e.order_id, sa.func.sum(e.cost_minor))
            .where(e.rule_id == rule.id, e.order_id.in_(order_ids))
            .group_by(e.order_id)
        ).all()
        return cls(int(today or 0), {int(o or 0): int(c or 0) for o, c in rows})

    def budget(self, rule: ParsedRule, subject: subj.Subject) -> policy.Budget:
        on_order = self.per_order.get(subject.order_id, 0) if subject.order_id else 0
        return policy.Budget(rule.per_order_cap_minor, rule.per_day_cap_minor, on_order, self.today)

    def add(self, subject: subj.Subject, cost: int) -> None:
        self.today += cost
        if subject.order_id is not None:
            self.per_order[subject.order_id] = self.per_order.get(subject.order_id, 0) + cost


def _fired_keys(session: Session, rule_id: int, keys: Iterable[str]) -> set[str]:
    wanted = list(keys)
    if not wanted:
        return set()
    e = RuleEvaluation
    query = sa.select(e.fired_key).where(e.rule_id == rule_id, e.fired_key.in_(wanted))
    return {k for k in session.scalars(query) if k is not None}


def _item(subject: subj.Subject, decided: Plan) -> PreviewItem:
    return PreviewItem(
        subject_key=subject.key,
        trigger=subject.trigger.value,
        order_id=subject.order_id,
        order_number=subject.order.number if subject.order else None,
        customer_id=subject.customer_id,
        shipment_id=subject.shipment_id,
        ticket_id=subject.ticket_id,
        matched=decided.matched,
        outcome=decided.outcome.value if decided.outcome else "not_matched",
        reasons=decided.reasons,
        actions=[s.describe() for s in decided.steps],
        cost_minor=decided.cost_minor,
    )


def _summary(rule: ParsedRule, items: list[PreviewItem]) -> PreviewRead:
    firing = [i for i in items if i.outcome == "fired"]
    messages = sum(1 for i in firing for a in i.actions if a.get("type") == "send_message")
    codes = sum(1 for i in firing for a in i.actions if a.get("type") == "issue_remedy")
    return PreviewRead(
        rule_id=rule.id,
        conditions_text=describe(rule.condition),
        currency=rule.currency,
        candidates=len(items),
        matched=sum(1 for i in items if i.matched),
        would_fire=len(firing),
        messages=messages,
        codes=codes,
        total_cost_minor=sum(i.cost_minor for i in firing),
        shipment_ids=sorted({i.shipment_id for i in firing if i.shipment_id is not None}),
        order_ids=sorted({i.order_id for i in firing if i.order_id is not None}),
        customer_ids=sorted({i.customer_id for i in firing if i.customer_id is not None}),
        items=items,
    )
