"""Worker wiring of the proactive rules and lifecycle messages.

After commit: lifecycle messages (``lifecycle.py``) and, for every trigger event, the
enabled rules listening to it. An event is evaluated "as of" the moment it happened,
so a retried delivery decides exactly what the first attempt would have.

Jobs: seed the built-in rules (as every worker starts, before it relays an event, then
daily — only missing ones), send due follow-ups, re-evaluate shipments at risk for
``scan:`` rules, and tell customers of backorders no event announced (or whose date moved:
a later date is a slip, told by the ``backorder_slipped`` rule first).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from opsdesk.config import Settings
from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.schedule import Job
from opsdesk.proactive import lifecycle
from opsdesk.proactive.risk.reading import at_risk_shipments
from opsdesk.proactive.rules import backorder_slips as slips
from opsdesk.proactive.rules import engine, followups, store
from opsdesk.proactive.rules import subjects as subj
from opsdesk.proactive.rules.triggers import Trigger

Handler = Callable[[Session, OutboxEvent], None]
SCAN_LIMIT = 2_000


def rule_handler(settings: Settings, trigger: Trigger) -> Handler:
    def handle(session: Session, event: OutboxEvent) -> None:
        if not engine.enabled_rules(session, trigger):
            return
        for subject in subj.from_event(session, trigger, event.payload, event.occurred_at):
            engine.run_trigger(
                session,
                settings,
                trigger,
                subject,
                cause=f"event:{event.event_id}",
                now=event.occurred_at,
            )

    handle.__qualname__ = f"rules.{trigger.value}"
    handle.__module__ = __name__
    return handle


def after_commit(settings: Settings) -> dict[str, list[Handler]]:
    merged = lifecycle.handlers(settings)
    for trigger in Trigger:
        if not trigger.value.startswith("scan:"):
            merged.setdefault(trigger.value, []).append(rule_handler(settings, trigger))
    return merged


def scan_at_risk(session: Session, settings: Settings, now: datetime) -> int:
    """Evaluate ``scan:shipments_at_risk`` rules over every shipment at risk now."""
    trigger = Trigger.SCAN_AT_RISK
    if not engine.enabled_rules(session, trigger):
        return 0
    ids = [r.shipment_id for r in at_risk_shipments(session, limit=SCAN_LIMIT)]
    evaluated = 0
    for subject in subj.shipment_subjects(session, trigger, ids, now):
        engine.run_trigger(
            session, settings, trigger, subject, cause=f"scan:{now.isoformat()}", now=now
        )
        evaluated += 1
    return evaluated


def notify_backorders(session: Session, settings: Settings, now: datetime) -> int:
    """Run the backorder rules for every order with stock waiting now, once per promise.

    Orders placed through intake are told at once (their ``StockBackordered`` event);
    this reaches the rest — backorders imported, seeded, or re-dated since — and an order
    whose promise moved. Subjects a rule already fired on are skipped without an audit row.
    """
    trigger = Trigger.STOCK_BACKORDERED
    rules = engine.enabled_rules(session, trigger)
    if not rules:
        return 0
    evaluated = 0
    subjects = slips.left_to_backorder_rules(
        session, subj.backorder_subjects(session, now, limit=SCAN_LIMIT)
    )
    for subject in subjects:
        for rule in rules:
            if engine.already_handled(session, rule.id, subject.key):
                continue
            done = engine.evaluate(
                session, settings, rule.id, subject, cause=f"scan:backorders:{now:%Y-%m-%d}",
                now=now,
            )  # fmt: skip
            evaluated += done.evaluation_id is not None
    return evaluated


def jobs(settings: Settings) -> list[Job]:
    def seed(session: Session, now: datetime) -> None:
        store.seed_builtin_rules(session, currency=settings.default_currency, now=now)

    def follow_ups(session: Session, now: datetime) -> None:
        followups.process_due(session, settings, now)

    def scan(session: Session, now: datetime) -> None:
        scan_at_risk(session, settings, now)

    def backorders(session: Session, now: datetime) -> None:
        slips.notify_slips(session, settings, now, limit=SCAN_LIMIT)
        notify_backorders(session, settings, now)

    return [
        Job("proactive.rules_seed", timedelta(days=1), seed, at_start=True),
        Job("proactive.follow_ups", timedelta(minutes=10), follow_ups),
        Job("proactive.rules_scan", timedelta(minutes=15), scan),
        Job("proactive.backorder_notices", timedelta(minutes=15), backorders),
    ]
