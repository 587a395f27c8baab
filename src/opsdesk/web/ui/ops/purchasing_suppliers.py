"""Suppliers: who purchase orders go to (the e-mail address the PDF is sent to), their
stated lead time (the default due date) and currency. Searched by name, a page at a time."""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import inventory
from opsdesk.inventory.schemas import SupplierCreate
from opsdesk.kernel.errors import OpsDeskError
from opsdesk.kernel.http import DB, Principal
from opsdesk.web.ui.access import not_found
from opsdesk.web.ui.ops.listing import SortKey, page_of
from opsdesk.web.ui.ops.pages import can_write, reader, writer
from opsdesk.web.ui.ops.purchasing_views import ORDERS, SUPPLIERS, state_of
from opsdesk.web.ui.templating import flash, render

router = APIRouter(include_in_schema=False)
Supplier = inventory.Supplier
FIELDS = ("name", "email", "lead_time_days", "currency")


@router.get(SUPPLIERS)
def suppliers(
    request: Request, session: DB, q: Annotated[str, Query(max_length=100)] = "",
    show: Annotated[str, Query(max_length=10)] = "",
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> Response:  # fmt: skip
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    params = {"q": q.strip(), "show": "all" if show == "all" else ""}
    stmt = sa.select(Supplier)
    if params["q"]:
        stmt = stmt.where(
            sa.func.lower(Supplier.name).contains(params["q"].lower(), autoescape=True)
        )
    if not params["show"]:
        stmt = stmt.where(Supplier.active.is_(True))
    page = page_of(session, stmt, [SortKey(Supplier.name), SortKey(Supplier.id)], cursor)
    return render(request, "ops/purchasing/suppliers.html", principal=principal, page=page,
                  params=params, writer=can_write(principal))  # fmt: skip


@router.get(SUPPLIERS + "/{supplier_id:int}")
def supplier(request: Request, session: DB, supplier_id: int) -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    row = session.get(Supplier, supplier_id)
    if row is None:
        return not_found(request, principal, "supplier")
    form = {f: str(getattr(row, f)) for f in FIELDS} | {"active": "yes" if row.active else ""}
    form["order_days"] = row.order_days
    return _page(request, session, principal, row, form)


def _page(request: Request, session: Session, principal: Principal, row: Supplier | None,
          form: dict[str, str], error: str = "", status_code: int = 200) -> Response:  # fmt: skip
    recent = []
    if row is not None:
        order = inventory.PurchaseOrder
        recent = list(session.scalars(
            sa.select(order).where(order.supplier_id == row.id).order_by(order.id.desc()).limit(20)
        ))  # fmt: skip
    return render(request, "ops/purchasing/supplier.html", status_code, principal=principal,
                  supplier=row, form=form, error=error, recent=recent, state_of=state_of,
                  writer=can_write(principal), orders_path=ORDERS)  # fmt: skip


@router.get(SUPPLIERS + "/new")
def new_supplier(request: Request, session: DB) -> Response:
    principal = writer(session, request)
    if isinstance(principal, Response):
        return principal
    form = {"name": "", "email": "", "lead_time_days": "7", "currency": "EUR", "active": "yes",
            "order_days": ""}  # fmt: skip
    return _page(request, session, principal, None, form)


@router.post(SUPPLIERS)
@router.post(SUPPLIERS + "/{supplier_id:int}")
def save_supplier(
    request: Request, session: DB, supplier_id: int | None = None,
    csrf: Annotated[str, Form()] = "", name: Annotated[str, Form(max_length=300)] = "",
    email: Annotated[str, Form(max_length=300)] = "",
    lead_time_days: Annotated[str, Form(max_length=10)] = "",
    currency: Annotated[str, Form(max_length=10)] = "",
    active: Annotated[str, Form(max_length=3)] = "",
    order_day: Annotated[list[str], Form(max_length=7)] = [],  # noqa: B006 - never mutated
) -> Response:  # fmt: skip
    """Create (no id) or update a supplier; a refusal keeps what was typed."""
    principal = writer(session, request, csrf)
    if isinstance(principal, Response):
        return principal
    row = session.get(Supplier, supplier_id) if supplier_id is not None else None
    if supplier_id is not None and row is None:
        return not_found(request, principal, "supplier")
    form = {"name": name.strip(), "email": email.strip(), "lead_time_days": lead_time_days,
            "currency": currency.strip().upper(), "active": active,
            "order_days": ",".join(order_day)}  # fmt: skip
    try:
        days = int(lead_time_days) if lead_time_days.strip().isdigit() else lead_time_days
        data = SupplierCreate.model_validate(
            form | {"active": active == "yes", "lead_time_days": days, "order_days": order_day}
        )
        with session.begin_nested():
            saved = (inventory.suppliers.update_supplier(session, row.id, data) if row
                     else inventory.suppliers.create_supplier(session, data))  # fmt: skip
    except ValidationError as error:
        return _page(request, session, principal, row, form, _explain(error), 422)
    except OpsDeskError as error:
        return _page(request, session, principal, row, form, error.message, error.status_code)
    flash(request, "ok", f"Supplier {saved.name} saved.")
    return RedirectResponse(f"{SUPPLIERS}/{saved.id}", status_code=303)


def _explain(error: ValidationError) -> str:
    """The first problem in words a buyer reads: the field and what it must be."""
    problem = error.errors()[0]
    field = str(problem["loc"][0]) if problem["loc"] else "form"
    hints = {"email": "an e-mail address like orders@supplier.example",
             "lead_time_days": "a whole number of days from 0 to 365",
             "currency": "a three-letter currency code such as EUR",
             "order_days": "weekdays from Monday to Sunday",
             "name": "a name of 1 to 200 characters"}  # fmt: skip
    return f"{field.replace('_', ' ')}: must be {hints.get(field, problem['msg'])}"
