"""Sending an agent's reply by e-mail, in the worker, after the reply committed.

The claim is a conditional UPDATE of the message's ``outbound_status`` in the worker's
transaction, as ``notifications.deliver`` does: a second worker waits and then finds it
sent; a failure to send raises, the claim rolls back, and the outbox retries. Only a
crash between the relay accepting the mail and the commit can send it twice, and then
with the same Message-ID, so the customer's mail program shows it once.
"""

from __future__ import annotations

import html
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import notifications
from opsdesk.kernel.db import utcnow
from opsdesk.support import policy
from opsdesk.support.models import OutboundStatus, Ticket, TicketMessage


def _html(text: str) -> str:
    paragraphs = [html.escape(p).replace("\n", "<br>") for p in text.split("\n\n")]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def outgoing(ticket: Ticket, message: TicketMessage) -> notifications.Outgoing:
    headers = {}
    if message.in_reply_to:
        headers["In-Reply-To"] = message.in_reply_to
    if message.references:
        headers["References"] = " ".join(message.references)
    return notifications.Outgoing(
        message_id=message.email_message_id or "",
        recipient=ticket.requester_email,
        subject=policy.reply_subject(ticket.subject, ticket.id),
        text=message.body_text,
        html=message.body_html or _html(message.body_text),
        headers=headers,
    )


def send_reply(
    session: Session,
    message_id: int,
    channel: notifications.Channel,
    now: datetime | None = None,
) -> bool:
    """Send one queued reply; False when it is not ours to send (sent already, or none)."""
    at = now or utcnow()
    claimed = session.execute(
        sa.update(TicketMessage)
        .where(
            TicketMessage.id == message_id,
            TicketMessage.outbound_status == OutboundStatus.QUEUED,
        )
        .values(outbound_status=OutboundStatus.SENT, sent_at=at)
    )
    if not claimed.rowcount:  # type: ignore[attr-defined]
        return False
    message = session.get(TicketMessage, message_id)
    assert message is not None
    session.refresh(message)
    ticket = session.get(Ticket, message.ticket_id)
    assert ticket is not None
    try:
        channel.send(outgoing(ticket, message))
    except notifications.PermanentFailure as exc:
        message.outbound_status = OutboundStatus.FAILED
        message.outbound_error = str(exc)[:300]
        message.sent_at = None
    return True
