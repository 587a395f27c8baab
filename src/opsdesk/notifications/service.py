"""Queue a message for a customer; deliver it through its channel after commit.

Queueing renders the message in the customer's language at once, so the log shows
exactly what the customer got. Delivery is claimed by a conditional UPDATE inside the
worker's transaction: a second worker waits for the first and then finds it sent;
a failure rolls the claim back so the worker retries it later.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import customers, orders
from opsdesk.kernel import events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import InvalidInput, NotFound
from opsdesk.notifications import policy
from opsdesk.notifications.attachments import attachments_of
from opsdesk.notifications.catalog import TYPES, MessageType
from opsdesk.notifications.channels import Attachment, Channel, Outgoing, PermanentFailure
from opsdesk.notifications.events import NotificationQueued, NotificationSent
from opsdesk.notifications.models import Message, MessageStatus, Preference
from opsdesk.notifications.rendering import Money, Register, Rendered, render


@dataclass(frozen=True)
class StoreVoice:
    store_name: str
    default_locale: str
    register: Register
    mail_domain: str


def queue_for_customer(
    session: Session,
    *,
    message_type: MessageType,
    customer_id: int,
    context: Mapping[str, Any],
    cause: str,
    voice: StoreVoice,
    order_id: int | None = None,
    channel: str = "email",
    now: datetime | None = None,
    recipient: str | None = None,
) -> Message:
    """Queue one message; queueing the same ``cause`` again returns the first message.

    ``recipient`` overrides the customer's address (a code goes to the order's e-mail)."""
    key = f"{cause}:{message_type.value}:{channel}"
    existing = session.scalar(sa.select(Message).where(Message.idempotency_key == key))
    if existing is not None:
        return existing
    customer = session.get(customers.Customer, customer_id)
    if customer is None:
        raise NotFound("customer", customer_id)
    at = now or utcnow()
    full_context = {"store_name": voice.store_name, **context}
    rendered = _rendered(message_type, full_context, customer, voice)
    decision = _decide(session, message_type, customer, at)
    if recipient is None:
        recipient = (customer.email or "") if channel == "email" else customer.phone
    status = MessageStatus.QUEUED if decision.send and recipient else MessageStatus.SUPPRESSED
    reason = decision.reason or ("" if recipient else f"customer has no {channel} address")
    message = Message(
        idempotency_key=key,
        message_type=message_type.value,
        channel=channel,
        customer_id=customer_id,
        order_id=order_id,
        recipient=recipient,
        locale=rendered.locale,
        subject=rendered.subject,
        body_text=rendered.text,
        body_html=rendered.html,
        context=_jsonable(full_context),
        status=status,
        status_reason=reason,
        message_id=f"<{secrets.token_hex(12)}@{voice.mail_domain}>",
        send_after=decision.send_after,
        created_at=at,
    )
    session.add(message)
    session.flush()
    if status is MessageStatus.QUEUED:
        events.record(session, NotificationQueued(message_id=message.id), now=at)
    return message


def _rendered(message_type: MessageType, full_context: Mapping[str, Any],
              customer: customers.Customer, voice: StoreVoice) -> Rendered:  # fmt: skip
    """The message in the customer's language and the store's register (422 when the
    context lacks what the template needs)."""
    missing = [name for name in TYPES[message_type].required if name not in full_context]
    if missing:
        raise InvalidInput(f"{message_type.value} needs {', '.join(missing)}")
    return render(message_type.value, dict(full_context), locale=customer.locale or voice.default_locale,
                  register=voice.register, default_locale=voice.default_locale)  # fmt: skip


def told_contexts(
    session: Session, *, order_ids: Sequence[int], message_type: MessageType
) -> dict[str, dict[str, Any]]:
    """Every queued or sent message of ``message_type`` about these orders, by its cause
    (oldest first, so a later message about the same cause wins)."""
    if not order_ids:
        return {}
    suffix = f":{message_type.value}:"
    rows = session.execute(
        sa.select(Message.idempotency_key, Message.context)
        .where(
            Message.order_id.in_(list(order_ids)),
            Message.message_type == message_type.value,
            Message.status.in_((MessageStatus.QUEUED, MessageStatus.SENT)),
        )
        .order_by(Message.id)
    )
    return {key.rsplit(suffix, 1)[0]: dict(context) for key, context in rows if suffix in key}


def _decide(
    session: Session, message_type: MessageType, customer: customers.Customer, at: datetime
) -> policy.Decision:
    pref = session.get(Preference, customer.id)
    quiet = (
        (pref.quiet_start, pref.quiet_end) if pref and pref.quiet_start and pref.quiet_end else None
    )
    if TYPES[message_type].immediate:
        quiet = None
    return policy.decide(
        message_type=message_type.value,
        transactional=TYPES[message_type].transactional,
        opted_out=frozenset(pref.opted_out if pref else ()),
        quiet=quiet,
        timezone=customer.timezone,
        now=at,
    )


def _jsonable(context: Mapping[str, Any]) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, Money):
            return {"minor": value.minor, "currency": value.currency}
        return value.isoformat() if hasattr(value, "isoformat") else value

    return {k: plain(v) for k, v in context.items()}


def deliver(
    session: Session, message_id: int, channels: Mapping[str, Channel], now: datetime | None = None
) -> bool:
    """Send one due message. Returns False when it is not ours to send (sent, not due)."""
    at = now or utcnow()
    claimed = session.execute(
        sa.update(Message)
        .where(Message.id == message_id, Message.status == MessageStatus.QUEUED)
        .where(Message.send_after <= at)
        .values(status=MessageStatus.SENT, sent_at=at)
    )
    if not claimed.rowcount:  # type: ignore[attr-defined]
        return False
    message = session.get(Message, message_id)
    assert message is not None
    session.refresh(message)
    channel = channels.get(message.channel)
    if channel is None:
        return _fail(message, f"no {message.channel} channel is configured")
    try:
        channel.send(_outgoing(message, attachments_of(session, message.id)))
    except PermanentFailure as exc:
        return _fail(message, str(exc))
    _record_on_timeline(session, message)
    events.record(
        session,
        NotificationSent(
            message_id=message.id,
            message_type=message.message_type,
            channel=message.channel,
            customer_id=message.customer_id,
            order_id=message.order_id,
        ),
        now=at,
    )
    return True


def _fail(message: Message, reason: str) -> bool:
    message.status = MessageStatus.FAILED
    message.status_reason = reason[:300]
    message.sent_at = None
    return False


def _outgoing(message: Message, attachments: tuple[Attachment, ...] = ()) -> Outgoing:
    headers = {}
    unsubscribe = message.context.get("unsubscribe_url")
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return Outgoing(
        message_id=message.message_id,
        recipient=message.recipient,
        subject=message.subject,
        text=message.body_text,
        html=message.body_html,
        headers=headers,
        attachments=attachments,
    )


def _record_on_timeline(session: Session, message: Message) -> None:
    if message.order_id is None:
        return
    orders.add_timeline_event(
        session,
        message.order_id,
        kind="message_sent",
        summary=f"{message.channel.capitalize()} sent to customer: “{message.subject}”",
        actor="system:notifications",
        data={"message_id": message.id, "type": message.message_type},
    )


def due_message_ids(session: Session, now: datetime | None = None, limit: int = 200) -> list[int]:
    at = now or utcnow()
    return list(
        session.scalars(
            sa.select(Message.id)
            .where(Message.status == MessageStatus.QUEUED, Message.send_after <= at)
            .order_by(Message.send_after)
            .limit(limit)
        )
    )
