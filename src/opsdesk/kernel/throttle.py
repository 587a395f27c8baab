"""Counting attempts across sessions, processes and restarts: a sliding log in the database.

A limit that stops guessing (a chat's order check, a staff login) must hold however many
web processes serve the store and however many sessions a client opens, so an attempt is
a row, not a counter in one process's memory. Keys are hashed before they are stored: the
table holds no e-mail address, order number or client address in clear.

Use :func:`take` where every attempt counts (it checks and records in one step, under a
per-key lock on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already serialises writers), or
:func:`wait_seconds` + :func:`record` where only failures count (a wrong password). The
rows live in the caller's transaction: **commit before answering with a refusal** (an
exception rolls the request back, and with it the attempt it was meant to count).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from opsdesk.kernel.db import Base, BigIntPK, UTCDateTime

MAX_SCOPE = 32


@dataclass(frozen=True)
class Limit:
    """At most ``most`` attempts within any ``span``."""

    most: int
    span: timedelta

    def __post_init__(self) -> None:
        if self.most < 1 or self.span <= timedelta(0):
            raise ValueError("a limit allows at least one attempt in a positive span")


class ThrottleHit(Base):
    __tablename__ = "throttle_hits"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    scope: Mapped[str] = mapped_column(sa.String(MAX_SCOPE))
    key_hash: Mapped[str] = mapped_column(sa.String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (sa.Index("ix_throttle_hits_lookup", "scope", "key_hash", "at"),)


def key_hash(scope: str, key: str) -> str:
    """The stored form of ``key``: a digest, so the table names nobody."""
    return hashlib.blake2b(f"{scope}\x00{key}".encode(), digest_size=16).hexdigest()


def wait_seconds(
    session: Session, scope: str, key: str, limits: Sequence[Limit], now: datetime
) -> int:
    """Whole seconds until one more attempt for ``key`` fits every limit (0: it fits now)."""
    if not limits:
        return 0
    longest = max(limit.span for limit in limits)
    most = max(limit.most for limit in limits)
    times = session.scalars(
        sa.select(ThrottleHit.at)
        .where(ThrottleHit.scope == scope, ThrottleHit.key_hash == key_hash(scope, key))
        .where(ThrottleHit.at > now - longest)
        .order_by(ThrottleHit.at.desc())
        .limit(most)
    ).all()
    wait = 0.0
    for limit in limits:
        inside = [t for t in times if t > now - limit.span]
        if len(inside) >= limit.most:
            # the attempt that must leave the window before one more fits
            leaving = inside[limit.most - 1]
            wait = max(wait, (leaving + limit.span - now).total_seconds())
    return math.ceil(wait) if wait > 0 else 0


def record(session: Session, scope: str, key: str, now: datetime) -> None:
    """Count one attempt for ``key`` at ``now``."""
    if len(scope) > MAX_SCOPE:
        raise ValueError(f"throttle scope longer than {MAX_SCOPE} characters: {scope!r}")
    session.add(ThrottleHit(scope=scope, key_hash=key_hash(scope, key), at=now))
    session.flush()


def take(session: Session, scope: str, key: str, limits: Sequence[Limit], now: datetime) -> int:
    """Check and count one attempt atomically: 0 when it was taken, else seconds to wait.

    A refused attempt is not counted, so a client hammering a closed door does not keep
    it closed forever: it opens when its own earlier attempts age out of the window.
    """
    _lock_key(session, scope, key)
    wait = wait_seconds(session, scope, key, limits, now)
    if wait == 0:
        record(session, scope, key, now)
    return wait


def forget(session: Session, scope: str, key: str) -> None:
    """Drop ``key``'s attempts (a successful login clears its failures)."""
    session.execute(
        sa.delete(ThrottleHit).where(
            ThrottleHit.scope == scope, ThrottleHit.key_hash == key_hash(scope, key)
        )
    )


def prune(session: Session, now: datetime, *, keep: timedelta = timedelta(days=2)) -> int:
    """Delete attempts older than ``keep`` (longer than any limit's span); returns how many."""
    result = session.execute(sa.delete(ThrottleHit).where(ThrottleHit.at < now - keep))
    return int(getattr(result, "rowcount", 0) or 0)


def _lock_key(session: Session, scope: str, key: str) -> None:
    """Serialise concurrent attempts on one key (PostgreSQL; SQLite writers already queue)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    digest = hashlib.blake2b(f"{scope}\x00{key}".encode(), digest_size=8).digest()
    lock_id = int.from_bytes(digest, "big", signed=True)
    session.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})
