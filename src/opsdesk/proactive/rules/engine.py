"""Evaluating rules for a subject: lock, budget, plan, claim, act, audit.

A rule's row is locked (``FOR UPDATE``; SQLite serialises writers) before its budget is
read, so two workers evaluating the same rule cannot both spend its last euro. Firing
inserts the audit row first, with ``fired_key`` unique per rule: a second evaluation of
the same subject — a redelivered event, a rescan, a racing worker — is recorded as
suppressed ("already handled") and does nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from opsdesk import fx
from opsdesk.config import Settings
from opsdesk.proactive.rules import policy
from opsdesk.proactive.rules.execute import Run, perform
from opsdesk.proactive.rules.models import Outcome, Rule, RuleEvaluation
from opsdesk.proactive.rules.plan import ParsedRule, Plan, parse_rule, plan
from opsdesk.proactive.rules.subjects import Subject
from opsdesk.proactive.rules.triggers import Trigger


def parsed(rule: Rule) -> ParsedRule:
    return parse_rule(
        rule_id=rule.id,
        name=rule.name,
        triggers=rule.triggers,
        conditions=rule.conditions,
        actions=rule.actions,
        currency=rule.currency,
        per_order_cap_minor=rule.per_order_cap_minor,
        per_day_cap_minor=rule.per_day_cap_minor,
    )


def enabled_rules(session: Session, trigger: Trigger) -> list[Rule]:
    rows = session.scalars(sa.select(Rule).where(Rule.enabled.is_(True)).order_by(Rule.id))
    return [r for r in rows if trigger.value in (r.triggers or [])]


def store_day_start(settings: Settings, now: datetime) -> datetime:
    """Midnight of the store's current day (budgets are per store-local day)."""
    try:
        zone = ZoneInfo(settings.default_timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = now.astimezone(zone)
    return datetime.combine(local.date(), time(), tzinfo=zone)


def budget(
    session: Session, rule: ParsedRule, subject: Subject, day_start: datetime
) -> policy.Budget:
    e = RuleEvaluation
    spent = sa.func.coalesce(sa.func.sum(e.cost_minor), 0)
    today: int | None = session.scalar(
        sa.select(spent).where(
            e.rule_id == rule.id,
            e.occurred_at >= day_start,
            e.occurred_at < day_start + timedelta(days=1),
        )
    )
    on_order: int | None = 0
    if subject.order_id is not None:
        on_order = session.scalar(
            sa.select(spent).where(e.rule_id == rule.id, e.order_id == subject.order_id)
        )
    return policy.Budget(
        rule.per_order_cap_minor, rule.per_day_cap_minor, int(on_order or 0), int(today or 0)
    )


def day_rates(
    session: Session, rule: ParsedRule, subjects: Iterable[Subject], day: date
) -> fx.DayRates:
    """The rates from the rule's currency into its subjects' order currencies on ``day``
    (the store's day, like the budget's)."""
    currencies = {s.order.currency for s in subjects if s.order is not None}
    return fx.day_rates(session, rule.currency, currencies, day)


def already_handled(session: Session, rule_id: int, key: str) -> bool:
    e = RuleEvaluation
    found = session.scalar(sa.select(e.id).where(e.rule_id == rule_id, e.fired_key == key))
    return found is not None


@dataclass(frozen=True)
class Evaluated:
    rule_id: int
    plan: Plan
    evaluation_id: int | None


def evaluate(
    session: Session,
    settings: Settings,
    rule_id: int,
    subject: Subject,
    *,
    cause: str,
    now: datetime,
) -> Evaluated:
    """Evaluate one rule for one subject and act on it, inside the caller's transaction."""
    row = session.scalar(sa.select(Rule).where(Rule.id == rule_id).with_for_update())
    if row is None or not row.enabled:
        return Evaluated(rule_id, Plan(False, None, ["rule disabled or gone"]), None)
    rule = parsed(row)
    day_start = store_day_start(settings, now)
    decided = plan(
        rule,
        subject,
        budget(session, rule, subject, day_start),
        already_handled=already_handled(session, rule.id, subject.key),
        rates=day_rates(session, rule, [subject], day_start.date()),
    )
    if decided.outcome is None:
        return Evaluated(rule.id, decided, None)
    audit = _claim(session, rule, subject, decided, cause, now)
    if audit.outcome is Outcome.FIRED:
        audit.actions = perform(Run(session, settings, now, rule, subject), decided)
        session.flush()
    return Evaluated(rule.id, decided, audit.id)


def _claim(
    session: Session, rule: ParsedRule, subject: Subject, decided: Plan, cause: str, now: datetime
) -> RuleEvaluation:
    fired = decided.outcome is Outcome.FIRED
    audit = RuleEvaluation(
        rule_id=rule.id,
        trigger=subject.trigger.value,
        subject_key=subject.key,
        fired_key=subject.key if fired else None,
        outcome=decided.outcome,
        reasons=decided.reasons,
        actions=[s.describe() for s in decided.steps],
        order_id=subject.order_id,
        customer_id=subject.customer_id,
        shipment_id=subject.shipment_id,
        ticket_id=subject.ticket_id,
        cost_minor=decided.cost_minor if fired else 0,
        currency=rule.currency,
        cause=cause[:80],
        occurred_at=now,
    )
    try:
        with session.begin_nested():
            session.add(audit)
            session.flush()
        return audit
    except IntegrityError:
        lost = RuleEvaluation(
            rule_id=rule.id,
            trigger=subject.trigger.value,
            subject_key=subject.key,
            fired_key=None,
            outcome=Outcome.SUPPRESSED,
            reasons=[f"already handled: {subject.key} (by a concurrent evaluation)"],
            actions=[],
            order_id=subject.order_id,
            customer_id=subject.customer_id,
            shipment_id=subject.shipment_id,
            ticket_id=subject.ticket_id,
            cost_minor=0,
            currency=rule.currency,
            cause=cause[:80],
            occurred_at=now,
        )
        session.add(lost)
        session.flush()
        return lost


def run_trigger(
    session: Session,
    settings: Settings,
    trigger: Trigger,
    subject: Subject,
    *,
    cause: str,
    now: datetime,
) -> list[Evaluated]:
    """Every enabled rule listening to ``trigger``, in id order, for one subject."""
    return [
        evaluate(session, settings, rule.id, subject, cause=cause, now=now)
        for rule in enabled_rules(session, trigger)
    ]
