"""Backorder slips: a customer told "your item arrives by 14 Dec" hears, once, when that
date moves later — a purchase order re-dated or received short, the waiting lines
re-dated by allocation — with the new date and an apology (``delay_notice``, reason
``backorder_slipped``).

What the customer was last told is what the backorder rules fired on: their fired keys
end in the date they gave (``backorder:order:<id>:<date>``, ``backorder_slip:…``). A slip
is the order's current backorder date past that date; the built-in rule's condition
(``slip_days >= 1``) keeps same-day wobbles quiet and a store can raise it. The backorder
scan leaves slipped orders to this rule while one is enabled, so no customer gets two
messages for one move; a date that moves *earlier* stays the backorder rule's good news.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import inventory
from opsdesk.config import Settings
from opsdesk.proactive.rules import engine
from opsdesk.proactive.rules import subjects as subj
from opsdesk.proactive.rules.models import RuleEvaluation
from opsdesk.proactive.rules.triggers import Trigger

PREFIXES = ("backorder:order:", "backorder_slip:order:")
REASON = "backorder_slipped"


def last_told(session: Session, order_ids: Iterable[int]) -> dict[int, date]:
    """The latest backorder date each order's customer was given by a rule that fired."""
    ids = sorted(set(order_ids))
    if not ids:
        return {}
    e = RuleEvaluation
    rows = session.execute(
        sa.select(e.order_id, e.fired_key, e.id).where(
            e.order_id.in_(ids),
            e.fired_key.is_not(None),
            sa.or_(*(e.fired_key.startswith(p) for p in PREFIXES)),
        ).order_by(e.id)
    )  # fmt: skip
    told: dict[int, date] = {}
    for order_id, key, _id in rows:
        if order_id is None:
            continue
        try:
            told[int(order_id)] = date.fromisoformat(str(key).rsplit(":", 1)[1])
        except ValueError:
            continue
    return told


def slipped(subject: subj.Subject, told: date | None) -> bool:
    """The backorder date now is later than the one the customer was given."""
    promised = subject.detail.get("promised")
    return told is not None and isinstance(promised, date) and promised > told


def left_to_backorder_rules(session: Session, subjects: list[subj.Subject]) -> list[subj.Subject]:
    """The backorder subjects the backorder rules should still hear: not a date the
    customer already has (whichever rule gave it), and not a slip while a slip rule is
    on (it tells those)."""
    told = last_told(session, [s.order_id for s in subjects if s.order_id])
    slips_on = bool(engine.enabled_rules(session, Trigger.SCAN_BACKORDER_SLIPPED))
    kept = []
    for subject in subjects:
        given = told.get(subject.order_id or 0)
        if given is not None and subject.detail.get("promised") == given:
            continue
        if slips_on and slipped(subject, given):
            continue
        kept.append(subject)
    return kept


def slip_subject(base: subj.Subject, told: date) -> subj.Subject:
    new = base.detail["promised"]
    order_id = base.order_id
    return subj.Subject(
        Trigger.SCAN_BACKORDER_SLIPPED,
        f"backorder_slip:order:{order_id}:{new.isoformat()}",
        {**base.facts, "slip_days": (new - told).days},
        base.order,
        detail={**base.detail, "reason": REASON, "promised": told, "new_date": new},
    )


def slip_subjects(session: Session, now: datetime, *, limit: int) -> list[subj.Subject]:
    """Every waiting order whose backorder date moved past the one its customer has."""
    waiting = inventory.orders_waiting(session, limit=limit)
    told = last_told(session, waiting)
    found = []
    for order_id in waiting:
        if order_id not in told:
            continue  # never told a date: the backorder rule speaks first
        base = subj.backorder_subject(session, order_id, today=now.date())
        if base is not None and slipped(base, told[order_id]):
            found.append(slip_subject(base, told[order_id]))
    return found


def notify_slips(session: Session, settings: Settings, now: datetime, *, limit: int) -> int:
    """Run the slip rules over every slipped backorder (each subject once per rule)."""
    rules = engine.enabled_rules(session, Trigger.SCAN_BACKORDER_SLIPPED)
    if not rules:
        return 0
    evaluated = 0
    for subject in slip_subjects(session, now, limit=limit):
        for rule in rules:
            if engine.already_handled(session, rule.id, subject.key):
                continue
            done = engine.evaluate(session, settings, rule.id, subject,
                                   cause=f"scan:backorder_slips:{now:%Y-%m-%d}", now=now)  # fmt: skip
            evaluated += done.evaluation_id is not None
    return evaluated
