"""One purchase order: its lines and receipts, its history, and what a buyer does with
it — send it to the supplier (PDF by e-mail, through the outbox), download the PDF,
move the due date (kept with who and why)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlparse

import sqlalchemy as sa
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import inventory, notifications, shipping
from opsdesk.kernel import pdf
from opsdesk.kernel.errors import NotFound, OpsDeskError
from opsdesk.kernel.http import DB, Principal
from opsdesk.web.ui.access import not_found
from opsdesk.web.ui.ops import purchasing_send
from opsdesk.web.ui.ops.pages import can_write, reader, writer
from opsdesk.web.ui.ops.purchasing_views import (
    BADGES,
    ORDERS,
    STATE_LABELS,
    is_late,
    parse_day,
    state_of,
    today_of,
)
from opsdesk.web.ui.templating import flash, now_of, render

router = APIRouter(include_in_schema=False)
MESSAGE_TYPE = purchasing_send.MESSAGE_TYPE


@router.get(ORDERS + "/{po_id:int}")
def purchase_order(request: Request, session: DB, po_id: int) -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    return order_page(request, session, principal, po_id)


def order_page(request: Request, session: Session, principal: Principal, po_id: int,
               *, error: str = "", status_code: int = 200) -> Response:  # fmt: skip
    order = session.get(inventory.PurchaseOrder, po_id)
    if order is None:
        return not_found(request, principal, "purchase order")
    changes = inventory.po_changes.changes_of(session, po_id)
    sends = sum(1 for c in changes if c.field == "sent")
    supplier = session.get(inventory.Supplier, order.supplier_id) if order.supplier_id else None
    return render(
        request, "ops/purchasing/order.html", status_code, principal=principal, order=order,
        rows=inventory.dock.dock_rows(session, po_id), supplier=supplier,
        warehouse=session.get(inventory.Warehouse, order.warehouse_id),
        receipts=inventory.dock.receipts_of(session, po_id), changes=changes,
        sends=sends, mails=_mails(session, po_id, sends),
        state=state_of(order), labels=STATE_LABELS, badges=BADGES, error=error,
        late=is_late(order, today_of(request)), writer=can_write(principal),
    )  # fmt: skip


def _mails(session: Session, po_id: int, sends: int) -> list[notifications.Message]:
    """The e-mails of each send, by their exact keys (the unique index finds them)."""
    message = notifications.Message
    keys = [f"{_cause(po_id, n)}:{MESSAGE_TYPE}:email" for n in range(sends)]
    found = session.scalars(sa.select(message).where(message.idempotency_key.in_(keys)))
    return sorted(found, key=lambda m: m.id, reverse=True)


def _cause(po_id: int, count: int) -> str:
    return purchasing_send.cause_of(po_id, count)


@router.get(ORDERS + "/{po_id:int}.pdf")
def purchase_order_pdf(request: Request, session: DB, po_id: int) -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    try:
        document = inventory.po_document.document_of(session, po_id, store_name=_store(request))
    except NotFound:
        return not_found(request, principal, "purchase order")
    name = inventory.po_document.filename(document.number)
    return Response(inventory.po_document.render_pdf(document), media_type=pdf.MEDIA_TYPE,
                    headers={"Content-Disposition": f'inline; filename="{name}"'})  # fmt: skip


@router.post(ORDERS + "/{po_id:int}/send")
def send_purchase_order(
    request: Request, session: DB, po_id: int, csrf: Annotated[str, Form()] = "",
    sends: Annotated[str, Form(max_length=6)] = "",
) -> Response:  # fmt: skip
    """E-mail the PDF to the supplier after commit; ``sends`` (how many sends the page
    saw) makes a double-click send once."""
    principal = writer(session, request, csrf)
    if isinstance(principal, Response):
        return principal
    # Locked: two racing clicks then count the same sends, and the second finds it sent.
    order = session.get(inventory.PurchaseOrder, po_id, with_for_update=True)
    if order is None:
        return not_found(request, principal, "purchase order")
    changes = inventory.po_changes.changes_of(session, po_id)
    if sends != str(sum(1 for c in changes if c.field == "sent")):
        flash(request, "ok", f"{order.number} was already sent; it was not sent again.")
        return RedirectResponse(f"{ORDERS}/{po_id}", status_code=303)
    supplier = session.get(inventory.Supplier, order.supplier_id) if order.supplier_id else None
    if supplier is None or not supplier.email:
        text = "This purchase order has no supplier e-mail address: add one on the supplier first."
        return order_page(request, session, principal, po_id, error=text, status_code=409)
    try:
        with session.begin_nested():
            _send(request, session, principal, order, supplier.email, int(sends))
    except OpsDeskError as error:
        return order_page(request, session, principal, po_id, error=error.message,
                          status_code=error.status_code)  # fmt: skip
    flash(request, "ok", f"{order.number} is on its way to {supplier.email} with the PDF attached.")
    return RedirectResponse(f"{ORDERS}/{po_id}", status_code=303)


def _send(request: Request, session: Session, principal: Principal,
          order: inventory.PurchaseOrder, to: str, count: int) -> None:  # fmt: skip
    sender = purchasing_send.Sender(
        actor=principal.actor, store_name=_store(request), now=now_of(request),
        mail_domain=urlparse(request.app.state.settings.public_url).hostname or "opsdesk.local",
    )  # fmt: skip
    purchasing_send.send_to_supplier(session, order, to=to, count=count, sender=sender)


@router.post(ORDERS + "/{po_id:int}/due-date")
def change_due_date(
    request: Request, session: DB, po_id: int, csrf: Annotated[str, Form()] = "",
    due: Annotated[str, Form(max_length=20)] = "",
    reason: Annotated[str, Form(max_length=300)] = "",
) -> Response:  # fmt: skip
    principal = writer(session, request, csrf)
    if isinstance(principal, Response):
        return principal
    try:
        day = parse_day(due, "new due date")
        if day is None:
            raise ValueError("new due date: choose a date")
        with session.begin_nested():
            moved = inventory.po_changes.change_due_date(
                session, po_id, due=day, reason=reason, actor=principal.actor, now=now_of(request)
            )
            # the customers' delivery promises follow now, not at the next scheduled run
            promises = shipping.keep_backorder_promises(session, now=now_of(request))
    except ValueError as error:
        return order_page(request, session, principal, po_id, error=str(error), status_code=422)
    except OpsDeskError as error:
        return order_page(request, session, principal, po_id, error=error.message,
                          status_code=error.status_code)  # fmt: skip
    text = f"Due on {day:%d %b %Y} now; {len(moved)} waiting order(s) got a new date"
    flash(request, "ok", f"{text}, {len(promises)} delivery promise(s) moved later.")
    return RedirectResponse(f"{ORDERS}/{po_id}", status_code=303)


def _store(request: Request) -> str:
    return str(request.app.state.settings.store_name)
