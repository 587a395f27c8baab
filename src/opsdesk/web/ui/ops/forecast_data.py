"""What the Forecast page shows: the latest run's SKU x warehouse series (searched by SKU
prefix, filtered by warehouse and category, sorted by forecast demand or backtest error,
a keyset page at a time), and one SKU's history, forecast and interval as chart data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog, inventory
from opsdesk.forecasting import demand
from opsdesk.forecasting.stored import ForecastRun, SeriesForecast, SeriesLevel, latest_run
from opsdesk.web.ui.ops.listing import Page, SortKey, page_of

SORTS = ("demand", "error", "sku")
HISTORY_PERIODS = {"W": 52, "D": 90}
_error = sa.func.coalesce(SeriesForecast.backtest_mae, 0.0)


@dataclass(frozen=True)
class ForecastFilters:
    q: str = ""
    warehouse: int | None = None
    category: str = ""
    sort: str = "demand"

    def params(self) -> dict[str, Any]:
        return {"q": self.q, "warehouse": self.warehouse, "category": self.category,
                "sort": self.sort}  # fmt: skip


@dataclass(frozen=True)
class SeriesRow:
    sku: str
    title: str
    category: str
    warehouse: str
    model: str
    total: float
    backtest_mae: float | None
    backtest_rmsse: float | None
    stockouts: int


def _sort_keys(sort: str) -> list[SortKey]:
    last = SortKey(SeriesForecast.id, descending=True)
    if sort == "error":
        return [SortKey(_error, descending=True), last]
    if sort == "sku":
        return [SortKey(catalog.Variant.sku), SortKey(SeriesForecast.id)]
    return [SortKey(SeriesForecast.horizon_total, descending=True), last]


def series_page(
    session: Session, run: ForecastRun, filters: ForecastFilters, cursor: str | None
) -> Page[SeriesRow]:
    sf, variant, product, site = (
        SeriesForecast,
        catalog.Variant,
        catalog.Product,
        inventory.Warehouse,
    )
    stmt = cast("sa.Select[Any]", (
        sa.select(variant.sku, variant.title, product.category, site.code, sf.model,
                  sf.horizon_total, sf.backtest_mae, sf.backtest_rmsse, sf.stockout_periods)
        .join(variant, variant.id == sf.variant_id)
        .join(product, product.id == variant.product_id)
        .join(site, site.id == sf.warehouse_id)
        .where(sf.run_id == run.id, sf.level == SeriesLevel.SKU_WAREHOUSE,
               sf.horizon_total.is_not(None))
    ))  # fmt: skip
    if filters.q:
        stmt = stmt.where(variant.sku.startswith(filters.q, autoescape=True))
    if filters.warehouse is not None:
        stmt = stmt.where(sf.warehouse_id == filters.warehouse)
    if filters.category:
        stmt = stmt.where(product.category == filters.category)
    page = page_of(session, stmt, _sort_keys(filters.sort), cursor, scalars=False)
    rows = [
        SeriesRow(sku, title or "", category or "", code, model, float(total or 0.0), mae,
                  rmsse, len(stockouts or []))
        for sku, title, category, code, model, total, mae, rmsse, stockouts in page.rows
    ]  # fmt: skip
    return Page(rows=rows, next_cursor=page.next_cursor, is_first=page.is_first)


def category_choices(session: Session) -> list[str]:
    found = session.scalars(
        sa.select(catalog.Product.category)
        .where(catalog.Product.category != "")
        .distinct()
        .order_by(catalog.Product.category)
    )
    return list(found)


@dataclass(frozen=True)
class Chart:
    """One series' picture: history then forecast on one axis of period labels."""

    title: str
    model: str
    backtest_mae: float | None
    backtest_rmsse: float | None
    labels: list[str]
    history: list[float | None]
    mean: list[float | None]
    lower: list[float | None]
    upper: list[float | None]
    stockouts: list[str]

    def as_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


def series_for(
    session: Session, run: ForecastRun, variant_id: int, warehouse_id: int | None
) -> SeriesForecast | None:
    level = SeriesLevel.SKU if warehouse_id is None else SeriesLevel.SKU_WAREHOUSE
    return session.scalars(
        sa.select(SeriesForecast).where(
            SeriesForecast.run_id == run.id,
            SeriesForecast.level == level,
            SeriesForecast.variant_id == variant_id,
            SeriesForecast.warehouse_id == warehouse_id
            if warehouse_id is not None
            else SeriesForecast.warehouse_id.is_(None),
        )
    ).first()


def stockouts_of(
    session: Session, run: ForecastRun, variant_id: int, warehouse_id: int | None
) -> list[str]:
    """Stockout periods of the SKU in one warehouse, or in any (SKU level)."""
    stmt = sa.select(SeriesForecast.stockout_periods).where(
        SeriesForecast.run_id == run.id,
        SeriesForecast.level == SeriesLevel.SKU_WAREHOUSE,
        SeriesForecast.variant_id == variant_id,
    )
    if warehouse_id is not None:
        stmt = stmt.where(SeriesForecast.warehouse_id == warehouse_id)
    return sorted({p for periods in session.scalars(stmt) for p in (periods or [])})


def history_of(
    session: Session, run: ForecastRun, variant_id: int, warehouse_id: int | None
) -> pd.Series:
    """Units ordered per period (the run's periods) over the chart's window."""
    count = HISTORY_PERIODS[run.freq]
    days = 7 if run.freq == "W" else 1
    start = run.history_end - timedelta(days=count * days - 1)
    rows = [
        r for r in demand.demand_by_day(session, start, run.history_end, variant_id=variant_id)
        if warehouse_id is None or r.warehouse_id == warehouse_id
    ]  # fmt: skip
    labels = pd.date_range(end=pd.Timestamp(run.history_end), periods=count, freq=f"{days}D")
    if not rows:
        return pd.Series(0.0, index=labels)
    frame = pd.DataFrame(
        {"ds": pd.to_datetime([r.day for r in rows]), "y": [r.units for r in rows]}
    )
    frame["ds"] = demand.period_end(frame["ds"], run.freq, run.history_end)
    return frame.groupby("ds")["y"].sum().reindex(labels, fill_value=0.0)


def chart_for(
    session: Session, run: ForecastRun, variant_id: int, warehouse_id: int | None, title: str
) -> Chart | None:
    row = series_for(session, run, variant_id, warehouse_id)
    if row is None:
        return None
    past = history_of(session, run, variant_id, warehouse_id)
    step = timedelta(days=7 if run.freq == "W" else 1)
    ahead = [row.first_period + step * i for i in range(len(row.mean))]
    gap: list[float | None] = [None] * len(past)
    last = [float(past.iloc[-1])] if len(past) else []
    pad: list[float | None] = [None] * max(len(past) - 1, 0)
    return Chart(
        title=title, model=row.model, backtest_mae=row.backtest_mae,
        backtest_rmsse=row.backtest_rmsse,
        labels=[d.date().isoformat() for d in past.index] + [d.isoformat() for d in ahead],
        history=[float(v) for v in past] + [None] * len(ahead),
        mean=pad + last + list(row.mean), lower=gap + list(row.lower),
        upper=gap + list(row.upper), stockouts=stockouts_of(session, run, variant_id, warehouse_id),
    )  # fmt: skip


def latest(session: Session) -> ForecastRun | None:
    return latest_run(session)


def run_window(run: ForecastRun) -> tuple[date, date]:
    step = timedelta(days=7 if run.freq == "W" else 1)
    first = demand.first_period(run.history_end, run.freq)
    return first, first + step * (run.horizon - 1)


def sku_chart(session: Session, variant_id: int, sku: str) -> tuple[ForecastRun, Chart] | None:
    """The SKU-total chart of the latest run, for the Stock screen (None without one)."""
    run = latest_run(session)
    if run is None:
        return None
    chart = chart_for(session, run, variant_id, None, f"{sku} · all warehouses")
    return (run, chart) if chart is not None else None
