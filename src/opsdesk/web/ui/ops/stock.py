"""The Stock screen: on hand, reserved, available and dated incoming per SKU x warehouse,
with low- and out-of-stock filters, and one SKU's page with its ledger and the forms that
change it. Operations staff change stock; agents (and leads) read it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from opsdesk import inventory
from opsdesk.kernel.http import DB
from opsdesk.web.ui.ops.forecast_data import sku_chart
from opsdesk.web.ui.ops.pages import Cursor, WarehouseText, can_write, choice, found, reader, site
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


@router.get(PAGE)
def stock_list(
    request: Request,
    session: DB,
    q: Text = "",
    warehouse: WarehouseText = "",
    state: Annotated[str, Query(max_length=8)] = "",
    cursor: Cursor = None,
) -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    warehouses = warehouse_choices(session)
    filters = StockFilters(
        q=q.strip(),
        warehouse=site(warehouse),
        state=choice(state, STATES),
    )
    page = stock_page(session, filters, cursor)
    return render(
        request, "ops/stock/list.html", principal=principal, page=page, filters=filters,
        params=filters.params(), warehouses=warehouses, can_write=can_write(principal),
        default_reorder_point=inventory.DEFAULT_REORDER_POINT,
    )  # fmt: skip


@router.get(PAGE + "/sku/{sku:path}")
def stock_detail(
    sku: str,
    request: Request,
    session: DB,
    warehouse: WarehouseText = "",
    cursor: Cursor = None,
) -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    loaded = found(request, principal, "SKU", lambda: sku_rows(session, sku))
    if isinstance(loaded, Response):
        return loaded
    (variant, rows), chosen = loaded, site(warehouse)
    ledger = ledger_page(session, variant["id"], chosen, cursor)
    return render(
        request, "ops/stock/detail.html", principal=principal, variant=variant, rows=rows,
        ledger=ledger, params={"warehouse": chosen}, path=f"{PAGE}/sku/{sku}",
        warehouses=warehouse_choices(session), can_write=can_write(principal),
        reasons=inventory.ADJUSTMENT_REASONS, default_reorder_point=inventory.DEFAULT_REORDER_POINT,
        forecast=sku_chart(session, variant["id"], sku),
    )  # fmt: skip
