"""Actions from the ticket view: the panel's forms post here, the action runs in the
request's transaction, and the agent lands back on the ticket with the internal note in
the conversation, the drafted reply in the reply box and a fresh panel. A refusal (409
for the order's state, 422 for the input) is shown in the form itself; nothing is written.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.responses import Response

from opsdesk import orders, support
from opsdesk.config import Settings
from opsdesk.kernel.errors import NotFound, OpsDeskError
from opsdesk.kernel.http import DB, Principal
from opsdesk.support import actions, overview
from opsdesk.web.ui.access import FRONT_DESK, not_found, staff_for_change
from opsdesk.web.ui.action_forms import ActionProblem, Fields, parse_action
from opsdesk.web.ui.templating import flash, now_of, render
from opsdesk.web.ui.ticket import keep_draft, render_ticket

router = APIRouter(include_in_schema=False)
MAX_FIELDS = 600  # a reship form of a 500-line order, and its few other fields


async def form_fields(request: Request) -> FormData:
    """The submitted form, read before the (synchronous) handler runs."""
    return await request.form(max_fields=MAX_FIELDS, max_files=0)


def _fields(form: FormData) -> Fields:
    return {name: [v for v in form.getlist(name) if isinstance(v, str)] for name in form}


def done_text(outcome: actions.ActionOutcome) -> str:
    """The flash after an action: what was made, and where the reply waits."""
    made = {
        actions.ActionKind.RESHIP: f"Replacement order {outcome.replacement_order_number} created",
        actions.ActionKind.START_RETURN: f"Return {outcome.return_number} opened",
        actions.ActionKind.ISSUE_DISCOUNT: f"Discount code {outcome.discount_code} issued",
    }.get(outcome.action, f"Done on order {outcome.order_number}")
    if outcome.discount_status == "pending":
        return (
            f"Discount code {outcome.discount_code} is above your caps and waits for a "
            "lead's approval; the customer gets it once it is approved."
        )
    return f"{made}. The drafted reply is in the reply box: check it, then send."


@router.post("/workspace/tickets/{ticket_id}/orders/{order_id}/actions/{kind}")
def act(
    ticket_id: int, order_id: int, kind: str, request: Request, session: DB,
    form: Annotated[FormData, Depends(form_fields)],
) -> Response:  # fmt: skip
    fields = _fields(form)
    csrf = (fields.get("csrf") or [""])[0]
    principal = staff_for_change(session, request, csrf, *FRONT_DESK)
    if isinstance(principal, Response):
        return principal
    order = session.get(orders.Order, order_id)
    if kind not in set(actions.ActionKind) or order is None:
        return not_found(request, principal, "action" if order else "order")
    action_kind = actions.ActionKind(kind)
    settings: Settings = request.app.state.settings
    now = now_of(request)
    try:
        action = parse_action(
            action_kind, order_id, fields, currency=order.currency,
            timezone=settings.default_timezone, today=now.date(),
        )  # fmt: skip
        outcome = support.perform_action(
            session, ticket_id, action, principal=principal,
            voice=actions.voice_of(settings), default_timezone=settings.default_timezone,
            now=now,
        )  # fmt: skip
    except NotFound:
        return not_found(request, principal, "ticket")
    except OpsDeskError as error:
        problem = ActionProblem(order_id, action_kind, _sentence(error.message), fields)
        return _refused(request, session, principal, ticket_id, problem, error.status_code)
    keep_draft(request, ticket_id, outcome.draft_reply or "")
    flash(request, "ok", done_text(outcome))
    return _to_ticket(request, ticket_id)


def _sentence(message: str) -> str:
    text = message.strip()
    return f"{text[:1].upper()}{text[1:]}{'' if text.endswith('.') else '.'}"


def _to_ticket(request: Request, ticket_id: int) -> Response:
    target = f"/workspace/tickets/{ticket_id}"
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _refused(
    request: Request, session: Session, principal: Principal, ticket_id: int,
    problem: ActionProblem, status_code: int,
) -> Response:  # fmt: skip
    """htmx swaps just the form with the error in it; a plain post gets the whole page."""
    if not request.headers.get("hx-request"):
        return render_ticket(
            request, session, principal, ticket_id, status_code=status_code, problem=problem
        )
    views = overview.linked_orders_overview(session, [problem.order_id], now=now_of(request))
    return render(
        request, "workspace/_action.html", status_code, principal=principal,
        ticket_id=ticket_id, o=views[0], kind=problem.kind, problem=problem,
    )  # fmt: skip
