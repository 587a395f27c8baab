"""Small shared steps of ticket services: history rows, status moves, tags."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.kernel import events as outbox
from opsdesk.kernel.errors import NotFound
from opsdesk.support import policy, sla_status
from opsdesk.support.events import TicketStatusChanged
from opsdesk.support.models import Ticket, TicketEventKind, TicketHistoryEvent, TicketTag
from opsdesk.support.sla import TicketStatus


@dataclass(frozen=True)
class Author:
    """Who acts on a ticket: ``actor`` for history lines, ``staff_id`` for agents.

    ``automated``: OpsDesk wrote the reply itself (a proactive rule telling the customer
    what happens next). It reaches the customer like any reply, but no agent has answered
    yet, so it neither stops the first-response clock nor sets ``first_response_at``."""

    actor: str
    staff_id: int | None = None
    name: str = ""
    email: str = ""
    automated: bool = False


SYSTEM = Author(actor="system:support", name="OpsDesk")


def get_ticket(session: Session, ticket_id: int, *, lock: bool = False) -> Ticket:
    query = sa.select(Ticket).where(Ticket.id == ticket_id)
    if lock:
        query = query.with_for_update()
    ticket = session.scalar(query)
    if ticket is None:
        raise NotFound("ticket", ticket_id)
    return ticket


def record(
    session: Session,
    ticket: Ticket,
    kind: TicketEventKind,
    author: Author,
    at: datetime,
    **data: Any,
) -> None:
    session.add(
        TicketHistoryEvent(ticket_id=ticket.id, kind=kind, at=at, actor=author.actor, data=data)
    )
    ticket.updated_at = at


def move_status(
    session: Session, ticket: Ticket, target: TicketStatus, author: Author, at: datetime
) -> bool:
    """Check and apply a status change; False when the ticket already had it."""
    current = ticket.status
    if target is current:
        return False
    policy.check_transition(current, target)
    ticket.status = target
    if target is TicketStatus.SOLVED:
        ticket.solved_at = at
    elif target is not TicketStatus.CLOSED:
        ticket.solved_at = None
    record(session, ticket, TicketEventKind.STATUS, author, at, **{"from": current, "to": target})
    outbox.record(
        session,
        TicketStatusChanged(
            ticket_id=ticket.id, previous=current.value, status=target.value, actor=author.actor
        ),
        now=at,
    )
    return True


def replace_tags(session: Session, ticket: Ticket, tags: list[str]) -> None:
    session.execute(sa.delete(TicketTag).where(TicketTag.ticket_id == ticket.id))
    session.add_all(TicketTag(ticket_id=ticket.id, tag=tag) for tag in tags)
    ticket.tags = list(tags)


def finish(session: Session, ticket: Ticket, at: datetime) -> None:
    """Flush the change and write the SLA instants back (every change ends here)."""
    session.flush()
    sla_status.refresh(session, ticket, at)
    session.flush()


def new_message_id(ticket_id: int, mail_domain: str) -> str:
    return f"<t{ticket_id}.{secrets.token_hex(10)}@{mail_domain}>"
