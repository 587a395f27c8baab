"""A staff member changes their own password; their other sessions and tokens end."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from opsdesk import staff
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import InvalidInput
from opsdesk.kernel.http import DB
from opsdesk.web.auth import current_session_secret
from opsdesk.web.ui.access import PASSWORD_PAGE, staff_for_change, staff_for_page
from opsdesk.web.ui.templating import flash, render

router = APIRouter(include_in_schema=False)


@router.get(PASSWORD_PAGE)
def password_form(request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request)
    if isinstance(principal, Response):
        return principal
    forced = bool(getattr(request.state, "must_change_password", False))
    return render(request, "workspace/password.html", principal=principal, forced=forced,
                  error=None)  # fmt: skip


@router.post(PASSWORD_PAGE)
def change_password(
    request: Request,
    session: DB,
    current: Annotated[str, Form(max_length=200)],
    new: Annotated[str, Form(max_length=200)],
    confirm: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    principal = staff_for_change(session, request, csrf)
    if isinstance(principal, Response):
        return principal
    assert principal.user_id is not None  # a session always belongs to a user
    forced = bool(getattr(request.state, "must_change_password", False))
    try:
        if new != confirm:
            raise InvalidInput("the new password and its confirmation differ")
        staff.accounts.change_password(session, principal.user_id, current, new, utcnow(),
                                       keep=current_session_secret(request))  # fmt: skip
    except InvalidInput as exc:
        return render(request, "workspace/password.html", 422, principal=principal,
                      forced=forced, error=_sentence(exc.message))  # fmt: skip
    flash(request, "ok", "Your password is changed. Your other sessions and API tokens ended.")
    return RedirectResponse("/workspace", status_code=303)


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + "."
