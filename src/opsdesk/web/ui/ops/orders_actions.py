"""The order page's actions: the ticket panel's forms (``workspace/_action.html``, parsed by
``action_forms.parse_action``), run straight against the order's own services, since
there is no ticket to write a note on. The staff note goes on the order timeline.

A discount code is left to the ticket: it is a remedy e-mailed to a customer in a
conversation, not an operations step. Refusals come back in the form (409/422); nothing
is written then (the action runs in a savepoint)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.responses import Response

from opsdesk import orders, returns
from opsdesk.config import Settings
from opsdesk.kernel.errors import OpsDeskError
from opsdesk.kernel.http import DB, Principal
from opsdesk.support import actions, overview
from opsdesk.web.ui.access import not_found
from opsdesk.web.ui.action_forms import ActionProblem, parse_action
from opsdesk.web.ui.actions import form_fields
from opsdesk.web.ui.ops.orders import ORDER_PAGE_ACTIONS, PAGE, render_order
from opsdesk.web.ui.ops.pages import writer
from opsdesk.web.ui.templating import flash, now_of, render

router = APIRouter(include_in_schema=False)
K = actions.ActionKind


def _cancel(s: Session, o: orders.Order, a: Any, actor: str, at: datetime) -> str:
    orders.cancel_order(s, o.id, actor=actor, reason=a.reason, now=at)
    return f"Order {o.number} cancelled"


def _cancel_lines(s: Session, o: orders.Order, a: Any, actor: str, at: datetime) -> str:
    orders.cancel_order(s, o.id, actor=actor, reason=a.reason, line_ids=a.line_ids, now=at)
    return f"{len(set(a.line_ids))} line(s) of {o.number} cancelled"


def _reship(s: Session, o: orders.Order, a: Any, actor: str, at: datetime) -> str:
    new = orders.reship(s, o.id, a.quantities(), actor=actor, reason=a.reason, note=a.note,
                        address=a.shipping_address, now=at)  # fmt: skip
    return f"Replacement order {new.number} created"


def _return(s: Session, o: orders.Order, a: Any, actor: str, at: datetime) -> str:
    rma = returns.request_return(s, order_id=o.id, lines=a.quantities(), reason=a.reason,
                                 note=a.note, actor=actor, now=at)  # fmt: skip
    return f"Return {rma.number} opened"


def _upgrade(s: Session, o: orders.Order, a: Any, actor: str, at: datetime) -> str:
    done = orders.upgrade_shipping(s, o.id, a.service_level, actor=actor, reason=a.reason,
                                   charge_minor=a.charge_minor, now=at)  # fmt: skip
    return f"Shipping of {o.number} upgraded to {done.service_level}"


def _address(s: Session, o: orders.Order, a: Any, actor: str, at: datetime) -> str:
    orders.update_shipping_address(s, o.id, a.shipping_address, actor=actor, reason=a.reason,
                                   now=at)  # fmt: skip
    return f"Shipping address of {o.number} changed"


def _refund(s: Session, o: orders.Order, a: Any, actor: str, at: datetime) -> str:
    returns.record_refund(s, order_id=o.id, amount_minor=a.amount_minor,
                          currency=(a.currency or o.currency).upper(), reason=a.reason,
                          actor=actor, return_id=a.return_id, now=at)  # fmt: skip
    return f"Refund recorded on {o.number}"


RUN: Mapping[actions.ActionKind, Callable[[Session, orders.Order, Any, str, datetime], str]] = {
    K.CANCEL_ORDER: _cancel,
    K.CANCEL_LINES: _cancel_lines,
    K.RESHIP: _reship,
    K.START_RETURN: _return,
    K.UPGRADE_SHIPPING: _upgrade,
    K.CHANGE_ADDRESS: _address,
    K.RECORD_REFUND: _refund,
}


def perform(session: Session, order: orders.Order, action: Any, actor: str, at: datetime) -> str:
    """Run one action whole or not at all; the staff note joins the timeline."""
    with session.begin_nested():
        actions.check_allowed(action.kind, order.number, order.status)
        done = RUN[action.kind](session, order, action, actor, at)
        if action.note.strip():
            orders.add_timeline_event(
                session, order.id, kind="note", actor=actor, occurred_at=at,
                summary=f"Note by {actor}: {action.note.strip()}",
            )  # fmt: skip
    return done


@router.post(PAGE + "/{number}/actions/{kind}")
def act(
    number: str, kind: str, request: Request, session: DB,
    form: Annotated[FormData, Depends(form_fields)],
) -> Response:  # fmt: skip
    fields = {name: [v for v in form.getlist(name) if isinstance(v, str)] for name in form}
    principal = writer(session, request, (fields.get("csrf") or [""])[0])
    if isinstance(principal, Response):
        return principal
    order = session.scalar(sa.select(orders.Order).where(orders.Order.number == number))
    if order is None or kind not in {k.value for k in ORDER_PAGE_ACTIONS}:
        return not_found(request, principal, "action" if order else "order")
    action_kind = actions.ActionKind(kind)
    settings: Settings = request.app.state.settings
    now = now_of(request)
    try:
        action = parse_action(action_kind, order.id, fields, currency=order.currency,
                              timezone=settings.default_timezone, today=now.date())  # fmt: skip
        done = perform(session, order, action, principal.actor, now)
    except OpsDeskError as error:
        problem = ActionProblem(order.id, action_kind, _sentence(error.message), fields)
        return _refused(request, session, principal, order, problem, error.status_code)
    flash(request, "ok", f"{done}.")
    target = f"{PAGE}/{order.number}"
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _sentence(message: str) -> str:
    text = message.strip()
    return f"{text[:1].upper()}{text[1:]}{'' if text.endswith('.') else '.'}"


def _refused(
    request: Request, session: Session, principal: Principal, order: orders.Order,
    problem: ActionProblem, status_code: int,
) -> Response:  # fmt: skip
    """htmx swaps just the form with the error in it; a plain post gets the whole page."""
    if not request.headers.get("hx-request"):
        return render_order(request, session, principal, order.number, status_code=status_code,
                            problem=problem)  # fmt: skip
    view = overview.linked_orders_overview(session, [order.id], now=now_of(request))[0]
    return render(
        request, "workspace/_action.html", status_code, principal=principal, o=view,
        kind=problem.kind, problem=problem, order_action_base=f"{PAGE}/{order.number}/actions",
        order_page_actions=ORDER_PAGE_ACTIONS,
    )  # fmt: skip
