"""Who may see which workspace page, and the answers when they may not."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk.kernel.http import Principal, Role
from opsdesk.web.auth import csrf_matches, session_principal
from opsdesk.web.ui.templating import render

FRONT_DESK = frozenset({Role.AGENT, Role.ADMIN})
PASSWORD_PAGE = "/workspace/password"


def staff_for_page(session: Session, request: Request, *roles: Role) -> Principal | Response:
    """The logged-in staff member, or the answer instead of the page: a login redirect,
    or 403 for a role the page is not for (admins may see every page)."""
    principal = session_principal(session, request)
    if principal is None:
        if request.headers.get("hx-request"):
            # A polled fragment after the session ended: send the whole page to login
            # instead of swapping the login form into a table row.
            return Response(status_code=204, headers={"HX-Redirect": "/login"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='/?=&')}", status_code=303)
    if getattr(request.state, "must_change_password", False) and request.url.path != PASSWORD_PAGE:
        # An admin reset this password: the user chooses their own before anything else.
        if request.headers.get("hx-request"):
            return Response(status_code=204, headers={"HX-Redirect": PASSWORD_PAGE})
        return RedirectResponse(PASSWORD_PAGE, status_code=303)
    if not principal.role.acts_as(roles):
        return render(
            request, "workspace/problem.html", 403, principal=principal, title="Not for your role",
            text="This page is for another team. Your start page has what you need.",
        )  # fmt: skip
    return principal


def staff_for_change(
    session: Session, request: Request, csrf: str, *roles: Role
) -> Principal | Response:
    """Like ``staff_for_page`` for a POST, which must also carry the session's CSRF token
    (a form field, or the header htmx sends)."""
    principal = staff_for_page(session, request, *roles)
    if isinstance(principal, Response):
        return principal
    token = csrf or request.headers.get("x-csrf-token", "")
    if not csrf_matches(request, token):
        return render(
            request, "workspace/problem.html", 403, principal=principal,
            title="Please reload the page",
            text="Your session changed since this page was opened, so nothing was saved.",
        )  # fmt: skip
    return principal


def not_found(request: Request, principal: Principal, what: str) -> Response:
    return render(
        request, "workspace/problem.html", 404, principal=principal, title=f"No such {what}",
        text=f"This {what} does not exist, or it was removed. Check the link or go back to the inbox.",
    )  # fmt: skip
