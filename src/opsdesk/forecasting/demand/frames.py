"""Daily demand and stockout days as dense frames, rolled into periods, with stockout
periods imputed before fitting (pure pandas; the database reads are in ``reads``).

A stockout day is a day that closed with nothing available (on hand minus reserved <= 0)
for the SKU in that warehouse, from the day of its first ledger movement on. A period
holding one is a *stockout period*: what was ordered then understates what would have
sold, so its value becomes at least the mean of the series' recent in-stock periods.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import numpy as np
import pandas as pd

from opsdesk.forecasting.demand.reads import DayUnits

IMPUTE_WINDOW = {"D": 28, "W": 8}


def series_id(variant_id: int, warehouse_id: int) -> str:
    return f"{variant_id}:{warehouse_id}"


def parse_id(unique_id: str) -> tuple[int, int]:
    variant, warehouse = unique_id.split(":")
    return int(variant), int(warehouse)


def daily_demand(rows: Iterable[DayUnits], start: date, end: date) -> pd.DataFrame:
    """unique_id / ds / y on every day from ``start`` to ``end`` for every series that
    had demand, zero on days without orders."""
    raw = pd.DataFrame(
        [(series_id(r.variant_id, r.warehouse_id), r.day, r.units) for r in rows],
        columns=["unique_id", "ds", "y"],
    )
    days = pd.date_range(start, end, freq="D")
    ids = sorted(raw["unique_id"].unique())
    grid = pd.MultiIndex.from_product([ids, days], names=["unique_id", "ds"])
    if raw.empty:
        return pd.DataFrame({"unique_id": [], "ds": pd.to_datetime([]), "y": []})
    raw["ds"] = pd.to_datetime(raw["ds"])
    summed = raw.groupby(["unique_id", "ds"])["y"].sum()
    dense = summed.reindex(grid, fill_value=0.0).astype(np.float64)
    return dense.reset_index()


def stockout_days(
    rows: Iterable[DayUnits], ids: Iterable[str], start: date, end: date
) -> pd.DataFrame:
    """unique_id / ds / stockout (bool) for ``ids`` on every day from ``start`` to
    ``end``: closing availability <= 0 on or after the series' first movement."""
    wanted = set(ids)
    raw = pd.DataFrame(
        [(series_id(r.variant_id, r.warehouse_id), r.day, r.units) for r in rows],
        columns=["unique_id", "ds", "net"],
    )
    raw = raw[raw["unique_id"].isin(wanted)]
    days = pd.date_range(start, end, freq="D")
    grid = pd.MultiIndex.from_product([sorted(wanted), days], names=["unique_id", "ds"])
    if raw.empty:
        return pd.DataFrame({"stockout": False}, index=grid).reset_index()
    raw["ds"] = pd.to_datetime(raw["ds"])
    first = raw.groupby("unique_id")["ds"].min()
    before = raw[raw["ds"] < pd.Timestamp(start)].groupby("unique_id")["net"].sum()
    inside = raw[raw["ds"] >= pd.Timestamp(start)].groupby(["unique_id", "ds"])["net"].sum()
    net = inside.reindex(grid, fill_value=0.0).reset_index()
    net["net"] += np.where(net["ds"] == days[0], net["unique_id"].map(before).fillna(0.0), 0.0)
    closing = net.groupby("unique_id")["net"].cumsum()
    started = net["ds"] >= net["unique_id"].map(first)
    net["stockout"] = started.fillna(False).astype(bool) & (closing <= 0)
    return net[["unique_id", "ds", "stockout"]]


def period_end(days: pd.Series, freq: str, end: date) -> pd.Series:
    """The label of each day's period: the day itself, or the end of its 7-day week
    (weeks end on ``end``'s weekday, so the last week of history is complete)."""
    if freq == "D":
        return days
    behind = (pd.Timestamp(end) - days).dt.days
    return pd.Timestamp(end) - pd.to_timedelta((behind // 7) * 7, unit="D")


def to_periods(daily: pd.DataFrame, stockouts: pd.DataFrame, freq: str, end: date) -> pd.DataFrame:
    """unique_id / ds / y / stockout per period (stockout when any day of it was)."""
    merged = daily.merge(stockouts, on=["unique_id", "ds"], how="left")
    merged["stockout"] = merged["stockout"].fillna(False).astype(bool)
    merged["ds"] = period_end(merged["ds"], freq, end)
    grouped = merged.groupby(["unique_id", "ds"], as_index=False).agg(
        y=("y", "sum"), stockout=("stockout", "any"), days=("y", "size")
    )
    full = 1 if freq == "D" else 7
    return grouped[grouped["days"] == full].drop(columns="days").reset_index(drop=True)


def impute_stockouts(periods: pd.DataFrame, freq: str) -> pd.DataFrame:
    """``y`` raised, in stockout periods, to the mean of the series' last in-stock periods
    (never lowered: orders placed during a stockout are real demand)."""
    window = IMPUTE_WINDOW[freq]
    out = periods.sort_values(["unique_id", "ds"]).reset_index(drop=True)
    in_stock = out["y"].where(~out["stockout"])
    recent = in_stock.groupby(out["unique_id"]).transform(
        lambda s: s.rolling(window, min_periods=1).mean().shift(1).ffill()
    )
    out["y"] = np.where(out["stockout"], np.fmax(out["y"], recent.fillna(0.0)), out["y"])
    return out


def first_period(history_end: date, freq: str) -> date:
    return history_end + timedelta(days=1 if freq == "D" else 7)
