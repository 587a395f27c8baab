"""The Forecast page: the latest stored demand forecast per SKU x warehouse, and one SKU's
history, forecast and interval as a chart with the chosen model, its backtest error and
the stockout periods kept out of fitting. Operations staff and agents read it; the run is
made by ``opsdesk forecast run`` or the nightly job."""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from opsdesk import catalog
from opsdesk.kernel.http import DB
from opsdesk.web.ui.ops.forecast_data import (
    SORTS,
    ForecastFilters,
    category_choices,
    chart_for,
    latest,
    run_window,
    series_page,
)
from opsdesk.web.ui.ops.pages import Cursor, WarehouseText, choice, found, reader, site
from opsdesk.web.ui.ops.stock_data import warehouse_choices
from opsdesk.web.ui.templating import render

router = APIRouter(include_in_schema=False)
PAGE = "/workspace/forecast"
Text = Annotated[str, Query(max_length=64)]


@router.get(PAGE)
def forecast_list(
    request: Request,
    session: DB,
    q: Text = "",
    warehouse: WarehouseText = "",
    category: Annotated[str, Query(max_length=80)] = "",
    sort: Annotated[str, Query(max_length=8)] = "demand",
    cursor: Cursor = None,
) -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    run = latest(session)
    filters = ForecastFilters(
        q=q.strip(),
        warehouse=site(warehouse),
        category=category.strip(),
        sort=choice(sort, SORTS, "demand"),
    )
    page = series_page(session, run, filters, cursor) if run is not None else None
    return render(
        request, "ops/forecast/list.html", principal=principal, run=run, page=page,
        filters=filters, params=filters.params(), warehouses=warehouse_choices(session),
        categories=category_choices(session), window=run_window(run) if run else None,
    )  # fmt: skip


@router.get(PAGE + "/sku/{sku:path}")
def forecast_detail(
    sku: str, request: Request, session: DB, warehouse: WarehouseText = ""
) -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    query = sa.select(catalog.Variant).where(catalog.Variant.sku == sku)
    variant = found(request, principal, "SKU", lambda: session.scalars(query).first())
    if isinstance(variant, Response):
        return variant
    run, chosen, sites = latest(session), site(warehouse), warehouse_choices(session)
    label = next((code for i, code, _ in sites if i == chosen), "all warehouses")
    chart = chart_for(session, run, variant.id, chosen, f"{sku} · {label}") if run else None
    return render(
        request, "ops/forecast/detail.html", principal=principal, variant=variant, run=run,
        chart=chart, warehouses=sites, site=chosen, path=f"{PAGE}/sku/{sku}",
        window=run_window(run) if run else None,
    )  # fmt: skip
