"""HTTP plumbing shared by every module's router, free of any domain import.

The app factory puts a session factory and an authenticator on ``app.state``; routers
depend on :func:`db` for the request's transaction and :func:`require` for the caller.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Protocol

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from opsdesk.kernel.errors import Forbidden, Unauthenticated


class Role(enum.StrEnum):
    ADMIN = "admin"
    OPERATIONS = "operations"
    AGENT = "agent"


@dataclass(frozen=True)
class Principal:
    """Who is calling: a staff user (via token or session) with one role."""

    user_id: int | None
    role: Role
    name: str

    @property
    def actor(self) -> str:
        return f"{self.role.value}:{self.name}"


class Authenticator(Protocol):
    def __call__(self, session: Session, request: Request) -> Principal | None: ...


def _request_session(request: Request) -> Iterator[Session]:
    """One transaction per request: commit when the endpoint returns, else roll back."""
    factory = request.app.state.sessionmaker
    with factory() as session, session.begin():
        yield session


DB = Annotated[Session, Depends(_request_session, scope="function")]


def db_session(request: Request) -> Iterator[Session]:
    yield from _request_session(request)


def require(*roles: Role) -> Callable[..., Principal]:
    """Dependency: the caller must be authenticated and hold one of ``roles``.

    Admins may do everything; an empty ``roles`` admits any authenticated staff member.
    """

    def dependency(request: Request, session: DB) -> Principal:
        authenticate: Authenticator = request.app.state.authenticate
        principal = authenticate(session, request)
        if principal is None:
            raise Unauthenticated("a valid bearer token is required")
        if roles and principal.role is not Role.ADMIN and principal.role not in roles:
            allowed = ", ".join(r.value for r in roles)
            raise Forbidden(f"this action needs one of the roles: {allowed}")
        return principal

    return dependency


def settings_of(request: Request) -> Any:
    return request.app.state.settings
