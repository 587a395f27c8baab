"""Staff accounts for admins: who may log in, with how many live sessions and which API
tokens; deactivate or reactivate an account, set a temporary password, revoke a token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from opsdesk import staff
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import OpsDeskError
from opsdesk.kernel.http import DB, Role
from opsdesk.web.ui.access import staff_for_change, staff_for_page
from opsdesk.web.ui.templating import flash, render

router = APIRouter(include_in_schema=False)
PAGE = "/workspace/staff"
Csrf = Annotated[str, Form()]


@router.get(PAGE)
def staff_page(request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request, Role.ADMIN)
    if isinstance(principal, Response):
        return principal
    users = staff.accounts.list_users(session)
    return render(
        request, "admin/staff.html", principal=principal, users=users,
        names={u.id: u.name for u in users}, tokens=staff.accounts.list_tokens(session),
        live=staff.sessions.live_sessions(session, utcnow()),
    )  # fmt: skip


def _act(request: Request, session: DB, csrf: str, action: str, user_id: int) -> Response:
    principal = staff_for_change(session, request, csrf, Role.ADMIN)
    if isinstance(principal, Response):
        return principal
    accounts = staff.accounts
    try:
        if action == "deactivate":
            user = accounts.deactivate(session, user_id, utcnow(), by=principal.user_id)
            flash(request, "ok", f"{user.name} is deactivated: logged out, API tokens revoked.")
        else:
            user = accounts.reactivate(session, user_id)
            flash(request, "ok", f"{user.name} may log in again.")
    except OpsDeskError as exc:
        flash(request, "error", f"Nothing changed: {exc.message}.")
    return RedirectResponse(PAGE, status_code=303)


@router.post(PAGE + "/{user_id}/deactivate")
def deactivate(user_id: int, request: Request, session: DB, csrf: Csrf = "") -> Response:
    return _act(request, session, csrf, "deactivate", user_id)


@router.post(PAGE + "/{user_id}/reactivate")
def reactivate(user_id: int, request: Request, session: DB, csrf: Csrf = "") -> Response:
    return _act(request, session, csrf, "reactivate", user_id)


@router.post(PAGE + "/{user_id}/password")
def reset_password(
    user_id: int,
    request: Request,
    session: DB,
    temporary: Annotated[str, Form(max_length=200)],
    csrf: Csrf = "",
) -> Response:
    principal = staff_for_change(session, request, csrf, Role.ADMIN)
    if isinstance(principal, Response):
        return principal
    try:
        user = staff.accounts.reset_password(session, user_id, temporary, utcnow())
    except OpsDeskError as exc:
        flash(request, "error", f"Nothing changed: {exc.message}.")
    else:
        flash(request, "ok", f"{user.name} has a temporary password, must choose a new one "
                             "at the next login, and was logged out everywhere.")  # fmt: skip
    return RedirectResponse(PAGE, status_code=303)


@router.post("/workspace/tokens/{token_id}/revoke")
def revoke_token(token_id: int, request: Request, session: DB, csrf: Csrf = "") -> Response:
    principal = staff_for_change(session, request, csrf, Role.ADMIN)
    if isinstance(principal, Response):
        return principal
    try:
        staff.revoke_token(session, token_id)
    except OpsDeskError as exc:
        flash(request, "error", f"Nothing changed: {exc.message}.")
    else:
        flash(request, "ok", f"Token #{token_id} is revoked; it opens nothing any more.")
    return RedirectResponse(PAGE + "#tokens", status_code=303)
