"""Carrying out a plan: codes, messages, tickets, flags, notes, deferred follow-ups.

Runs inside the caller's transaction (the worker's, per event), so a failure leaves no
half-done evaluation: the code, the message and the audit row commit together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import notifications, orders, promotions, support
from opsdesk.config import Settings
from opsdesk.proactive import messages, phrases
from opsdesk.proactive.rules import subjects as subj
from opsdesk.proactive.rules.models import ActionStatus, OrderFlag, ScheduledAction
from opsdesk.proactive.rules.plan import ParsedRule, Plan
from opsdesk.proactive.rules.policy import Remedy, RemedyKind
from opsdesk.proactive.rules.schemas import (
    CreateTicket,
    FlagOrder,
    IssueRemedy,
    NoteTeamLead,
    ScheduleFollowUp,
    SendMessage,
)

MT = notifications.MessageType
ACTOR = "system:proactive"
_PREFIX = {RemedyKind.SHIPPING_UPGRADE: "SHIP", RemedyKind.DISCOUNT: "SORRY"}


@dataclass(frozen=True)
class Run:
    session: Session
    settings: Settings
    now: datetime
    rule: ParsedRule
    subject: subj.Subject

    @property
    def actor(self) -> str:
        return f"rule:{self.rule.id}"


@dataclass(frozen=True)
class IssuedCode:
    code: str
    remedy: Remedy  # its value and currency are the code's (the order's currency)
    expires_at: datetime


def perform(run: Run, plan: Plan) -> list[dict[str, Any]]:
    """Do every planned step; returns what was done, for the audit trail."""
    done: list[dict[str, Any]] = []
    code = None
    for step in plan.steps:
        if isinstance(step.action, IssueRemedy) and step.remedy is not None:
            code = _issue(run, step.action, step.remedy)
            done.append({"type": "issue_remedy", "code": code.code, **step.remedy.describe()})
    for step in plan.steps:
        action = step.action
        if isinstance(action, SendMessage):
            done.append(_send(run, action, code))
        elif isinstance(action, CreateTicket):
            done.append(_ticket(run, action))
        elif isinstance(action, FlagOrder):
            done.append(_flag(run, action))
        elif isinstance(action, NoteTeamLead):
            done.append(_note_team_lead(run, code))
        elif isinstance(action, ScheduleFollowUp):
            done.append(_schedule_follow_up(run, action))
    return done


def _issue(run: Run, config: IssueRemedy, remedy: Remedy) -> IssuedCode:
    """A code in the order's currency; its reason keeps the budget's cost and the rate."""
    subject = run.subject
    expires = run.now + timedelta(days=config.valid_days)
    order_ref = subject.order.number if subject.order else None
    reason = f"{run.rule.name}: {remedy.kind.value} for {subject.key}"
    if remedy.rate.converts:
        reason += f"; {remedy.cost_minor} {remedy.rate.base} at {remedy.rate}"
    row = promotions.issue_code(
        run.session,
        kind="amount",
        value=remedy.value_minor,
        currency=remedy.currency,
        expires_at=expires,
        customer_id=subject.customer_id,
        reason=reason[:500],
        reason_code="automatic_remedy",  # the rule's budget bounds it, not an agent's caps
        source="proactive",
        issued_by=run.actor,
        reference=promotions.CodeReference(ticket_id=subject.ticket_id, order_reference=order_ref),
        prefix=_PREFIX[remedy.kind],
        now=run.now,
    )
    return IssuedCode(row.code, remedy, expires)


def _send(run: Run, action: SendMessage, code: IssuedCode | None) -> dict[str, Any]:
    subject, info = run.subject, run.subject.order
    locale = info.locale if info else run.settings.default_locale
    context = _message_context(subject, action.message_type, code, locale)
    message_type = MT(action.message_type)
    if info is not None:
        message = messages.send(
            run.session, run.settings, message_type, info, context, cause=subject.key, now=run.now
        )
    else:
        message = _send_without_order(run, message_type, context)
    if message is None:
        return {
            "type": "send_message",
            "message_type": action.message_type,
            "status": "no customer",
        }
    return {
        "type": "send_message",
        "message_type": action.message_type,
        "message_id": message.id,
        "status": message.status.value,
    }


def _message_context(
    subject: subj.Subject, message_type: str, code: IssuedCode | None, locale: str
) -> dict[str, Any]:
    detail = subject.detail
    if message_type == MT.DELAY_NOTICE:
        return {
            "reason": phrases.reason(str(detail["reason"]), locale),
            "promised_date": detail["promised"],
            "new_date": detail["new_date"],
            "remedy": _remedy_text(code, locale),
        }
    if message_type == MT.BACKORDERED:
        return {"items": detail["items"], "promised_date": detail["promised"]}
    assert code is not None  # the plan only sends a code message with a code
    return {
        "code": code.code,
        "amount": messages.money(code.remedy.value_minor, code.remedy.currency),
        "expires_date": code.expires_at.date(),
    }


def _remedy_text(code: IssuedCode | None, locale: str) -> str:
    if code is None:
        return ""
    return phrases.remedy(
        code.remedy.kind.value,
        code=code.code,
        minor=code.remedy.value_minor,
        currency=code.remedy.currency,
        until=code.expires_at.date(),
        locale=locale,
    )


def _send_without_order(
    run: Run, message_type: notifications.MessageType, context: dict[str, Any]
) -> notifications.Message | None:
    customer_id = run.subject.customer_id
    if customer_id is None:
        return None
    first_name = run.session.scalar(
        sa.select(support.Ticket.requester_name).where(support.Ticket.id == run.subject.ticket_id)
    )
    return notifications.queue_for_customer(
        run.session,
        message_type=message_type,
        customer_id=customer_id,
        context={"customer_first_name": (first_name or "").split(" ")[0], **context},
        cause=run.subject.key,
        voice=messages.voice(run.settings),
        now=run.now,
    )


def _ticket(run: Run, action: CreateTicket) -> dict[str, Any]:
    subject, info = run.subject, run.subject.order
    assert info is not None
    assert subject.shipment_id is not None
    status = str(subject.detail.get("status", "exception"))
    events = subj.carrier_events(run.session, subject.shipment_id)
    quoted = "\n".join(f"> {line}" for line in events) or "> (no carrier scans stored)"
    body = (
        f"OpsDesk opened this ticket automatically (rule “{run.rule.name}”).\n\n"
        f"{subject.detail.get('carrier', 'The carrier')} reported parcel "
        f"{subject.detail.get('tracking_number') or subject.shipment_id} of order {info.number} "
        f"as {status.replace('_', ' ')}. Please arrange a replacement (reship) or a refund "
        f"and tell the customer.\n\nCarrier events:\n{quoted}"
    )
    data = support.TicketCreate(
        subject=f"Parcel {status.replace('_', ' ')}: order {info.number}",
        body=body,
        priority=action.priority,
        customer_id=info.customer_id,
        order_ids=[info.id],
        tags=["proactive", "carrier-exception", status],
        reason="carrier_exception",
        opened_by_system=True,
    )
    author = support.Author(actor=ACTOR, name="OpsDesk")
    ticket = support.create_ticket(run.session, data, author=author, now=run.now)
    if action.tell_customer and ticket.requester_email:
        _tell_customer(run, ticket, status)
    orders.add_timeline_event(
        run.session,
        info.id,
        kind="proactive.ticket",
        summary=f"Ticket {ticket.reference} opened: parcel {status}",
        actor=run.actor,
        data={"ticket_id": ticket.id},
    )
    return {"type": "create_ticket", "ticket_id": ticket.id, "customer_told": action.tell_customer}


def _tell_customer(run: Run, ticket: support.Ticket, status: str) -> None:
    info = run.subject.order
    assert info is not None
    text = phrases.next_steps(
        status,
        locale=info.locale,
        register=run.settings.notification_register,
        name=info.first_name,
        order=info.number,
        ticket=ticket.reference,
        store=run.settings.store_name,
    )
    voice = messages.voice(run.settings)
    support.add_staff_message(
        run.session,
        ticket.id,
        support.MessageCreate(body=text, status=support.sla.TicketStatus.OPEN),
        author=support.Author(actor=ACTOR, name=run.settings.store_name, automated=True),
        mail_domain=voice.mail_domain,
        now=run.now,
    )


def _flag(run: Run, action: FlagOrder) -> dict[str, Any]:
    info = run.subject.order
    assert info is not None
    existing = run.session.scalar(
        sa.select(OrderFlag.id).where(
            OrderFlag.order_id == info.id,
            OrderFlag.flag == action.flag,
            OrderFlag.cleared_at.is_(None),
        )
    )
    if existing is not None:
        return {"type": "flag_order", "flag": action.flag, "flag_id": existing, "new": False}
    reason = f"{run.rule.name}: {run.subject.key}"[:500]
    row = OrderFlag(
        order_id=info.id, flag=action.flag, reason=reason, rule_id=run.rule.id, created_at=run.now
    )
    run.session.add(row)
    run.session.flush()
    orders.add_timeline_event(
        run.session,
        info.id,
        kind="proactive.flagged",
        summary=f"Flagged “{action.flag}” for agents by rule “{run.rule.name}”",
        actor=run.actor,
        data={"flag": action.flag, "flag_id": row.id},
    )
    return {"type": "flag_order", "flag": action.flag, "flag_id": row.id, "new": True}


def _note_team_lead(run: Run, code: IssuedCode | None) -> dict[str, Any]:
    subject = run.subject
    offered = f" Recovery code {code.code} was sent." if code else " No code was sent."
    text = (
        f"For the team lead: rule “{run.rule.name}” fired for {subject.key} "
        f"({', '.join(f'{k}={v}' for k, v in _shown_facts(subject).items())}).{offered}"
    )
    if subject.ticket_id is not None:
        note = support.add_staff_message(
            run.session,
            subject.ticket_id,
            support.MessageCreate(body=text, internal=True),
            author=support.Author(actor=ACTOR, name="OpsDesk"),
            now=run.now,
        )
        return {"type": "note_team_lead", "ticket_id": subject.ticket_id, "note_id": note.id}
    if subject.order is not None:
        orders.add_timeline_event(
            run.session,
            subject.order.id,
            kind="proactive.team_lead_note",
            summary=text,
            actor=run.actor,
        )
        return {"type": "note_team_lead", "order_id": subject.order.id}
    return {"type": "note_team_lead", "status": "nowhere to note"}


def _shown_facts(subject: subj.Subject) -> dict[str, Any]:
    keys = ("csat_score", "complaint", "risk", "ticket_status")
    return {k: subject.facts[k] for k in keys if subject.facts.get(k) is not None}


def _schedule_follow_up(run: Run, action: ScheduleFollowUp) -> dict[str, Any]:
    info, subject = run.subject.order, run.subject
    assert info is not None
    assert info.customer_id is not None
    key = f"follow_up:order:{info.id}"
    existing = run.session.scalar(sa.select(ScheduledAction).where(ScheduledAction.key == key))
    if existing is not None:
        return {"type": "schedule_follow_up", "action_id": existing.id, "new": False}
    delivered_at = subject.detail.get("delivered_at") or run.now
    row = ScheduledAction(
        key=key,
        rule_id=run.rule.id,
        kind="follow_up",
        order_id=info.id,
        customer_id=info.customer_id,
        due_at=delivered_at + timedelta(days=action.after_days),
        status=ActionStatus.PENDING,
        created_at=run.now,
    )
    run.session.add(row)
    run.session.flush()
    return {"type": "schedule_follow_up", "action_id": row.id, "due_at": row.due_at.isoformat()}
