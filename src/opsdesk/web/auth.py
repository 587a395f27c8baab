"""Who is calling: a bearer token (API clients) or a signed session cookie (the workspace).

Cookie-authenticated requests that change state must carry the session's CSRF token
in the ``X-CSRF-Token`` header (htmx sends it on every request; see base.html).
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from sqlalchemy.orm import Session

from opsdesk import staff
from opsdesk.kernel.errors import Forbidden
from opsdesk.kernel.http import Principal, Role

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SESSION_USER = "staff_user_id"
SESSION_CSRF = "csrf"


def csrf_token(request: Request) -> str:
    token = request.session.get(SESSION_CSRF)
    if not token:
        token = secrets.token_urlsafe(24)
        request.session[SESSION_CSRF] = token
    return str(token)


def csrf_matches(request: Request, candidate: str | None) -> bool:
    expected = request.session.get(SESSION_CSRF)
    return bool(expected and candidate and hmac.compare_digest(str(expected), candidate))


def session_principal(session: Session, request: Request) -> Principal | None:
    user_id = request.session.get(SESSION_USER)
    if user_id is None:
        return None
    user = session.get(staff.StaffUser, int(user_id))
    if user is None or not user.active:
        request.session.clear()
        return None
    return Principal(user_id=user.id, role=Role(user.role), name=user.name)


def authenticate(session: Session, request: Request) -> Principal | None:
    principal = staff.authenticate_request(session, request)
    if principal is not None or "session" not in request.scope:
        return principal
    principal = session_principal(session, request)
    unsafe = request.method not in SAFE_METHODS
    if principal is not None and unsafe and not csrf_matches(request, _csrf_header(request)):
        raise Forbidden("missing or invalid CSRF token")
    return principal


def _csrf_header(request: Request) -> str | None:
    return request.headers.get("x-csrf-token")


def log_in(request: Request, user: staff.StaffUser) -> None:
    request.session.clear()  # a fresh session on login: no fixation
    request.session[SESSION_USER] = user.id
    csrf_token(request)


def log_out(request: Request) -> None:
    request.session.clear()
