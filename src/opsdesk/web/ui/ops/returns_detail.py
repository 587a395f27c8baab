"""One return: its lines and what happened so far, and — for the operations role — the next
step in place: approve or reject, receive (scan the items, choose the warehouse), inspect
each line (grade, was the customer's reason true, restock or write off), refund.

Every step is one service call in a savepoint: a refusal (a 4xx naming what was wrong)
re-renders the page with nothing changed; success redirects back with a note (303)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import inventory, returns
from opsdesk.kernel.errors import NotFound, OpsDeskError
from opsdesk.kernel.http import DB, Principal
from opsdesk.returns import queries
from opsdesk.web.ui.access import not_found
from opsdesk.web.ui.formatting import money
from opsdesk.web.ui.ops import returns_forms as forms
from opsdesk.web.ui.ops.pages import can_write, reader, writer
from opsdesk.web.ui.templating import flash, now_of, render

router = APIRouter(include_in_schema=False)
PATH = "/workspace/returns"
Field = Annotated[str, Form(max_length=2000)]


def detail_context(session: Session, return_id: int) -> dict[str, Any]:
    """What the page shows, in a handful of indexed reads (no per-line queries)."""
    rma = returns.get_return(session, return_id)
    lines = queries.line_views(session, [rma])[rma.id]
    refunds = [r for r in returns.refunds_for_order(session, rma.order_id) if r.return_id == rma.id]
    due = sum(lv.unit_price_minor * lv.line.quantity for lv in lines)
    refunded = sum(r.amount_minor for r in refunds)
    order = queries.order_views(session, [rma.order_id])[rma.order_id]
    warehouses = inventory.list_warehouses(session, include_inactive=False)
    at = inventory.get_warehouse(session, rma.warehouse_id) if rma.warehouse_id else None
    return {
        "rma": rma, "order": order,
        "lines": lines, "refunds": refunds, "refundable": due - refunded,
        "refund_amount": forms.major_amount(max(due - refunded, 0), order.currency),
        "warehouses": warehouses, "warehouse": at, "grades": forms.GRADES,
        "reason_labels": forms.REASON_LABELS, "S": returns.ReturnStatus,
    }  # fmt: skip


def _page(
    request: Request,
    session: Session,
    principal: Principal,
    return_id: int,
    status_code: int = 200,
    problem: str = "",
) -> Response:
    try:
        context = detail_context(session, return_id)
    except NotFound:
        return not_found(request, principal, "return")
    return render(
        request, "ops/returns/detail.html", status_code, principal=principal, problem=problem,
        writer=can_write(principal), scan=request.query_params.get("scan") == "1",
        **context,
    )  # fmt: skip


@router.get(PATH + "/{return_id}")
def detail(return_id: int, request: Request, session: DB) -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    return _page(request, session, principal, return_id)


def _act(
    request: Request,
    session: Session,
    principal: Principal,
    return_id: int,
    step: Callable[[], str],
) -> Response:
    """Run ``step`` in a savepoint: on success flash its words and show the return again;
    on a refusal show the page with the reason and the refusal's status, nothing changed."""
    try:
        with session.begin_nested():
            done = step()
    except OpsDeskError as error:
        if isinstance(error, NotFound) and error.message.startswith("return "):
            return not_found(request, principal, "return")
        return _page(request, session, principal, return_id, error.status_code, error.message)
    flash(request, "ok", done)
    return RedirectResponse(f"{PATH}/{return_id}", status_code=303)


@router.post(PATH + "/{return_id}/decision")
def decide(
    return_id: int, request: Request, session: DB, csrf: Field = "", decision: Field = "",
    note: Field = "",
) -> Response:  # fmt: skip
    principal = writer(session, request, csrf)
    if isinstance(principal, Response):
        return principal

    def step() -> str:
        rma = returns.decide(
            session, return_id, approve=forms.approve(decision), note=note.strip(),
            actor=principal.actor, now=now_of(request),
        )  # fmt: skip
        return f"Return {rma.number} {rma.status.value}."

    return _act(request, session, principal, return_id, step)


@router.post(PATH + "/{return_id}/receipt")
def receive(
    return_id: int, request: Request, session: DB, csrf: Field = "", warehouse_id: Field = ""
) -> Response:
    principal = writer(session, request, csrf)
    if isinstance(principal, Response):
        return principal

    def step() -> str:
        rma = returns.receive(
            session, return_id, warehouse_id=forms.warehouse_id(warehouse_id),
            actor=principal.actor, now=now_of(request),
        )  # fmt: skip
        return f"Return {rma.number} received; inspect its items."

    return _act(request, session, principal, return_id, step)


@router.post(PATH + "/{return_id}/lines/{line_id}/inspection")
def inspect(
    return_id: int, line_id: int, request: Request, session: DB, csrf: Field = "",
    disposition: Field = "", grade: Field = "", reason_check: Field = "", note: Field = "",
) -> Response:  # fmt: skip
    principal = writer(session, request, csrf)
    if isinstance(principal, Response):
        return principal

    def step() -> str:
        chosen = forms.disposition(disposition)
        rma = returns.inspect_line(
            session, return_id, line_id, disposition=chosen, grade=forms.grade(grade),
            reason_confirmed=forms.reason_check(reason_check), note=note.strip(),
            actor=principal.actor, now=now_of(request),
        )  # fmt: skip
        verb = "restocked" if chosen is returns.Disposition.RESTOCK else "written off"
        done = (
            " Every line is inspected: refund it."
            if rma.status is returns.ReturnStatus.INSPECTED
            else ""
        )
        return f"Line {verb}.{done}"

    return _act(request, session, principal, return_id, step)


@router.post(PATH + "/{return_id}/refund")
def refund(
    return_id: int, request: Request, session: DB, csrf: Field = "", amount: Field = ""
) -> Response:
    """Refund once: a second press (a double click, a resent form) finds the return already
    refunded and says so instead of paying twice."""
    principal = writer(session, request, csrf)
    if isinstance(principal, Response):
        return principal

    def step() -> str:
        rma = returns.get_return(session, return_id, lock=True)
        order = queries.order_views(session, [rma.order_id])[rma.order_id]
        if rma.status is returns.ReturnStatus.REFUNDED:
            return f"Return {rma.number} was already refunded; nothing more was paid."
        minor = forms.amount_minor(amount, order.currency)
        done = returns.refund_return(
            session, return_id, amount_minor=minor, actor=principal.actor, now=now_of(request)
        )
        return f"Refunded {money(done.amount_minor, done.currency)} for {rma.number}."

    return _act(request, session, principal, return_id, step)
