"""Login and logout; the workspace pages live beside this module (inbox, ticket, operations)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from opsdesk import staff
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.http import DB
from opsdesk.web.auth import csrf_matches, log_in, log_out
from opsdesk.web.ui.templating import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the login form cannot redirect elsewhere."""
    if (
        not target
        or urlparse(target).netloc
        or not target.startswith("/")
        or target.startswith("//")
    ):
        return "/workspace"
    return target


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", next=_safe_next(next), error=None, email="")


@router.post("/login")
def login(
    request: Request,
    session: DB,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/workspace",
) -> Response:
    if not csrf_matches(request, csrf):
        return render(
            request,
            "login.html",
            400,
            next=_safe_next(next),
            email=email,
            error="Your session expired. Please try again.",
        )
    client, now = _client(request), utcnow()
    wait = staff.login_guard.wait_seconds(session, email, client, now)
    if wait:
        return _too_many(request, email, next, wait)
    user = staff.authenticate_password(session, email, password)
    if user is None:
        # Counted in the request's transaction, which commits as this page is returned.
        staff.login_guard.failed(session, email, client, now)
        return render(
            request,
            "login.html",
            401,
            next=_safe_next(next),
            email=email,
            error="That e-mail and password do not match an active account.",
        )
    staff.login_guard.forget_account(session, email)
    log_in(session, request, user)
    return RedirectResponse(_safe_next(next), status_code=303)


def _client(request: Request) -> str:
    """The caller's address (forwarded headers are trusted only from configured proxies)."""
    return request.client.host if request.client else "unknown"


def _too_many(request: Request, email: str, next: str, wait: int) -> Response:
    minutes = max(1, -(-wait // 60))
    response = render(
        request,
        "login.html",
        429,
        next=_safe_next(next),
        email=email,
        error=(
            "Too many failed log-ins from this device or for this account. "
            f"Please wait {minutes} minute{'s' if minutes != 1 else ''} and try again, "
            "or ask an admin to reset your password."
        ),
    )
    response.headers["Retry-After"] = str(wait)
    return response


@router.post("/logout")
def logout(request: Request, session: DB, csrf: Annotated[str, Form()] = "") -> Response:
    if csrf_matches(request, csrf):
        log_out(session, request)
    return RedirectResponse("/login", status_code=303)
