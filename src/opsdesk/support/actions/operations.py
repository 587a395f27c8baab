"""Operations answering back into a ticket that waits on them."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from opsdesk.kernel import events as outbox
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import IllegalTransition
from opsdesk.kernel.http import Principal
from opsdesk.support import tickets
from opsdesk.support.desk_events import OperationsReplied
from opsdesk.support.history import Author, finish, get_ticket, move_status
from opsdesk.support.models import TicketMessage
from opsdesk.support.schemas import MessageCreate
from opsdesk.support.sla import TicketStatus


class OperationsReply(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str = Field(
        min_length=1, max_length=10_000, pattern=r"\S",
        description="What the warehouse or carrier did, for the agent (never sent as is).",
    )  # fmt: skip


def reply_from_operations(
    session: Session,
    ticket_id: int,
    reply: OperationsReply,
    *,
    principal: Principal,
    now: datetime | None = None,
) -> TicketMessage:
    """Store operations' answer as an internal note and give the ticket back to its agent:
    pending operations → open, and ``OperationsReplied`` so the assignee hears of it."""
    at = now or utcnow()
    ticket = get_ticket(session, ticket_id, lock=True)
    if ticket.status is not TicketStatus.PENDING_OPERATIONS:
        raise IllegalTransition(
            "ticket", ticket.status.value, TicketStatus.OPEN.value,
            reason=f"ticket {ticket.reference} is {ticket.status.value}, not waiting on "
            "operations; add an internal note instead",
        )  # fmt: skip
    author = Author(actor=principal.actor, staff_id=principal.user_id, name=principal.name)
    note = tickets.add_staff_message(
        session, ticket.id, MessageCreate(body=reply.body, internal=True), author=author, now=at
    )
    move_status(session, ticket, TicketStatus.OPEN, author, at)
    outbox.record(session, OperationsReplied(
        ticket_id=ticket.id, message_id=note.id, assignee_id=ticket.assignee_id,
        actor=principal.actor,
    ), now=at)  # fmt: skip
    finish(session, ticket, at)
    return note
