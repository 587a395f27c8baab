"""Who is calling: a bearer token (API clients) or a signed session cookie (the workspace)
naming a server-side session row that logout, a password change or deactivation ends.

Cookie-authenticated requests that change state must carry the session's CSRF token
in the ``X-CSRF-Token`` header (htmx sends it on every request; see base.html).
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from sqlalchemy.orm import Session

from opsdesk import staff
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import Forbidden
from opsdesk.kernel.http import Principal, Role

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SESSION_USER = "staff_user_id"  # kept for the error pages' "back to the workspace" link
SESSION_SECRET = "staff_session"
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
    """The staff member whose live server-side session the cookie names (ADR 0011)."""
    secret = request.session.get(SESSION_SECRET)
    if not isinstance(secret, str):
        if request.session.get(SESSION_USER) is not None:
            request.session.clear()  # a cookie from before server-side sessions
        return None
    user = staff.sessions.session_user(session, secret, utcnow())
    if user is None:
        request.session.clear()
        return None
    request.state.must_change_password = user.must_change_password
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


def log_in(session: Session, request: Request, user: staff.StaffUser) -> None:
    request.session.clear()  # a fresh session on login: no fixation
    request.session[SESSION_USER] = user.id
    request.session[SESSION_SECRET] = staff.sessions.start_session(session, user.id, utcnow())
    csrf_token(request)


def log_out(session: Session, request: Request) -> None:
    """End this session on the server too, so a saved copy of the cookie opens nothing."""
    secret = request.session.get(SESSION_SECRET)
    if isinstance(secret, str):
        staff.sessions.end_session(session, secret, utcnow())
    request.session.clear()


def current_session_secret(request: Request) -> str | None:
    secret = request.session.get(SESSION_SECRET)
    return secret if isinstance(secret, str) else None
