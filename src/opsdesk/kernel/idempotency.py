"""Idempotency keys for POSTs that create: a retried request gets the first answer.

The key row is inserted in the same transaction as the change it guards. A concurrent
duplicate blocks on the unique index until the first commits (PostgreSQL) or waits
for the write lock (SQLite), then reads the stored response instead of acting twice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from opsdesk.kernel.db import Base, BigIntPK, JSONType, UTCDateTime, utcnow
from opsdesk.kernel.errors import Conflict, IdempotencyMismatch


class IdempotencyKey(Base):
    __tablename__ = "idempotency_keys"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    scope: Mapped[str] = mapped_column(sa.String(64))
    key: Mapped[str] = mapped_column(sa.String(255))
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    status_code: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    response: Mapped[Any | None] = mapped_column(JSONType(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("scope", "key"),)


def fingerprint(payload: Any) -> str:
    raw = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def claim(session: Session, scope: str, key: str, fp: str) -> IdempotencyKey:
    """Claim ``key`` for this request, or return the completed earlier claim.

    The returned row has ``status_code`` set when an earlier request already finished:
    the caller replays its response. A key reused with a different body is a conflict.
    """
    if not key or len(key) > 255:
        raise IdempotencyMismatch("Idempotency-Key must be 1 to 255 characters")
    row = IdempotencyKey(scope=scope, key=key, fingerprint=fp)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
        return row
    except IntegrityError:
        pass
    existing = session.scalars(
        sa.select(IdempotencyKey).where(IdempotencyKey.scope == scope, IdempotencyKey.key == key)
    ).one()
    if existing.fingerprint != fp:
        raise IdempotencyMismatch(
            "Idempotency-Key was already used with a different request body",
            details={"key": key},
        )
    if existing.status_code is None:
        raise Conflict("a request with this Idempotency-Key is still in progress")
    return existing


def remember(row: IdempotencyKey, status_code: int, response: Any) -> None:
    row.status_code = status_code
    row.response = response


@dataclass(frozen=True)
class Answer:
    """An endpoint's answer that a retried request must get again."""

    status_code: int
    content: Any
    replayed: bool = False


def once(
    session: Session,
    *,
    scope: str,
    key: str | None,
    request: Any,
    act: Callable[[], tuple[int, Any]],
) -> Answer:
    """Run ``act`` once per ``Idempotency-Key`` (in the caller's transaction).

    Without a key ``act`` simply runs. With one, the first request's status and JSON body
    are stored with its change; a retry with the same key and body gets them back, and the
    same key with another body is a conflict.
    """
    if key is None:
        return Answer(*act())
    claim_row = claim(session, scope, key, fingerprint(request))
    if claim_row.status_code is not None:
        return Answer(claim_row.status_code, claim_row.response, replayed=True)
    status_code, content = act()
    remember(claim_row, status_code, content)
    return Answer(status_code, content)
