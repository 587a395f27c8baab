"""The Purchasing list and the new-purchase-order form: every purchase order, newest
first, filtered by state, supplier and warehouse, searched by number."""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import inventory
from opsdesk.kernel.errors import OpsDeskError
from opsdesk.kernel.http import DB, Principal
from opsdesk.web.ui.ops.listing import SortKey, page_of
from opsdesk.web.ui.ops.pages import can_write, reader, writer
from opsdesk.web.ui.ops.purchasing_views import (
    BADGES,
    ORDERS,
    STATE_LABELS,
    STATES,
    Status,
    is_late,
    parse_day,
    parse_lines,
    state_of,
    today_of,
)
from opsdesk.web.ui.templating import flash, render

router = APIRouter(include_in_schema=False)
PO = inventory.PurchaseOrder
Line = inventory.PurchaseOrderLine


@router.get(ORDERS)
def purchase_orders(
    request: Request,
    session: DB,
    q: Annotated[str, Query(max_length=40)] = "",
    state: Annotated[str, Query(max_length=20)] = "",
    supplier: Annotated[str, Query(max_length=12)] = "",
    warehouse: Annotated[str, Query(max_length=12)] = "",
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    params = {"q": q.strip(), "state": state if state in STATES else "",
              "supplier": supplier if supplier.isdigit() else "",
              "warehouse": warehouse if warehouse.isdigit() else ""}  # fmt: skip
    stmt = _filtered(sa.select(PO), params, today_of(request))
    page = page_of(session, stmt, [SortKey(PO.id, descending=True)], cursor)
    return render(
        request, "ops/purchasing/orders.html", principal=principal, page=page, params=params,
        units=_units(session, [o.id for o in page.rows]), today=today_of(request),
        suppliers=inventory.suppliers.list_suppliers(session),
        warehouses=inventory.list_warehouses(session), states=STATES, labels=STATE_LABELS,
        badges=BADGES, state_of=state_of, is_late=is_late, writer=_writes(principal),
    )  # fmt: skip


def _filtered(stmt: sa.Select[Any], params: dict[str, str], today: Any) -> sa.Select[Any]:
    if params["q"]:
        typed = params["q"]
        stmt = stmt.where(sa.or_(PO.number.startswith(typed, autoescape=True),
                                 PO.number.startswith(typed.upper(), autoescape=True)))  # fmt: skip
    if params["supplier"]:
        stmt = stmt.where(PO.supplier_id == int(params["supplier"]))
    if params["warehouse"]:
        stmt = stmt.where(PO.warehouse_id == int(params["warehouse"]))
    state = params["state"]
    if state in ("sent", "not_sent"):
        sent = PO.sent_at.is_not(None) if state == "sent" else PO.sent_at.is_(None)
        stmt = stmt.where(PO.status == Status.OPEN, sent)
    elif state == "late":
        receivable = (Status.OPEN, Status.PARTIALLY_RECEIVED)
        stmt = stmt.where(PO.status.in_(receivable), PO.expected_date < today)
    elif state:
        stmt = stmt.where(PO.status == Status(state))
    return stmt


def _units(session: Session, ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """(lines, units received, units ordered) per order of the page, in one query."""
    if not ids:
        return {}
    rows = session.execute(
        sa.select(Line.purchase_order_id, sa.func.count(), sa.func.sum(Line.quantity_received),
                  sa.func.sum(Line.quantity_ordered))
        .where(Line.purchase_order_id.in_(ids))
        .group_by(Line.purchase_order_id)
    )  # fmt: skip
    return {r[0]: (int(r[1]), int(r[2] or 0), int(r[3] or 0)) for r in rows}


def _writes(principal: Principal) -> bool:
    return can_write(principal)


@router.get(ORDERS + "/new")
def new_purchase_order(request: Request, session: DB, supplier: str = "") -> Response:
    principal = writer(session, request)
    if isinstance(principal, Response):
        return principal
    form = {"supplier": supplier if supplier.isdigit() else "", "warehouse": "", "due": "",
            "lines": ""}  # fmt: skip
    return _form(request, session, principal, form)


def _form(request: Request, session: Session, principal: Principal, form: dict[str, str],
          error: str = "", status_code: int = 200) -> Response:  # fmt: skip
    return render(
        request, "ops/purchasing/new_order.html", status_code, principal=principal, form=form,
        error=error, suppliers=inventory.suppliers.list_suppliers(session, active_only=True),
        warehouses=[w for w in inventory.list_warehouses(session) if w.active],
    )  # fmt: skip


@router.post(ORDERS)
def create_purchase_order(
    request: Request,
    session: DB,
    csrf: Annotated[str, Form()] = "",
    supplier: Annotated[str, Form(max_length=12)] = "",
    warehouse: Annotated[str, Form(max_length=12)] = "",
    due: Annotated[str, Form(max_length=20)] = "",
    lines: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    principal = writer(session, request, csrf)
    if isinstance(principal, Response):
        return principal
    form = {"supplier": supplier, "warehouse": warehouse, "due": due, "lines": lines}
    try:
        if not supplier.isdigit() or not warehouse.isdigit():
            raise ValueError("choose a supplier and a warehouse")
        wanted, day = parse_lines(lines), parse_day(due, "due date")
    except ValueError as error:
        return _form(request, session, principal, form, str(error), 422)
    try:
        with session.begin_nested():
            created = inventory.po_changes.create_for_supplier(
                session, supplier_id=int(supplier), warehouse_id=int(warehouse), lines=wanted,
                today=today_of(request), expected_date=day,
            )  # fmt: skip
    except OpsDeskError as error:
        return _form(request, session, principal, form, error.message, error.status_code)
    flash(
        request,
        "ok",
        f"Purchase order {created.number} created. Send it to the supplier when it is right.",
    )
    return RedirectResponse(f"{ORDERS}/{created.id}", status_code=303)
