"""The Replenishment screen: what to order now, grouped by supplier, each line with its
reason; chosen lines become draft purchase orders in one action (``replenishment_forms``);
transfers that beat a supplier's lead time; the service levels per class."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from opsdesk import inventory, replenishment
from opsdesk.kernel.http import DB
from opsdesk.web.ui.access import staff_for_page
from opsdesk.web.ui.ops import READERS, WRITERS
from opsdesk.web.ui.templating import now_of, render

router = APIRouter(include_in_schema=False)
PAGE = "/workspace/replenishment"
KLASSES = ("A", "B", "C", "X", "Y", "Z")


def _params(warehouse: str, supplier: str, klass: str, show: str) -> dict[str, str]:
    return {"warehouse": warehouse if warehouse.isdigit() else "",
            "supplier": supplier if supplier.isdigit() or supplier == "none" else "",
            "klass": klass if klass in KLASSES else "",
            "show": "all" if show == "all" else ""}  # fmt: skip


def _kept(s: replenishment.Suggestion, params: dict[str, str]) -> bool:
    if not params["show"] and s.quantity <= 0:
        return False
    if params["warehouse"] and s.item.warehouse_id != int(params["warehouse"]):
        return False
    if params["supplier"] == "none" and s.item.supplier_id is not None:
        return False
    if params["supplier"].isdigit() and s.item.supplier_id != int(params["supplier"]):
        return False
    return not params["klass"] or params["klass"] in s.klass


@router.get(PAGE)
def replenishment_page(
    request: Request,
    session: DB,
    warehouse: Annotated[str, Query(max_length=12)] = "",
    supplier: Annotated[str, Query(max_length=12)] = "",
    klass: Annotated[str, Query(max_length=2)] = "",
    show: Annotated[str, Query(max_length=8)] = "",
) -> Response:
    principal = staff_for_page(session, request, *READERS)
    if isinstance(principal, Response):
        return principal
    params = _params(warehouse, supplier, klass, show)
    plan = replenishment.build_plan(session, today=now_of(request).date())
    groups: dict[str, list[replenishment.Suggestion]] = defaultdict(list)
    for s in plan.suggestions:
        if _kept(s, params):
            groups[s.item.supplier or "No supplier named"].append(s)
    return render(
        request, "ops/replenishment/index.html", principal=principal, params=params,
        groups=sorted(groups.items()), transfers=plan.transfers, forecast_run=plan.forecast_run,
        levels=replenishment.class_levels(session), classes=replenishment.CLASSES,
        suppliers=inventory.suppliers.list_suppliers(session),
        warehouses=inventory.list_warehouses(session, include_inactive=False),
        writer=principal.role.acts_as(WRITERS), klasses=KLASSES,
        to_order=sum(1 for s in plan.suggestions if s.quantity > 0),
    )  # fmt: skip
