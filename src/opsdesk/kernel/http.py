"""HTTP plumbing shared by every module's router, free of any domain import.

The app factory puts a session factory and an authenticator on ``app.state``; routers
depend on :data:`DB` for the request's transaction and :func:`require` for the caller.
Both are async dependencies that do no I/O of their own on the common path, so a request
costs one thread-pool hop for a sync endpoint and one for its commit (ADR 0006).
"""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Protocol

import anyio
from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from opsdesk.kernel import idempotency
from opsdesk.kernel.admission import Admission
from opsdesk.kernel.errors import Forbidden, Unauthenticated


class Role(enum.StrEnum):
    ADMIN = "admin"
    OPERATIONS = "operations"
    AGENT = "agent"
    LEAD = "lead"  # a team lead: an agent who also approves what is above an agent's caps

    def acts_as(self, roles: Iterable[Role]) -> bool:
        """Whether this role may do what ``roles`` may: admins everything, a lead what an
        agent may; an empty ``roles`` admits everyone."""
        wanted = set(roles)
        if not wanted or self is Role.ADMIN or self in wanted:
            return True
        return self is Role.LEAD and Role.AGENT in wanted


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


class CachedAuthenticator(Protocol):
    """Who is calling, answered from memory without I/O, or None when it cannot tell."""

    def __call__(self, request: Request) -> Principal | None: ...


async def _request_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request: commit when the endpoint returns, else roll back.

    An async dependency on purpose: making the session does no I/O (it connects on first
    use, in the endpoint's worker thread), so only the commit or rollback at the end
    needs a hop to the thread pool. A sync dependency costs a hop in and a hop out.
    """
    admission: Admission | None = getattr(request.app.state, "admission", None)
    if admission is not None:
        await admission.enter()  # 503 + Retry-After when the line is too long
    try:
        session: Session = request.app.state.sessionmaker()
        session.begin()
        try:
            yield session
        except BaseException:
            with anyio.CancelScope(
                shield=True
            ):  # a cancelled request still gives back its connection
                await run_in_threadpool(_end, session, commit=False)
            raise
        await run_in_threadpool(_end, session, commit=True)
    finally:
        if admission is not None:
            admission.leave()


def _end(session: Session, *, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


DB = Annotated[Session, Depends(_request_session, scope="function")]


def db_session(request: Request) -> Iterator[Session]:
    """The request's transaction for code that needs a plain (sync) generator."""
    factory = request.app.state.sessionmaker
    with factory() as session, session.begin():
        yield session


def require(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """Dependency: the caller must be authenticated and hold one of ``roles``.

    Admins may do everything, leads what agents may; an empty ``roles`` admits any
    authenticated staff member.
    A caller the app's ``authenticate_cached`` recognises is admitted without I/O;
    anyone else is looked up by ``authenticate`` in the thread pool.
    """

    async def dependency(request: Request, session: DB) -> Principal:
        cached: CachedAuthenticator | None = getattr(request.app.state, "authenticate_cached", None)
        principal = cached(request) if cached is not None else None
        if principal is None:
            authenticate: Authenticator = request.app.state.authenticate
            principal = await run_in_threadpool(authenticate, session, request)
        if principal is None:
            raise Unauthenticated("a valid bearer token is required")
        if not principal.role.acts_as(roles):
            allowed = ", ".join(r.value for r in roles)
            raise Forbidden(f"this action needs one of the roles: {allowed}")
        return principal

    return dependency


def settings_of(request: Request) -> Any:
    return request.app.state.settings


def created_once(
    session: Session, *, scope: str, key: str | None, body: BaseModel, act: Callable[[], BaseModel]
) -> BaseModel | JSONResponse:
    """Create once per ``Idempotency-Key``: the first call returns ``act``'s model (rendered
    by the route with its 201 and headers); a retry gets the stored answer replayed."""
    made: list[BaseModel] = []

    def run() -> tuple[int, Any]:
        made.append(act())
        return 201, made[0].model_dump(mode="json", by_alias=True)

    answer = idempotency.once(
        session, scope=scope, key=key, request=body.model_dump(mode="json"), act=run
    )
    return JSONResponse(answer.content, answer.status_code) if answer.replayed else made[0]
