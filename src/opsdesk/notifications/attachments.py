"""E-mail to a business address rather than a customer (a purchase order to its
supplier), with files attached.

The message goes through the same log, outbox and worker as customer messages, so it
leaves only after the change that caused it commits and is retried like them; the
attachments are stored with it, so the log holds exactly what was sent."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.kernel import events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import InvalidInput
from opsdesk.notifications.channels import Attachment
from opsdesk.notifications.events import NotificationQueued
from opsdesk.notifications.models import Attachment as StoredAttachment
from opsdesk.notifications.models import Message, MessageStatus


def queue_email(
    session: Session,
    *,
    message_type: str,
    recipient: str,
    subject: str,
    text: str,
    cause: str,
    mail_domain: str,
    attachments: Sequence[Attachment] = (),
    locale: str = "en",
    now: datetime | None = None,
) -> Message:
    """Queue one e-mail; the same ``cause`` queued again returns the first message (a
    double-clicked "send" mails the supplier once)."""
    key = f"{cause}:{message_type}:email"
    existing = session.scalar(sa.select(Message).where(Message.idempotency_key == key))
    if existing is not None:
        return existing
    if "@" not in recipient.strip(" @"):
        raise InvalidInput(
            f"no e-mail address to send to: {recipient!r}", details={"field": "email"}
        )
    at = now or utcnow()
    message = Message(
        idempotency_key=key, message_type=message_type, channel="email", recipient=recipient,
        locale=locale, subject=subject, body_text=text, body_html="", context={},
        status=MessageStatus.QUEUED, message_id=f"<{secrets.token_hex(12)}@{mail_domain}>",
        send_after=at, created_at=at,
    )  # fmt: skip
    session.add(message)
    session.flush()
    session.add_all(
        StoredAttachment(message_id=message.id, filename=a.filename, content_type=a.content_type,
                         data=a.data)
        for a in attachments
    )  # fmt: skip
    session.flush()
    events.record(session, NotificationQueued(message_id=message.id), now=at)
    return message


def attachments_of(session: Session, message_id: int) -> tuple[Attachment, ...]:
    rows = session.scalars(
        sa.select(StoredAttachment)
        .where(StoredAttachment.message_id == message_id)
        .order_by(StoredAttachment.id)
    )
    return tuple(Attachment(r.filename, r.content_type, r.data) for r in rows)
