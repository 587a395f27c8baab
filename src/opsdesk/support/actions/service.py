"""``perform_action``: one agent action on an order, done whole or not at all.

Everything happens inside a savepoint of the caller's transaction: the order service's
changes (stock, timeline, events), the link between ticket and order, the internal note
and ``TicketActionPerformed``. When any step refuses — the order's status (409), bad
input (422), stock that is short (409) — the savepoint rolls back and the caller's
transaction is as it was: no note, no timeline line, no event.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from urllib.parse import urlparse

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import customers, notifications, orders
from opsdesk.config import Settings
from opsdesk.kernel import events as outbox
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import Conflict, NotFound
from opsdesk.kernel.http import Principal
from opsdesk.support import linking, tickets
from opsdesk.support.actions import drafts, rules, steps
from opsdesk.support.actions.schemas import ActionOutcome, ActionRequest
from opsdesk.support.desk_events import TicketActionPerformed
from opsdesk.support.history import Author, get_ticket
from opsdesk.support.models import Ticket, TicketMessage, TicketOrderLink
from opsdesk.support.schemas import MessageCreate

DEFAULT_VOICE = notifications.StoreVoice(
    store_name="OpsDesk Demo Store",
    default_locale="en",
    register=notifications.Register.FORMAL,
    mail_domain="opsdesk.local",
)


def voice_of(settings: Settings) -> notifications.StoreVoice:
    """How messages to customers sound for this installation (the store's name, register)."""
    return notifications.StoreVoice(
        store_name=settings.store_name,
        default_locale=settings.default_locale,
        register=notifications.Register(settings.notification_register),
        mail_domain=urlparse(settings.public_url).hostname or "opsdesk.local",
    )


class OrderNotLinked(Conflict):
    code = "order_not_linked"


def author_of(principal: Principal) -> Author:
    return Author(actor=principal.actor, staff_id=principal.user_id, name=principal.name)


def perform_action(
    session: Session,
    ticket_id: int,
    action: ActionRequest,
    *,
    principal: Principal,
    voice: notifications.StoreVoice | None = None,
    default_timezone: str = "UTC",
    now: datetime | None = None,
) -> ActionOutcome:
    """Act on the ticket's order, write the internal note, and draft the reply."""
    at = now or utcnow()
    author = author_of(principal)
    with session.begin_nested():
        ticket = get_ticket(session, ticket_id, lock=True)
        order = _order_for(session, ticket, action, author, at)
        if order is not None:
            rules.check_allowed(action.kind, order.number, order.status)
        customer = (
            session.get(customers.Customer, ticket.customer_id) if ticket.customer_id else None
        )
        ctx = steps.Context(session, ticket, order, customer, principal.actor, at,
                            voice or DEFAULT_VOICE, default_timezone, principal.role)  # fmt: skip
        done = steps.STEPS[action.kind](ctx, action)
        done = _with_agent_note(done, action.note)
        note = _write_note(session, ticket, action, order, done, author, at)
    # A code still waiting for approval is not promised to the customer.
    draft = None if done.facts.pending_because else _draft(ticket, customer, done, order)
    return ActionOutcome(
        action=action.kind, ticket_id=ticket.id, order_id=order.id if order else None,
        order_number=order.number if order else None,
        order_status=order.status.value if order else None,
        note_id=note.id, note=note.body_text, draft_reply=draft, **done.fields,
    )  # fmt: skip


def _write_note(
    session: Session,
    ticket: Ticket,
    action: ActionRequest,
    order: orders.Order | None,
    done: steps.Done,
    author: Author,
    at: datetime,
) -> TicketMessage:
    """The internal note that tells colleagues what was done, and its outbox event."""
    body = drafts.internal_note(done.facts, charge=done.charge)
    note = tickets.add_staff_message(
        session, ticket.id, MessageCreate(body=body, internal=True), author=author, now=at
    )
    outbox.record(session, TicketActionPerformed(
        ticket_id=ticket.id, action=action.kind.value, order_id=order.id if order else None,
        note_id=note.id, actor=author.actor,
    ), now=at)  # fmt: skip
    return note


def _with_agent_note(done: steps.Done, note: str) -> steps.Done:
    if not note.strip():
        return done
    return dataclasses.replace(done, facts=dataclasses.replace(done.facts, agent_note=note))


def _draft(
    ticket: Ticket,
    customer: customers.Customer | None,
    done: steps.Done,
    order: orders.Order | None,
) -> str:
    first = customer.first_name if customer and customer.first_name else ""
    first = first or (ticket.requester_name.split() or [""])[0]
    locale = (customer.locale if customer else None) or (order.locale if order else "en")
    return drafts.draft_reply(done.facts, first_name=first, locale_tag=locale)


def _order_for(
    session: Session, ticket: Ticket, action: ActionRequest, author: Author, at: datetime
) -> orders.Order | None:
    """The order the action is about, linked to the ticket (linked now when it is the
    ticket customer's own; a stranger's order must be linked by hand first)."""
    order_id = getattr(action, "order_id", None)
    if order_id is None:
        return None
    order = session.get(orders.Order, order_id)
    if order is None:
        raise NotFound("order", order_id)
    linked = session.scalar(
        sa.select(TicketOrderLink.order_id).where(
            TicketOrderLink.ticket_id == ticket.id, TicketOrderLink.order_id == order.id
        )
    )
    if linked is None:
        if not _belongs_to_requester(ticket, order):
            raise OrderNotLinked(
                f"order {order.number} is not linked to ticket {ticket.reference} and belongs "
                "to another customer; link it by hand first if it is really theirs",
                details={"order_id": order.id, "order_number": order.number},
            )
        linking.link_order(session, ticket, order.id, author, at)
    return order


def _belongs_to_requester(ticket: Ticket, order: orders.Order) -> bool:
    if ticket.customer_id is not None and order.customer_id == ticket.customer_id:
        return True
    return bool(ticket.requester_email) and order.email.lower() == ticket.requester_email.lower()
