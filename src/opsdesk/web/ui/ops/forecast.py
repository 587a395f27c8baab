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
from opsdesk.web.ui.access import not_found, staff_for_page
from opsdesk.web.ui.ops import READERS
from opsdesk.web.ui.ops.forecast_data import (
    SORTS,
    ForecastFilters,
    category_choices,
    chart_for,
    latest,
    run_window,
    series_page,
)
from opsdesk.web.ui.ops.stock_data import warehouse_choices
from opsdesk.web.ui.templating import render

router = APIRouter(include_in_schema=False)
PAGE = "/workspace/forecast"
Text = Annotated[str, Query(max_length=64)]
Cursor = Annotated[str | None, Query(max_length=512)]
Number = Annotated[str, Query(max_length=12)]


@router.get(PAGE)
def forecast_list(
    request: Request,
    session: DB,
    q: Text = "",
    warehouse: Number = "",
    category: Annotated[str, Query(max_length=80)] = "",
    sort: Annotated[str, Query(max_length=8)] = "demand",
    cursor: Cursor = None,
) -> Response:
    principal = staff_for_page(session, request, *READERS)
    if isinstance(principal, Response):
        return principal
    run = latest(session)
    filters = ForecastFilters(
        q=q.strip(),
        warehouse=int(warehouse) if warehouse.isdigit() else None,
        category=category.strip(),
        sort=sort if sort in SORTS else "demand",
    )
    page = series_page(session, run, filters, cursor) if run is not None else None
    return render(
        request, "ops/forecast/list.html", principal=principal, run=run, page=page,
        filters=filters, params=filters.params(), warehouses=warehouse_choices(session),
        categories=category_choices(session), window=run_window(run) if run else None,
    )  # fmt: skip


@router.get(PAGE + "/sku/{sku:path}")
def forecast_detail(sku: str, request: Request, session: DB, warehouse: Number = "") -> Response:
    principal = staff_for_page(session, request, *READERS)
    if isinstance(principal, Response):
        return principal
    variant = session.scalars(sa.select(catalog.Variant).where(catalog.Variant.sku == sku)).first()
    if variant is None:
        return not_found(request, principal, "SKU")
    run = latest(session)
    site = int(warehouse) if warehouse.isdigit() else None
    sites = warehouse_choices(session)
    label = next((code for i, code, _ in sites if i == site), "all warehouses")
    chart = chart_for(session, run, variant.id, site, f"{sku} · {label}") if run else None
    return render(
        request, "ops/forecast/detail.html", principal=principal, variant=variant, run=run,
        chart=chart, warehouses=sites, site=site, path=f"{PAGE}/sku/{sku}",
        window=run_window(run) if run else None,
    )  # fmt: skip
