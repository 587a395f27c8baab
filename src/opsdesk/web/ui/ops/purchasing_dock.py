"""Receiving at the dock, built for a keyboard-wedge scanner: scan the purchase order's
barcode, scan each item (SKU or EAN; a case quantity for cartons), name the bin, book.
The receipt page then lists the backorders it filled: the orders and customers unblocked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import customers, inventory, orders
from opsdesk.kernel.errors import NotFound, OpsDeskError
from opsdesk.kernel.http import DB, Principal
from opsdesk.web.ui.access import not_found
from opsdesk.web.ui.ops.pages import reader, writer
from opsdesk.web.ui.ops.purchasing_views import DOCK, ORDERS
from opsdesk.web.ui.templating import flash, now_of, render

router = APIRouter(include_in_schema=False)
RECEIVABLE = (inventory.PurchaseOrderStatus.OPEN, inventory.PurchaseOrderStatus.PARTIALLY_RECEIVED)


@router.get(DOCK)
def dock(request: Request, session: DB,
         po: Annotated[str, Query(max_length=64)] = "") -> Response:  # fmt: skip
    """The scan-a-purchase-order page; a scanned number opens its receiving page."""
    principal = writer(session, request)
    if isinstance(principal, Response):
        return principal
    number = po.strip()
    if number:
        found = session.scalar(
            sa.select(inventory.PurchaseOrder.id).where(
                inventory.PurchaseOrder.number.in_([number, number.upper()])
            )
        )
        if found is not None:
            return RedirectResponse(f"{ORDERS}/{found}/receive", status_code=303)
    return render(
        request, "ops/purchasing/dock.html", 404 if number else 200, principal=principal,
        scanned=number, expected=_expected(session),
    )  # fmt: skip


def _expected(session: Session) -> list[inventory.PurchaseOrder]:
    """What may arrive: open orders, earliest due first (a short list at any store)."""
    order = inventory.PurchaseOrder
    return list(session.scalars(
        sa.select(order).where(order.status.in_(RECEIVABLE))
        .order_by(order.expected_date, order.id).limit(20)
    ))  # fmt: skip


@router.get(ORDERS + "/{po_id:int}/receive")
def receive_page(request: Request, session: DB, po_id: int) -> Response:
    principal = writer(session, request)
    if isinstance(principal, Response):
        return principal
    return counting_page(request, session, principal, po_id)


def counting_page(request: Request, session: Session, principal: Principal, po_id: int, *,
                  posted: dict[str, tuple[str, str]] | None = None, error: str = "",
                  status_code: int = 200) -> Response:  # fmt: skip
    order = session.get(inventory.PurchaseOrder, po_id)
    if order is None:
        return not_found(request, principal, "purchase order")
    return render(
        request, "ops/purchasing/receive.html", status_code, principal=principal, order=order,
        rows=inventory.dock.dock_rows(session, po_id), posted=posted or {}, error=error,
        receivable=order.status in RECEIVABLE,
    )  # fmt: skip


@router.post(ORDERS + "/{po_id:int}/receive")
def book_receipt(
    request: Request, session: DB, po_id: int, csrf: Annotated[str, Form()] = "",
    line: Annotated[list[str] | None, Form(max_length=20)] = None,
    qty: Annotated[list[str] | None, Form(max_length=20)] = None,
    bin: Annotated[list[str] | None, Form(max_length=40)] = None,
    accept_over: Annotated[str, Form(max_length=3)] = "",
) -> Response:  # fmt: skip
    """Book what was counted; a refusal shows the page again with the counts kept."""
    principal = writer(session, request, csrf)
    if isinstance(principal, Response):
        return principal
    posted = _posted(line or [], qty or [], bin or [])
    try:
        lines = [_counted(posted, row) for row in inventory.dock.dock_rows(session, po_id)]
        with session.begin_nested():
            receipt = inventory.dock.book_receipt(
                session, purchase_order_id=po_id, lines=lines, actor=principal.actor,
                accept_over=accept_over == "yes", now=now_of(request),
            )  # fmt: skip
    except ValueError as error:
        return counting_page(request, session, principal, po_id, posted=posted,
                             error=str(error), status_code=422)  # fmt: skip
    except OpsDeskError as error:
        return counting_page(request, session, principal, po_id, posted=posted,
                             error=error.message, status_code=error.status_code)  # fmt: skip
    units = sum(item.quantity for item in receipt.lines)
    flash(
        request, "ok", f"Received {units} unit(s); {len(receipt.filled)} backorder line(s) filled."
    )
    return RedirectResponse(f"{ORDERS}/{po_id}/receipts/{receipt.id}", status_code=303)


def _posted(lines: list[str], qty: list[str], bins: list[str]) -> dict[str, tuple[str, str]]:
    """(count, bin) as typed, by line id: the three lists come in the table's order (a
    line whose fields are missing counts nothing)."""
    return {ln: (q, b) for ln, q, b in zip(lines, qty, bins, strict=False)}


def _counted(
    posted: dict[str, tuple[str, str]], row: inventory.dock.DockRow
) -> inventory.dock.DockLine:
    raw, bin_ = posted.get(str(row.line_id), ("", ""))
    raw = raw.strip() or "0"
    if not raw.isdigit():
        raise ValueError(f"{row.sku}: {raw!r} is not a whole number of units")
    return inventory.dock.DockLine(row.sku, int(raw), bin_)


@router.get(ORDERS + "/{po_id:int}/receipts/{receipt_id:int}")
def receipt_page(request: Request, session: DB, po_id: int, receipt_id: int) -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    order = session.get(inventory.PurchaseOrder, po_id)
    try:
        receipt = inventory.dock.get_receipt(session, po_id, receipt_id)
    except NotFound:
        return not_found(request, principal, "receipt")
    rows = {r.variant_id: r for r in inventory.dock.dock_rows(session, po_id)}
    return render(
        request, "ops/purchasing/receipt.html", principal=principal, order=order,
        receipt=receipt, rows=rows, unblocked=unblocked(session, receipt.filled),
    )  # fmt: skip


@dataclass(frozen=True)
class Unblocked:
    """A backorder line the receipt filled, as the dock reads it."""

    order_id: int
    number: str
    customer_id: int | None
    customer: str
    quantity: int
    remaining_quantity: int


def unblocked(session: Session, filled: list[dict[str, int]]) -> list[Unblocked]:
    """The filled backorders with their order number and customer (two queries)."""
    ids = sorted({f["order_id"] for f in filled})
    order = orders.Order
    found = {o.id: o for o in session.scalars(sa.select(order).where(order.id.in_(ids)))}
    person_ids = [o.customer_id for o in found.values() if o.customer_id]
    person = customers.Customer
    people = {c.id: c for c in session.scalars(sa.select(person).where(person.id.in_(person_ids)))}
    result = []
    for item in filled:
        row = found.get(item["order_id"])
        who = people.get(row.customer_id) if row and row.customer_id else None
        name = f"{who.first_name} {who.last_name}".strip() if who else ""
        result.append(Unblocked(
            item["order_id"], row.number if row else str(item["order_id"]),
            who.id if who else None, name or (who.email or "" if who else "") or (row.email if row else ""),
            item["quantity"], item["remaining_quantity"],
        ))  # fmt: skip
    return result
