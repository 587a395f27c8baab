"""Staff accounts and tokens. Services take a session and never commit."""

from __future__ import annotations

import hashlib
import secrets
import time

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
    if password is not None:
        check_password(password)
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


MIN_PASSWORD = 8
MAX_PASSWORD = 200


def check_password(password: str, field: str = "password") -> None:
    """Refuse a password too short to resist guessing (or too long to hash cheaply)."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InvalidInput(
            f"password must have {MIN_PASSWORD} to {MAX_PASSWORD} characters",
            details={"field": field},
        )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(user: StaffUser, password: str) -> bool:
    if not user.password_hash:
        _hasher.hash(password)  # spend the same time as a real check
        return False
    try:
        return bool(_hasher.verify(user.password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


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
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    _recent_tokens.forget(token.digest)


class _TokenCache:
    """Tokens this process resolved in the last few seconds: digest -> principal.

    API clients send the same token with every request; reading it from the database
    each time cost more than the request's own work. A revocation in this process takes
    effect at once; one made elsewhere (another worker, the CLI) within ``TOKEN_CACHE_SECONDS``
    (ADR 0006). Only found tokens are kept, so made-up tokens cannot fill it.
    """

    def __init__(self, seconds: float, size: int) -> None:
        self.seconds, self.size = seconds, size
        self._entries: dict[str, tuple[Principal, float]] = {}

    def get(self, digest: str) -> Principal | None:
        entry = self._entries.get(digest)
        if entry is None or entry[1] < time.monotonic():
            return None
        return entry[0]

    def put(self, digest: str, principal: Principal) -> None:
        if len(self._entries) >= self.size:
            self._entries.clear()  # rare: far more live tokens than clients
        self._entries[digest] = (principal, time.monotonic() + self.seconds)

    def forget(self, digest: str) -> None:
        self._entries.pop(digest, None)


TOKEN_CACHE_SECONDS = 5.0
_recent_tokens = _TokenCache(TOKEN_CACHE_SECONDS, size=10_000)


def resolve_token(session: Session, plain: str) -> Principal | None:
    if not plain.startswith(TOKEN_PREFIX):
        return None
    digest = _digest(plain)
    row = session.execute(
        sa.select(ApiToken.id, ApiToken.role, ApiToken.name, ApiToken.user_id).where(
            ApiToken.digest == digest, ApiToken.revoked_at.is_(None)
        )
    ).one_or_none()
    if row is None:
        _recent_tokens.forget(digest)
        return None
    principal = Principal(user_id=row.user_id, role=row.role, name=row.name)
    _recent_tokens.put(digest, principal)
    return principal


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() != "bearer" or not credentials:
        return None
    return credentials.strip()


def cached_principal(request: Request) -> Principal | None:
    """The caller of a bearer token resolved in the last few seconds; no I/O.

    None means "not known here", never "refused": the caller then asks the database.
    """
    plain = _bearer(request)
    if plain is None or not plain.startswith(TOKEN_PREFIX):
        return None
    return _recent_tokens.get(_digest(plain))


def authenticate_request(session: Session, request: Request) -> Principal | None:
    """Bearer token from the Authorization header (sessions come with the web UI)."""
    plain = _bearer(request)
    return resolve_token(session, plain) if plain is not None else None
