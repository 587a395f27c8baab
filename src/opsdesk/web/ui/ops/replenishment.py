"""The Replenishment screen: a page of the latest stored plan (what to order now,
grouped by supplier, each line with its reason) and how old it is; chosen lines become
draft purchase orders in one action (``replenishment_forms``); transfers that beat a
supplier's lead time; the service levels per class and per SKU × warehouse
(``replenishment_overrides``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import inventory, replenishment
from opsdesk.kernel.http import DB, Principal
from opsdesk.web.ui.access import staff_for_page
from opsdesk.web.ui.ops import READERS, WRITERS
from opsdesk.web.ui.templating import now_of, render

router = APIRouter(include_in_schema=False)
PAGE = "/workspace/replenishment"
KLASSES = ("A", "B", "C", "X", "Y", "Z")
NO_SUPPLIER = "No supplier named"


def _params(warehouse: str, supplier: str, klass: str, show: str) -> dict[str, str]:
    return {"warehouse": warehouse if warehouse.isdigit() else "",
            "supplier": supplier if supplier.isdigit() or supplier == "none" else "",
            "klass": klass if klass in KLASSES else "",
            "show": "all" if show == "all" else ""}  # fmt: skip


def _filters(params: dict[str, str]) -> replenishment.PlanFilters:
    return replenishment.PlanFilters(
        supplier_id=int(params["supplier"]) if params["supplier"].isdigit() else None,
        no_supplier=params["supplier"] == "none",
        warehouse_id=int(params["warehouse"]) if params["warehouse"] else None,
        klass=params["klass"],
        needs_order=not params["show"],
    )


def age_text(finished: datetime | None, now: datetime) -> str:
    """ "computed 3 hours ago" — the words a buyer judges staleness by."""
    if finished is None:
        return "not finished"
    minutes = max(int((now - finished).total_seconds() // 60), 0)
    if minutes < 1:
        return "computed just now"
    if minutes < 120:
        return f"computed {minutes} minute{'s' if minutes != 1 else ''} ago"
    hours = minutes // 60
    if hours < 48:
        return f"computed {hours} hours ago"
    return f"computed {hours // 24} days ago"


@router.get(PAGE)
def replenishment_page(
    request: Request,
    session: DB,
    warehouse: Annotated[str, Query(max_length=12)] = "",
    supplier: Annotated[str, Query(max_length=12)] = "",
    klass: Annotated[str, Query(max_length=2)] = "",
    show: Annotated[str, Query(max_length=8)] = "",
    after: Annotated[int | None, Query(ge=0)] = None,
) -> Response:
    principal = staff_for_page(session, request, *READERS)
    if isinstance(principal, Response):
        return principal
    return render_page(request, session, principal, _params(warehouse, supplier, klass, show),
                       after=after)  # fmt: skip


def render_page(
    request: Request,
    session: Session,
    principal: Principal,
    params: dict[str, str],
    *,
    after: int | None = None,
    override: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """The screen; a refused override form comes back with what was typed and the
    message beside the field at fault."""
    now = now_of(request)
    replenishment.ensure_plan(session, today=now.date(), now=now)
    page = replenishment.read_page(session, _filters(params), after=after)
    groups: dict[str, list[replenishment.PlanRow]] = defaultdict(list)
    for row in page.rows:
        groups[row.supplier or NO_SUPPLIER].append(row)
    warehouses = inventory.list_warehouses(session, include_inactive=False)
    return render(
        request, "ops/replenishment/index.html", status_code, principal=principal,
        params=params, groups=list(groups.items()), transfers=page.transfers, run=page.run,
        age=age_text(page.run.finished_at if page.run else None, now),
        next_after=page.next_after, after=after,
        levels=replenishment.class_levels(session), classes=replenishment.CLASSES,
        suppliers=inventory.suppliers.list_suppliers(session), warehouses=warehouses,
        writer=principal.role.acts_as(WRITERS), klasses=KLASSES,
        overrides=replenishment.list_overrides(session),
        override=override or {"sku": "", "warehouse": "", "level": ""},
        errors=errors or {},
    )  # fmt: skip
