"""Login and logout; the workspace pages live beside this module (inbox, ticket, operations)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from opsdesk import staff
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
    user = staff.authenticate_password(session, email, password)
    if user is None:
        return render(
            request,
            "login.html",
            401,
            next=_safe_next(next),
            email=email,
            error="That e-mail and password do not match an active account.",
        )
    log_in(request, user)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    if csrf_matches(request, csrf):
        log_out(request)
    return RedirectResponse("/login", status_code=303)
