"""Changing a ticket: status, priority, assignee, team, tags, reason, order links."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import InvalidInput
from opsdesk.support import assignment, linking
from opsdesk.support.history import Author, finish, get_ticket, move_status, record, replace_tags
from opsdesk.support.models import Team, Ticket, TicketEventKind
from opsdesk.support.schemas import TicketUpdate


def update_ticket(
    session: Session,
    ticket_id: int,
    changes: TicketUpdate,
    *,
    author: Author,
    now: datetime | None = None,
) -> Ticket:
    """Apply the fields sent, all or nothing: an illegal status move (409) or an unknown
    assignee or team (422) leaves the ticket as it was."""
    at = now or utcnow()
    ticket = get_ticket(session, ticket_id, lock=True)
    sent = changes.model_fields_set
    if "status" in sent and changes.status is None:
        raise _invalid("status", "cannot be null")
    if "priority" in sent and changes.priority is None:
        raise _invalid("priority", "cannot be null")
    if (
        "team_id" in sent
        and changes.team_id is not None
        and session.get(Team, changes.team_id) is None
    ):
        raise _invalid("team_id", "no such team")
    if "assignee_id" in sent and changes.assignee_id is not None:
        assignment.ensure_agent(session, changes.assignee_id)
    if changes.status is not None:
        move_status(session, ticket, changes.status, author, at)
    if changes.priority is not None and changes.priority is not ticket.priority:
        record(session, ticket, TicketEventKind.PRIORITY, author, at,
               **{"from": ticket.priority, "to": changes.priority})  # fmt: skip
        ticket.priority = changes.priority
    if "assignee_id" in sent:
        assignment.assign(session, ticket, changes.assignee_id, author, at)
    else:
        assignment.claim_when_done(session, ticket, author, at)
    if "team_id" in sent and changes.team_id != ticket.team_id:
        record(session, ticket, TicketEventKind.TEAM, author, at,
               **{"from": ticket.team_id, "to": changes.team_id})  # fmt: skip
        ticket.team_id = changes.team_id
    if changes.tags is not None and changes.tags != ticket.tags:
        record(
            session,
            ticket,
            TicketEventKind.TAGS,
            author,
            at,
            **{"from": ticket.tags, "to": changes.tags},
        )
        replace_tags(session, ticket, changes.tags)
    if "reason" in sent and changes.reason != ticket.reason:
        record(session, ticket, TicketEventKind.REASON, author, at,
               **{"from": ticket.reason, "to": changes.reason})  # fmt: skip
        ticket.reason = changes.reason
    finish(session, ticket, at)
    return ticket


def _invalid(field_name: str, reason: str) -> InvalidInput:
    return InvalidInput(
        f"{field_name}: {reason}", details={"errors": [{"field": field_name, "reason": reason}]}
    )


def link_order(
    session: Session, ticket_id: int, order_id: int, *, author: Author, now: datetime | None = None
) -> Ticket:
    at = now or utcnow()
    ticket = get_ticket(session, ticket_id, lock=True)
    if linking.link_order(session, ticket, order_id, author, at):
        finish(session, ticket, at)
    return ticket


def unlink_order(
    session: Session, ticket_id: int, order_id: int, *, author: Author, now: datetime | None = None
) -> Ticket:
    at = now or utcnow()
    ticket = get_ticket(session, ticket_id, lock=True)
    linking.unlink_order(session, ticket, order_id, author, at)
    finish(session, ticket, at)
    return ticket
