"""Staff accounts and tokens. Services take a session and never commit."""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Request
from sqlalchemy.orm import Session

from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import AlreadyExists, InvalidInput, NotFound
from opsdesk.kernel.http import Principal, Role
from opsdesk.staff.models import ApiToken, StaffUser

TOKEN_PREFIX = "odk_"
_hasher = PasswordHasher()


def create_user(
    session: Session, *, email: str, name: str, role: Role, password: str | None = None
) -> StaffUser:
    email = email.strip().lower()
    if "@" not in email:
        raise InvalidInput("email must be an e-mail address", details={"field": "email"})
    if password is not None and len(password) < 8:
        raise InvalidInput(
            "password must have at least 8 characters", details={"field": "password"}
        )
    if session.scalar(sa.select(StaffUser.id).where(StaffUser.email == email)) is not None:
        raise AlreadyExists(f"a staff user with e-mail {email} exists")
    user = StaffUser(
        email=email,
        name=name,
        role=role,
        password_hash=_hasher.hash(password) if password else None,
        active=True,
    )
    session.add(user)
    session.flush()
    return user


def authenticate_password(session: Session, email: str, password: str) -> StaffUser | None:
    user = session.scalar(sa.select(StaffUser).where(StaffUser.email == email.strip().lower()))
    if user is None or not user.active or not user.password_hash:
        _hasher.hash(password)  # spend the same time as a real check
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session, *, name: str, role: Role, user_id: int | None = None
) -> tuple[ApiToken, str]:
    """Create a token; the plain text is returned once and never stored."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        digest=_digest(plain), prefix=plain[:12], name=name, role=role, user_id=user_id
    )
    session.add(token)
    session.flush()
    return token, plain


def revoke_token(session: Session, token_id: int) -> None:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound("token", token_id)
    token.revoked_at = utcnow()


def resolve_token(session: Session, plain: str) -> Principal | None:
    if not plain.startswith(TOKEN_PREFIX):
        return None
    row = session.execute(
        sa.select(ApiToken.id, ApiToken.role, ApiToken.name, ApiToken.user_id).where(
            ApiToken.digest == _digest(plain), ApiToken.revoked_at.is_(None)
        )
    ).one_or_none()
    if row is None:
        return None
    return Principal(user_id=row.user_id, role=row.role, name=row.name)


def authenticate_request(session: Session, request: Request) -> Principal | None:
    """Bearer token from the Authorization header (sessions come with the web UI)."""
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() != "bearer" or not credentials:
        return None
    return resolve_token(session, credentials.strip())
