"""Handing a chat to a person: a ticket with the transcript and context, and honest words
about what happens next (an agent joining, with the wait; or a reply by e-mail, with the
time the SLA promises; or, outside business hours, when the team is back).

The ticket goes to the chat team (``CHAT_TEAM``, made on the store's business hours in
the store's time zone at the first handover), so its SLA clock counts the team's working
time; its targets are those of the chat channel's policy. What the customer is told comes
from that same clock (``waiting.promise``), shown on their own clock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from opsdesk import orders, support
from opsdesk.assistant.answers import Context, Reply
from opsdesk.assistant.chat.waiting import promise
from opsdesk.assistant.dialogue import (
    Decision,
    DialogueState,
    HandoverReason,
    format_address,
    handover_priority,
    read_address,
)
from opsdesk.assistant.models import ChatMessage, ChatRole, ChatSession
from opsdesk.assistant.nlu.labels import intent_label

AUTHOR = support.Author(actor="assistant:chat", name="OpsDesk assistant")
WAITING = (support.sla.TicketStatus.NEW, support.sla.TicketStatus.OPEN)
CHAT_TEAM = "Chat"


def transcript(messages: Sequence[ChatMessage]) -> str:
    speaker = {ChatRole.CUSTOMER: "Customer", ChatRole.ASSISTANT: "Assistant",
               ChatRole.SYSTEM: "System"}  # fmt: skip
    return "\n\n".join(f"{speaker[m.role]}: {m.body}" for m in messages)


def _entities(messages: Sequence[ChatMessage]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for message in messages:
        for entity in message.entities:
            values = found.setdefault(str(entity["kind"]), [])
            if entity["value"] not in values:
                values.append(str(entity["value"]))
    return found


def context_note(decision: Decision, state: DialogueState, messages: Sequence[ChatMessage],
                 order_number: str | None) -> str:  # fmt: skip
    """The summary an agent reads before the transcript."""
    last = next((m for m in reversed(messages) if m.role is ChatRole.CUSTOMER), None)
    confidence = f" ({last.confidence:.0%})" if last and last.confidence is not None else ""
    entities = "; ".join(f"{k}: {', '.join(v)}" for k, v in _entities(messages).items())
    lines = [
        "Handed over by the assistant: "
        f"{(decision.reason or HandoverReason.REQUESTED).value.replace('_', ' ')}.",
        f"The customer asked about: {intent_label(decision.intent)}{confidence}; "
        f"language: {state.language}.",
        f"Verified order: {order_number or 'none'}.",
        f"Entities: {entities or 'none'}.",
    ]
    wanted = requested_address(state)
    if wanted:
        lines.append(f"New delivery address asked for: {wanted}.")
    return "\n".join(lines)


def requested_address(state: DialogueState) -> str:
    """The new address the customer gave (street included), so the agent need not ask."""
    pending = state.awaiting_confirmation
    if pending is not None and pending.address:
        return format_address(pending.address, country=state.address_country)
    if not state.address_draft:
        return ""
    typed = read_address(state.address_draft, country=state.address_country)
    if typed.address is not None:
        return format_address(typed.address.as_dict(), country=state.address_country)
    return " ".join(state.address_draft.split())[:300] if typed.found_anything else ""


def _requester(
    ctx: Context, state: DialogueState, messages: Sequence[ChatMessage]
) -> dict[str, object]:
    if state.verified_order_id is not None:
        customer = orders.read_order(ctx.session, state.verified_order_id).customer_id
        if customer is not None:
            return {"customer_id": customer}
    if state.customer_id is not None:
        return {"customer_id": state.customer_id}
    emails = _entities(messages).get("email")
    return {"customer_email": emails[-1]} if emails else {}


def open_ticket(ctx: Context, chat: ChatSession, state: DialogueState, decision: Decision,
                messages: Sequence[ChatMessage], *,
                hours: support.sla.BusinessCalendar) -> support.Ticket:  # fmt: skip
    """The handover's ticket, in the chat team (created on ``hours``, the store's business
    hours, when it does not exist yet)."""
    number = (orders.read_order(ctx.session, state.verified_order_id).number
              if state.verified_order_id else None)  # fmt: skip
    reason = decision.reason or HandoverReason.REQUESTED
    subject = f"Chat: {intent_label(decision.intent) if decision.intent else 'Question'}"
    body = f"{context_note(decision, state, messages, number)}\n\n{transcript(messages)}"
    data = support.TicketCreate.model_validate({
        "subject": subject + (f" ({number})" if number else ""),
        "body": body[: 100_000],
        "channel": support.Channel.CHAT,
        "priority": handover_priority(reason, decision.intent),
        "tags": ["chat", "assistant-handover", f"handover-{reason.value}"],
        "order_ids": [state.verified_order_id] if state.verified_order_id else [],
        "team_id": support.ensure_team(ctx.session, CHAT_TEAM, hours).id,
        **_requester(ctx, state, messages),
    })  # fmt: skip
    ticket = support.create_ticket(ctx.session, data, author=AUTHOR, now=ctx.now)
    chat.ticket_id, chat.handed_over_at = ticket.id, ctx.now
    return ticket


def _agents_online(ctx: Context) -> int:
    query = sa.select(sa.func.count()).where(
        support.AgentAvailability.online.is_(True), support.AgentAvailability.capacity > 0
    )
    return int(ctx.session.scalar(query) or 0)


def _queue_ahead(ctx: Context, ticket: support.Ticket) -> int:
    if ticket.assignee_id is not None:
        counts = support.open_ticket_counts(ctx.session, [ticket.assignee_id])
        return counts.get(ticket.assignee_id, 1) - 1
    query = sa.select(sa.func.count()).where(
        support.Ticket.channel == support.Channel.CHAT,
        support.Ticket.assignee_id.is_(None),
        support.Ticket.status.in_(WAITING),
        support.Ticket.id < ticket.id,
    )
    return int(ctx.session.scalar(query) or 0)


def what_happens_next(ctx: Context, ticket: support.Ticket, reason: HandoverReason | None) -> Reply:
    reply = Reply(offer_team=False)
    if reason is HandoverReason.COMPLAINT:
        reply.add(ctx.say("handover_apology"))
    online = 1 if ticket.assignee_id is not None else _agents_online(ctx)
    told = promise(ctx.now, reply_by=_reply_due(ctx, ticket),
                   hours=support.team_calendar(ctx.session, ticket.team_id),
                   queue_ahead=_queue_ahead(ctx, ticket), agents_online=online)  # fmt: skip
    if told.join_minutes is not None:
        return reply.add(ctx.say("handover_agent", ref=ticket.reference,
                                 minutes=told.join_minutes))  # fmt: skip
    key, words = "handover", {"ref": ticket.reference, "time": ctx.voice.moment(told.reply_by)}
    if told.back_at is not None:  # outside business hours: say when the team is back
        key, words["back"] = "handover_closed", ctx.voice.moment(told.back_at)
    if ticket.requester_email:
        _promise_email(ctx, ticket)
        return reply.add(ctx.say(f"{key}_email", email=ticket.requester_email, **words))
    return reply.add(ctx.say(f"{key}_no_email", **words))


def _reply_due(ctx: Context, ticket: support.Ticket) -> datetime:
    """The first-response due instant of the ticket's SLA."""
    clock = support.read_ticket(ctx.session, ticket.id, now=ctx.now).sla.first_response
    return clock.due_at or ctx.now


def _promise_email(ctx: Context, ticket: support.Ticket) -> None:
    """We told the customer to expect an e-mail: make the agent's reply go out as one."""
    tags = sorted({*(ticket.tags or []), support.REPLY_BY_EMAIL_TAG})
    support.update_ticket(
        ctx.session, ticket.id, support.TicketUpdate(tags=tags), author=AUTHOR, now=ctx.now
    )
