"""One-time codes that prove a chat controls an order's e-mail (ADR 0013).

Before the assistant changes an order for a customer who only typed its number and an
e-mail or postal code, it e-mails a six-digit code to the address on the order and waits
for it in the chat. The code is stored as a keyed digest (HMAC with the store's secret,
so a leaked table cannot be reversed by trying all million codes), works only in the
chat that asked for it, for :data:`CODE_MINUTES` minutes, once, and for
:data:`MAX_TRIES` tries. How many codes an order gets is limited too, so the chat cannot
be used to flood a customer's mailbox.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.assistant.dialogue import CODE_DIGITS
from opsdesk.assistant.models import ChatProofCode
from opsdesk.kernel import throttle

CODE_MINUTES = 15
MAX_TRIES = 5
SEND_SCOPE = "chat-code:order"
# Codes per order: a customer needs one, two if the first mail was slow.
SENDS_PER_ORDER = (throttle.Limit(3, timedelta(hours=1)), throttle.Limit(6, timedelta(days=1)))


@dataclass(frozen=True)
class Issued:
    """A new code (to put in the e-mail, never in the chat), or the seconds to wait."""

    code: str | None
    wait_seconds: int = 0
    code_id: int = 0


@dataclass(frozen=True)
class Checked:
    accepted: bool
    spent: bool  # no live code is left: expired, used up, or none was sent


def _digest(secret: str, chat_id: int, order_id: int, code: str) -> str:
    message = f"chat-proof:{chat_id}:{order_id}:{code}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def issue(session: Session, secret: str, *, chat_id: int, order_id: int,
          now: datetime) -> Issued:  # fmt: skip
    """A fresh code for this chat and order; earlier ones of the chat stop working."""
    wait = throttle.take(session, SEND_SCOPE, str(order_id), SENDS_PER_ORDER, now)
    if wait:
        return Issued(None, wait)
    _retire(session, chat_id, now)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    row = ChatProofCode(session_id=chat_id, order_id=order_id,
                        code_hash=_digest(secret, chat_id, order_id, code), attempts=0,
                        expires_at=now + timedelta(minutes=CODE_MINUTES),
                        created_at=now)  # fmt: skip
    session.add(row)
    session.flush()
    return Issued(code, code_id=row.id)


def check(session: Session, secret: str, *, chat_id: int, order_id: int, code: str,
          now: datetime) -> Checked:  # fmt: skip
    """Compare ``code`` with the chat's live code; every try counts, the right one uses it."""
    row = session.scalar(
        sa.select(ChatProofCode)
        .where(ChatProofCode.session_id == chat_id, ChatProofCode.order_id == order_id)
        .where(ChatProofCode.used_at.is_(None), ChatProofCode.expires_at > now)
        .order_by(ChatProofCode.id.desc())
        .limit(1)
        .with_for_update()
    )
    if row is None:
        return Checked(accepted=False, spent=True)
    row.attempts += 1
    if hmac.compare_digest(row.code_hash, _digest(secret, chat_id, order_id, code)):
        row.used_at = now
        return Checked(accepted=True, spent=False)
    if row.attempts >= MAX_TRIES:
        row.used_at = now
        return Checked(accepted=False, spent=True)
    return Checked(accepted=False, spent=False)


def _retire(session: Session, chat_id: int, now: datetime) -> None:
    session.execute(
        sa.update(ChatProofCode)
        .where(ChatProofCode.session_id == chat_id, ChatProofCode.used_at.is_(None))
        .values(used_at=now)
    )


def masked(email: str) -> str:
    """``ana.lima@example.com`` → ``a•••@example.com``: enough to recognise, not to learn."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"
