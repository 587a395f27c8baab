"""Workspace logins that end on the server (ADR 0011). Services take a session and never commit.

The signed cookie carries a random secret; a row holds its digest, the user and when it
expires. Every workspace request looks the row up with its user, so logging out,
changing a password or deactivating an account ends the session at once, in every web
process, even for a copy of the cookie saved earlier.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.staff.models import StaffSession, StaffUser

SESSION_LIFETIME = timedelta(hours=12)
EXPIRED_KEPT = timedelta(days=7)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start_session(session: Session, user_id: int, now: datetime) -> str:
    """A new login for ``user_id``; returns the secret for the cookie (never stored)."""
    secret = secrets.token_urlsafe(32)
    session.add(
        StaffSession(
            digest=_digest(secret),
            user_id=user_id,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    session.flush()
    return secret


def session_user(session: Session, secret: str, now: datetime) -> StaffUser | None:
    """The active user whose live session the cookie's ``secret`` names, else None."""
    return session.scalar(
        sa.select(StaffUser)
        .join(StaffSession, StaffSession.user_id == StaffUser.id)
        .where(
            StaffSession.digest == _digest(secret),
            StaffSession.revoked_at.is_(None),
            StaffSession.expires_at > now,
            StaffUser.active.is_(True),
        )
    )


def end_session(session: Session, secret: str, now: datetime) -> None:
    """Log out: this session only."""
    session.execute(
        sa.update(StaffSession)
        .where(StaffSession.digest == _digest(secret), StaffSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def end_sessions_of(
    session: Session, user_id: int, now: datetime, *, keep: str | None = None
) -> int:
    """End every live session of ``user_id`` (but ``keep``'s, the caller's own); how many."""
    query = sa.update(StaffSession).where(
        StaffSession.user_id == user_id,
        StaffSession.revoked_at.is_(None),
        StaffSession.expires_at > now,
    )
    if keep is not None:
        query = query.where(StaffSession.digest != _digest(keep))
    result = session.execute(query.values(revoked_at=now))
    return int(getattr(result, "rowcount", 0) or 0)


def live_sessions(session: Session, now: datetime) -> dict[int, int]:
    """How many live sessions each user has (for the admin list)."""
    rows = session.execute(
        sa.select(StaffSession.user_id, sa.func.count())
        .where(StaffSession.revoked_at.is_(None), StaffSession.expires_at > now)
        .group_by(StaffSession.user_id)
    ).all()
    return {int(user_id): int(count) for user_id, count in rows}


def prune_sessions(session: Session, now: datetime) -> int:
    """Delete sessions that ended more than a week ago; returns how many."""
    cutoff = now - EXPIRED_KEPT
    result = session.execute(
        sa.delete(StaffSession).where(
            sa.or_(StaffSession.expires_at < cutoff, StaffSession.revoked_at < cutoff)
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
