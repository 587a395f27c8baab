"""Creating tickets and adding messages. Services take a session and never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from opsdesk import customers
from opsdesk.kernel import events as outbox
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import InvalidInput, NotFound
from opsdesk.support import assignment, linking, policy
from opsdesk.support.events import CustomerReplied, TicketCreated, TicketReplied
from opsdesk.support.history import (
    Author,
    finish,
    get_ticket,
    move_status,
    new_message_id,
    record,
    replace_tags,
)
from opsdesk.support.models import (
    AuthorKind,
    Channel,
    OutboundStatus,
    Team,
    Ticket,
    TicketEventKind,
    TicketMessage,
)
from opsdesk.support.schemas import MessageCreate, TicketCreate
from opsdesk.support.sla import TicketStatus

DEFAULT_MAIL_DOMAIN = "opsdesk.local"
# A chat ticket whose customer was promised an answer by e-mail (nobody was online to
# take the chat): agents' replies are then e-mailed as well as shown in the chat.
REPLY_BY_EMAIL_TAG = "reply-by-email"


@dataclass(frozen=True)
class EmailHeaders:
    """Threading headers of a message that arrived by e-mail."""

    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)


def create_ticket(
    session: Session,
    data: TicketCreate,
    *,
    author: Author,
    headers: EmailHeaders | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Open a ticket from any channel with the customer's first message.

    The customer is found (or created) by e-mail; orders named in the subject or body
    are linked when they belong to that customer; with no assignee given, the ticket
    goes round-robin to an agent who is online and under capacity.
    """
    at = now or utcnow()
    customer_id, email, name = _requester(session, data)
    _ensure_team(session, data.team_id)
    ticket = Ticket(
        subject=data.subject.strip() or "(no subject)",
        channel=data.channel,
        status=TicketStatus.NEW,
        priority=data.priority,
        team_id=data.team_id,
        customer_id=customer_id,
        requester_email=email,
        requester_name=name,
        tags=[],
        reason=data.reason,
        created_at=at,
        updated_at=at,
    )
    session.add(ticket)
    session.flush()
    record(session, ticket, TicketEventKind.CREATED, author, at, priority=data.priority)
    if data.tags:
        replace_tags(session, ticket, data.tags)
    _add(session, ticket, _customer_message(ticket, data, headers, at))
    linking.link_mentioned_orders(session, ticket, f"{data.subject}\n{data.body}", at)
    for order_id in data.order_ids:
        linking.link_order(session, ticket, order_id, author, at)
    if data.assignee_id is not None:
        assignment.assign(session, ticket, data.assignee_id, author, at)
    elif data.auto_assign:
        assignment.auto_assign(session, ticket, author, at)
    event = TicketCreated(
        ticket_id=ticket.id,
        channel=ticket.channel.value,
        priority=ticket.priority.value,
        customer_id=customer_id,
    )
    outbox.record(session, event, now=at)
    finish(session, ticket, at)
    return ticket


def _requester(session: Session, data: TicketCreate) -> tuple[int | None, str, str]:
    if data.customer_id is not None:
        try:
            customer = customers.get_customer(session, data.customer_id)
        except NotFound as exc:
            raise _invalid("customer_id", "no such customer") from exc
        name = data.customer_name or f"{customer.first_name} {customer.last_name}".strip()
        return customer.id, customer.email or (data.customer_email or ""), name
    if data.customer_email:
        first, _, last = data.customer_name.partition(" ")
        contact = customers.find_or_create_contact(
            session, data.customer_email, first_name=first, last_name=last
        )
        return contact.id, contact.email or data.customer_email, data.customer_name
    return None, "", data.customer_name


def _ensure_team(session: Session, team_id: int | None) -> None:
    if team_id is not None and session.get(Team, team_id) is None:
        raise _invalid("team_id", "no such team")


def _invalid(field_name: str, reason: str) -> InvalidInput:
    return InvalidInput(
        f"{field_name}: {reason}", details={"errors": [{"field": field_name, "reason": reason}]}
    )


def _customer_message(
    ticket: Ticket, data: TicketCreate, headers: EmailHeaders | None, at: datetime
) -> TicketMessage:
    headers = headers or EmailHeaders()
    system = data.opened_by_system
    return TicketMessage(
        ticket_id=ticket.id,
        author_kind=AuthorKind.SYSTEM if system else AuthorKind.CUSTOMER,
        author_name="OpsDesk" if system else ticket.requester_name,
        author_email="" if system else ticket.requester_email,
        body_text=data.body,
        body_html=data.body_html,
        email_message_id=headers.message_id,
        in_reply_to=headers.in_reply_to,
        references=headers.references,
        attachments=[a.model_dump() for a in data.attachments],
        created_at=at,
    )


def _add(session: Session, ticket: Ticket, message: TicketMessage) -> TicketMessage:
    session.add(message)
    session.flush()
    return message


def add_customer_message(
    session: Session,
    ticket_id: int,
    *,
    body: str,
    body_html: str = "",
    attachments: Sequence[dict[str, object]] = (),
    headers: EmailHeaders | None = None,
    author: Author,
    now: datetime | None = None,
) -> TicketMessage:
    """The customer wrote again: store it, reopen a waiting or solved ticket, link orders."""
    at = now or utcnow()
    ticket = get_ticket(session, ticket_id, lock=True)
    headers = headers or EmailHeaders()
    message = _add(
        session,
        ticket,
        TicketMessage(
            ticket_id=ticket.id,
            author_kind=AuthorKind.CUSTOMER,
            author_name=author.name or ticket.requester_name,
            author_email=author.email or ticket.requester_email,
            body_text=body,
            body_html=body_html,
            email_message_id=headers.message_id,
            in_reply_to=headers.in_reply_to,
            references=headers.references,
            attachments=list(attachments),
            created_at=at,
        ),
    )
    record(session, ticket, TicketEventKind.CUSTOMER_REPLY, author, at, message_id=message.id)
    move_status(session, ticket, policy.status_after_customer_reply(ticket.status), author, at)
    linking.link_mentioned_orders(session, ticket, body, at)
    outbox.record(session, CustomerReplied(ticket_id=ticket.id, message_id=message.id), now=at)
    finish(session, ticket, at)
    return message


def add_staff_message(
    session: Session,
    ticket_id: int,
    data: MessageCreate,
    *,
    author: Author,
    mail_domain: str = DEFAULT_MAIL_DOMAIN,
    now: datetime | None = None,
) -> TicketMessage:
    """An agent's reply (e-mailed to the customer after commit) or an internal note."""
    at = now or utcnow()
    ticket = get_ticket(session, ticket_id, lock=True)
    if data.internal and data.status is not None:
        raise _invalid("status", "an internal note does not change the status")
    if ticket.status is TicketStatus.CLOSED and not data.internal:
        raise _invalid("body", "the ticket is closed; the customer's next e-mail opens a new one")
    kind = AuthorKind.INTERNAL_NOTE if data.internal else AuthorKind.AGENT
    message = TicketMessage(
        ticket_id=ticket.id,
        author_kind=kind,
        author_staff_id=author.staff_id,
        author_name=author.name,
        body_text=data.body,
        body_html=data.body_html,
        attachments=[a.model_dump() for a in data.attachments],
        created_at=at,
    )
    if kind is AuthorKind.AGENT:
        _prepare_reply(session, ticket, message, mail_domain)
    _add(session, ticket, message)
    if kind is AuthorKind.AGENT:
        _after_reply(session, ticket, message, data.status, author, at)
    else:
        ticket.updated_at = at
    finish(session, ticket, at)
    return message


def _prepare_reply(
    session: Session, ticket: Ticket, message: TicketMessage, mail_domain: str
) -> None:
    """Give an e-mailed reply its Message-ID and threading headers before it is stored."""
    if not ticket.requester_email:
        return
    if ticket.channel is Channel.CHAT and REPLY_BY_EMAIL_TAG not in (ticket.tags or []):
        return
    thread = linking.thread_ids(session, ticket.id)
    message.email_message_id = new_message_id(ticket.id, mail_domain)
    message.in_reply_to = thread[-1] if thread else None
    message.references = thread[-20:]
    message.outbound_status = OutboundStatus.QUEUED


def _after_reply(
    session: Session,
    ticket: Ticket,
    message: TicketMessage,
    requested: TicketStatus | None,
    author: Author,
    at: datetime,
) -> None:
    marks = {"automated": True} if author.automated else {}
    record(session, ticket, TicketEventKind.AGENT_REPLY, author, at, message_id=message.id, **marks)
    if ticket.first_response_at is None and not author.automated:
        ticket.first_response_at = at
    move_status(
        session, ticket, policy.status_after_agent_reply(ticket.status, requested), author, at
    )
    assignment.claim_when_done(session, ticket, author, at)
    if message.outbound_status is OutboundStatus.QUEUED:
        outbox.record(session, TicketReplied(ticket_id=ticket.id, message_id=message.id), now=at)
