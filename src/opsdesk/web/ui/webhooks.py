"""Webhooks for admins: subscribers (made here, their secret shown once), the delivery
log with its failures, and replay."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from opsdesk import webhooks
from opsdesk.kernel.errors import Conflict, InvalidInput, NotFound
from opsdesk.kernel.http import DB, Principal, Role
from opsdesk.web.ui.access import staff_for_change, staff_for_page
from opsdesk.web.ui.templating import flash, now_of, render
from opsdesk.webhooks.log import DeliveryState

router = APIRouter(include_in_schema=False)
PAGE = "/workspace/webhooks"


def _page(
    request: Request, session: DB, principal: Principal, *, status_code: int = 200, **extra: object
) -> Response:
    state_arg = request.query_params.get("state", "")
    state = DeliveryState(state_arg) if state_arg in set(DeliveryState) else None
    before_arg = request.query_params.get("before", "")
    before = int(before_arg) if before_arg.isdigit() else None
    log = webhooks.delivery_log(session, state=state, before_id=before)
    return render(
        request, "admin/webhooks.html", status_code=status_code, principal=principal,
        subscriptions=webhooks.list_subscriptions(session), topics=webhooks.TOPICS,
        log=log, state=state, states=list(DeliveryState),
        older=log[-1].id if len(log) == webhooks.log.PAGE else None, **extra,
    )  # fmt: skip


@router.get(PAGE)
def webhooks_page(request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request, Role.ADMIN)
    if isinstance(principal, Response):
        return principal
    return _page(request, session, principal)


@router.post(PAGE)
def create(
    request: Request,
    session: DB,
    csrf: Annotated[str, Form()] = "",
    url: Annotated[str, Form(max_length=2000)] = "",
    description: Annotated[str, Form(max_length=200)] = "",
    topics: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """The secret is rendered on this answer only (never put in a cookie or a redirect)."""
    principal = staff_for_change(session, request, csrf, Role.ADMIN)
    if isinstance(principal, Response):
        return principal
    try:
        made, secret = webhooks.create_subscription(
            session, url=url, topics=topics or [], description=description, actor=principal.actor
        )
    except InvalidInput as refused:  # checked before anything is written
        form = {"url": url, "description": description, "topics": topics or []}
        return _page(request, session, principal, status_code=422, error=refused.message, form=form)
    return _page(request, session, principal, status_code=201, created=made, secret=secret)


@router.post(PAGE + "/{subscription_id}/active")
def set_active(
    subscription_id: int,
    request: Request,
    session: DB,
    csrf: Annotated[str, Form()] = "",
    active: Annotated[str, Form()] = "",
) -> Response:
    principal = staff_for_change(session, request, csrf, Role.ADMIN)
    if isinstance(principal, Response):
        return principal
    on = active == "on"
    try:
        webhooks.update_subscription(session, subscription_id, active=on)
    except NotFound:
        flash(request, "error", f"Subscription #{subscription_id} does not exist (any more).")
    else:
        flash(request, "ok", f"Subscription #{subscription_id} is {'on' if on else 'off'}.")
    return RedirectResponse(PAGE, status_code=303)


@router.post(PAGE + "/{subscription_id}/delete")
def delete(
    subscription_id: int, request: Request, session: DB, csrf: Annotated[str, Form()] = ""
) -> Response:
    principal = staff_for_change(session, request, csrf, Role.ADMIN)
    if isinstance(principal, Response):
        return principal
    try:
        webhooks.delete_subscription(session, subscription_id)
    except NotFound:
        flash(request, "error", f"Subscription #{subscription_id} does not exist (any more).")
    else:
        flash(request, "ok", f"Subscription #{subscription_id} and its delivery log are deleted.")
    return RedirectResponse(PAGE, status_code=303)


@router.post(PAGE + "/deliveries/{delivery_id}/replay")
def replay(
    delivery_id: int, request: Request, session: DB, csrf: Annotated[str, Form()] = ""
) -> Response:
    principal = staff_for_change(session, request, csrf, Role.ADMIN)
    if isinstance(principal, Response):
        return principal
    try:
        queued = webhooks.replay(session, delivery_id, now=now_of(request))
    except (NotFound, Conflict) as refused:
        flash(request, "error", refused.message)
    else:
        again = "again" if queued.id == delivery_id else f"anew as delivery #{queued.id}"
        flash(request, "ok", f"Delivery #{delivery_id} is queued {again}; the worker sends it.")
    return RedirectResponse(PAGE, status_code=303)
