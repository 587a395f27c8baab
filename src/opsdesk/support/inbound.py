"""Incoming e-mail → a new ticket or a message on the ticket it answers.

Idempotent per Message-ID: the id is claimed with ``kernel.idempotency`` in the same
transaction as the ticket change, so a mail server delivering the same message twice
(or two listeners racing) stores it once; the replay answers like the first delivery.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.orm import Session

from opsdesk.kernel import idempotency
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import InvalidInput
from opsdesk.support import policy, tickets
from opsdesk.support.history import Author
from opsdesk.support.mail import InboundEmail, parse_email
from opsdesk.support.models import Channel, Ticket, TicketMessage
from opsdesk.support.schemas import AttachmentMeta, InboundResult, TicketCreate
from opsdesk.support.sla import TicketStatus

SCOPE = "support.inbound_email"


def _key(message_id: str) -> str:
    return message_id if len(message_id) <= 255 else hashlib.sha256(message_id.encode()).hexdigest()


def _known_threads(session: Session, mail: InboundEmail) -> dict[str, int]:
    ids = mail.referenced_ids()
    if not ids:
        return {}
    rows = session.execute(
        sa.select(TicketMessage.email_message_id, TicketMessage.ticket_id).where(
            TicketMessage.email_message_id.in_(ids)
        )
    )
    return {str(row[0]): int(row[1]) for row in rows}


def _stored_ticket(session: Session, message_id: str) -> int | None:
    return session.scalar(
        sa.select(TicketMessage.ticket_id).where(TicketMessage.email_message_id == message_id)
    )


def _requesters(session: Session, subject: str) -> dict[int, str]:
    token = policy.ticket_id_in_subject(subject)
    if token is None:
        return {}
    email = session.scalar(sa.select(Ticket.requester_email).where(Ticket.id == token))
    return {token: email} if email else {}


def _open_ticket(session: Session, ticket_id: int | None) -> int | None:
    """The matched ticket unless it is closed: a closed conversation is not reopened."""
    if ticket_id is None:
        return None
    status = session.scalar(sa.select(Ticket.status).where(Ticket.id == ticket_id))
    return None if status in (None, TicketStatus.CLOSED) else ticket_id


def receive_email(session: Session, raw: bytes, *, now: datetime | None = None) -> InboundResult:
    """Store one raw RFC 822 message as a ticket or a customer reply."""
    at = now or utcnow()
    mail = parse_email(raw)
    key = _key(mail.message_id)
    claim = idempotency.claim(session, SCOPE, key, idempotency.fingerprint(key))
    if claim.status_code is not None:
        return InboundResult.model_validate({**(claim.response or {}), "duplicate": True})
    echoed = _stored_ticket(session, mail.message_id)
    if echoed is not None:  # our own reply came back (a mail loop): nothing new
        result = InboundResult(
            ticket_id=echoed, message_id=None, created=False, duplicate=True, threaded_by="header"
        )
        idempotency.remember(claim, 200, result.model_dump(mode="json"))
        return result
    match = policy.thread_for(
        referenced_ids=mail.referenced_ids(),
        tickets_by_message_id=_known_threads(session, mail),
        subject=mail.subject,
        sender=mail.sender,
        requester_of=_requesters(session, mail.subject),
    )
    ticket_id = _open_ticket(session, match.ticket_id)
    author = Author(actor=f"customer:{mail.sender}", name=mail.sender_name, email=mail.sender)
    headers = tickets.EmailHeaders(mail.message_id, mail.in_reply_to, mail.references)
    attachments = [AttachmentMeta(**a.__dict__) for a in mail.attachments]
    if ticket_id is None:
        result = _new_ticket(session, mail, headers, attachments, author, at)
    else:
        message = tickets.add_customer_message(
            session,
            ticket_id,
            body=mail.text or "(empty message)",
            body_html=mail.html,
            attachments=[a.model_dump() for a in attachments],
            headers=headers,
            author=author,
            now=at,
        )
        result = InboundResult(
            ticket_id=ticket_id, message_id=message.id, created=False, duplicate=False,
            threaded_by=match.how,
        )  # fmt: skip
    idempotency.remember(claim, 200, result.model_dump(mode="json"))
    return result


def _new_ticket(
    session: Session,
    mail: InboundEmail,
    headers: tickets.EmailHeaders,
    attachments: list[AttachmentMeta],
    author: Author,
    at: datetime,
) -> InboundResult:
    try:
        data = TicketCreate(
            subject=mail.subject or "(no subject)",
            body=mail.text or "(empty message)",
            body_html=mail.html,
            channel=Channel.EMAIL,
            customer_email=mail.sender,
            customer_name=mail.sender_name,
            attachments=attachments,
        )
    except ValidationError as exc:
        raise InvalidInput(f"the e-mail cannot become a ticket: {exc.errors()[0]['msg']}") from exc
    ticket = tickets.create_ticket(session, data, author=author, headers=headers, now=at)
    first = session.scalar(
        sa.select(TicketMessage.id)
        .where(TicketMessage.ticket_id == ticket.id)
        .order_by(TicketMessage.id)
        .limit(1)
    )
    return InboundResult(
        ticket_id=ticket.id, message_id=first, created=True, duplicate=False, threaded_by="new"
    )
