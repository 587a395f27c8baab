"""Ending access: deactivation, password resets and changes, token revocation.

Every way a credential is taken back ends what it opened at once: deactivating an
account or setting its password ends all its workspace sessions and revokes its API
tokens. Services take a session and never commit.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.kernel.errors import Conflict, InvalidInput, NotFound
from opsdesk.kernel.http import Role
from opsdesk.staff import login_guard, service, sessions
from opsdesk.staff.models import ApiToken, StaffUser


def list_users(session: Session) -> list[StaffUser]:
    return list(session.scalars(sa.select(StaffUser).order_by(StaffUser.name, StaffUser.id)))


def get_user(session: Session, user_id: int) -> StaffUser:
    user = session.get(StaffUser, user_id)
    if user is None:
        raise NotFound("staff user", user_id)
    return user


def find_user(session: Session, email_or_id: str) -> StaffUser:
    """A user by login e-mail or by id (for the CLI)."""
    if email_or_id.isdigit():
        return get_user(session, int(email_or_id))
    email = email_or_id.strip().lower()
    user = session.scalar(sa.select(StaffUser).where(StaffUser.email == email))
    if user is None:
        raise NotFound("staff user", email)
    return user


def revoke_tokens_of(session: Session, user_id: int) -> int:
    """Revoke every live API token ``user_id`` holds; returns how many."""
    ids = session.scalars(
        sa.select(ApiToken.id).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
    ).all()
    for token_id in ids:
        service.revoke_token(session, token_id)
    return len(ids)


def _end_access(session: Session, user: StaffUser, now: datetime, keep: str | None = None) -> None:
    sessions.end_sessions_of(session, user.id, now, keep=keep)
    revoke_tokens_of(session, user.id)


def deactivate(
    session: Session, user_id: int, now: datetime, *, by: int | None = None
) -> StaffUser:
    """Lock an account out: no login, no live session, no API token of its own."""
    user = get_user(session, user_id)
    if by is not None and by == user.id:
        raise Conflict("you cannot deactivate your own account; ask another admin")
    if user.active and user.role is Role.ADMIN and _active_admins(session) <= 1:
        raise Conflict("this is the last active admin; make another admin first")
    user.active = False
    _end_access(session, user, now)
    return user


def reactivate(session: Session, user_id: int) -> StaffUser:
    """Let a deactivated account log in again (its old sessions and tokens stay revoked)."""
    user = get_user(session, user_id)
    user.active = True
    return user


def reset_password(session: Session, user_id: int, temporary: str, now: datetime) -> StaffUser:
    """An admin sets a temporary password; the user must choose their own at next login."""
    service.check_password(temporary)
    user = get_user(session, user_id)
    user.password_hash = service.hash_password(temporary)
    user.must_change_password = True
    _end_access(session, user, now)
    login_guard.forget_account(session, user.email)
    return user


def change_password(
    session: Session, user_id: int, current: str, new: str, now: datetime, *, keep: str | None
) -> StaffUser:
    """The user replaces their password; their other sessions and their tokens end."""
    user = get_user(session, user_id)
    if not service.password_matches(user, current):
        raise InvalidInput("the current password is not right", details={"field": "current"})
    service.check_password(new, field="new")
    if new == current:
        raise InvalidInput("choose a password different from the current one",
                           details={"field": "new"})  # fmt: skip
    user.password_hash = service.hash_password(new)
    user.must_change_password = False
    _end_access(session, user, now, keep=keep)
    return user


def list_tokens(session: Session, *, user_id: int | None = None) -> list[ApiToken]:
    query = sa.select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
    if user_id is not None:
        query = query.where(ApiToken.user_id == user_id)
    return list(session.scalars(query))


def _active_admins(session: Session) -> int:
    return int(
        session.scalar(
            sa.select(sa.func.count()).where(
                StaffUser.role == Role.ADMIN, StaffUser.active.is_(True)
            )
        )
        or 0
    )
