"""The Stock screen: on hand, reserved, available and dated incoming per SKU x warehouse,
with low- and out-of-stock filters, and one SKU's page with its ledger and the forms that
change it. Operations staff change stock; agents (and leads) read it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from opsdesk import inventory
from opsdesk.kernel.http import DB, Role
from opsdesk.web.ui.access import not_found, staff_for_page
from opsdesk.web.ui.ops import READERS, WRITERS
from opsdesk.web.ui.ops.forecast_data import sku_chart
from opsdesk.web.ui.ops.stock_data import (
    STATES,
    StockFilters,
    ledger_page,
    sku_rows,
    stock_page,
    warehouse_choices,
)
from opsdesk.web.ui.templating import render

router = APIRouter(include_in_schema=False)
PAGE = "/workspace/stock"
Text = Annotated[str, Query(max_length=64)]
Cursor = Annotated[str | None, Query(max_length=512)]


@router.get(PAGE)
def stock_list(
    request: Request,
    session: DB,
    q: Text = "",
    warehouse: Annotated[str, Query(max_length=12)] = "",
    state: Annotated[str, Query(max_length=8)] = "",
    cursor: Cursor = None,
) -> Response:
    principal = staff_for_page(session, request, *READERS)
    if isinstance(principal, Response):
        return principal
    warehouses = warehouse_choices(session)
    filters = StockFilters(
        q=q.strip(),
        warehouse=int(warehouse) if warehouse.isdigit() else None,
        state=state if state in STATES else "",
    )
    page = stock_page(session, filters, cursor)
    return render(
        request, "ops/stock/list.html", principal=principal, page=page, filters=filters,
        params=filters.params(), warehouses=warehouses, can_write=_writes(principal.role),
        default_reorder_point=inventory.DEFAULT_REORDER_POINT,
    )  # fmt: skip


@router.get(PAGE + "/sku/{sku:path}")
def stock_detail(
    sku: str,
    request: Request,
    session: DB,
    warehouse: Annotated[str, Query(max_length=12)] = "",
    cursor: Cursor = None,
) -> Response:
    principal = staff_for_page(session, request, *READERS)
    if isinstance(principal, Response):
        return principal
    found = sku_rows(session, sku)
    if found is None:
        return not_found(request, principal, "SKU")
    variant, rows = found
    site = int(warehouse) if warehouse.isdigit() else None
    ledger = ledger_page(session, variant["id"], site, cursor)
    return render(
        request, "ops/stock/detail.html", principal=principal, variant=variant, rows=rows,
        ledger=ledger, params={"warehouse": site}, path=f"{PAGE}/sku/{sku}",
        warehouses=warehouse_choices(session), can_write=_writes(principal.role),
        reasons=inventory.ADJUSTMENT_REASONS, default_reorder_point=inventory.DEFAULT_REORDER_POINT,
        forecast=sku_chart(session, variant["id"], sku),
    )  # fmt: skip


def _writes(role: Role) -> bool:
    return role.acts_as(WRITERS)
