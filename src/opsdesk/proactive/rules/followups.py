"""Deferred actions: follow-ups that fall due, re-checked at the moment they are due.

Each due row is claimed by a conditional UPDATE (pending → done/suppressed), so two
workers, or a job run twice, handle it once. Whether the customer has an open complaint
ticket or an open return is asked again now, not when the follow-up was scheduled.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import notifications, orders, returns, support
from opsdesk.config import Settings
from opsdesk.proactive import messages
from opsdesk.proactive.rules import policy
from opsdesk.proactive.rules.models import (
    ActionStatus,
    Outcome,
    Rule,
    RuleEvaluation,
    ScheduledAction,
)
from opsdesk.proactive.rules.subjects import order_infos

BATCH = 200
TRIGGER = "scheduled:follow_up"
_DONE = (support.sla.TicketStatus.SOLVED, support.sla.TicketStatus.CLOSED)


def open_complaints(session: Session, customer_id: int) -> int:
    t = support.Ticket
    rows = session.execute(
        sa.select(t.reason, t.tags).where(t.customer_id == customer_id, t.status.not_in(_DONE))
    ).all()
    return sum(1 for reason, tags in rows if policy.is_complaint(reason, tags or ()))


def open_returns(session: Session, customer_id: int) -> int:
    r, o = returns.ReturnRequest, orders.Order
    count = session.scalar(
        sa.select(sa.func.count())
        .select_from(r)
        .join(o, o.id == r.order_id)
        .where(o.customer_id == customer_id, r.status.in_(sorted(policy.OPEN_RETURN_STATUSES)))
    )
    return int(count or 0)


def process_due(session: Session, settings: Settings, now: datetime) -> int:
    """Handle up to :data:`BATCH` due follow-ups; returns how many were handled."""
    due = session.scalars(
        sa.select(ScheduledAction.id)
        .where(ScheduledAction.status == ActionStatus.PENDING, ScheduledAction.due_at <= now)
        .order_by(ScheduledAction.due_at, ScheduledAction.id)
        .limit(BATCH)
    ).all()
    return sum(1 for action_id in due if _handle(session, settings, action_id, now))


def _handle(session: Session, settings: Settings, action_id: int, now: datetime) -> bool:
    row = session.get(ScheduledAction, action_id)
    if row is None:
        return False
    blocked = policy.follow_up_blocked(
        open_complaints(session, row.customer_id), open_returns(session, row.customer_id)
    )
    status = ActionStatus.SUPPRESSED if blocked else ActionStatus.DONE
    claimed = session.execute(
        sa.update(ScheduledAction)
        .where(ScheduledAction.id == action_id, ScheduledAction.status == ActionStatus.PENDING)
        .values(status=status, processed_at=now, outcome=(blocked or "")[:300])
        .execution_options(synchronize_session=False)
    )
    if not claimed.rowcount:  # type: ignore[attr-defined]
        return False
    session.refresh(row)
    if blocked:
        _audit(session, row, Outcome.SUPPRESSED, [f"follow-up suppressed: {blocked}"], [], now)
        return True
    done = _send(session, settings, row, now)
    row.outcome = f"message {done.get('message_id')} {done.get('status')}"[:300]
    _audit(session, row, Outcome.FIRED, ["follow-up due; no open complaint or return"], [done], now)
    return True


def _send(
    session: Session, settings: Settings, row: ScheduledAction, now: datetime
) -> dict[str, object]:
    info = order_infos(session, [row.order_id]).get(row.order_id)
    if info is None or info.customer_id is None:
        return {"type": "send_message", "status": "order or customer gone"}
    first = session.scalars(
        sa.select(orders.OrderLine)
        .where(orders.OrderLine.order_id == row.order_id)
        .order_by(orders.OrderLine.line_no)
    ).first()
    product = (first.title or first.sku) if first else info.number
    message = messages.send(
        session,
        settings,
        notifications.MessageType.FOLLOW_UP,
        info,
        {"product_name": product},
        cause=row.key,
        now=now,
    )
    if message is None:
        return {"type": "send_message", "status": "no customer"}
    return {
        "type": "send_message",
        "message_type": "follow_up",
        "message_id": message.id,
        "status": message.status.value,
    }


def _audit(
    session: Session,
    row: ScheduledAction,
    outcome: Outcome,
    reasons: list[str],
    actions: list[dict[str, object]],
    now: datetime,
) -> None:
    if row.rule_id is None:
        return
    currency = session.scalar(sa.select(Rule.currency).where(Rule.id == row.rule_id)) or ""
    session.add(
        RuleEvaluation(
            rule_id=row.rule_id,
            trigger=TRIGGER,
            subject_key=row.key,
            fired_key=None,
            outcome=outcome,
            reasons=reasons,
            actions=actions,
            order_id=row.order_id,
            customer_id=row.customer_id,
            cost_minor=0,
            currency=currency,
            cause=f"scheduled_action:{row.id}",
            occurred_at=now,
        )
    )
    session.flush()
