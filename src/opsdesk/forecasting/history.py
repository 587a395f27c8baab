"""The panel a store run fits on: demand per SKU x warehouse and period, stockout
periods marked and imputed, read for a window ending the day before ``as_of``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy.orm import Session

from opsdesk.forecasting import demand

# How far back a run reads: three years of weeks (two seasons to backtest), 400 days.
LOOKBACK_DAYS = {"W": 3 * 364, "D": 400}


@dataclass(frozen=True)
class StoreHistory:
    history_end: date
    periods: pd.DataFrame  # unique_id, ds, y (as ordered), stockout
    fit: pd.DataFrame  # unique_id, ds, y (stockout periods imputed)

    def stockout_periods(self) -> dict[str, list[str]]:
        marked = self.periods[self.periods["stockout"]]
        return {
            str(uid): [d.date().isoformat() for d in part["ds"]]
            for uid, part in marked.groupby("unique_id")
        }


def store_history(session: Session, freq: str, as_of: date) -> StoreHistory:
    end = as_of - timedelta(days=1)
    start = end - timedelta(days=LOOKBACK_DAYS[freq] - 1)
    rows = demand.demand_by_day(session, start, end)
    if not rows:
        empty = pd.DataFrame({"unique_id": [], "ds": pd.to_datetime([]), "y": []})
        return StoreHistory(end, empty.assign(stockout=pd.Series(dtype=bool)), empty)
    start = max(start, min(r.day for r in rows))
    daily = demand.daily_demand(rows, start, end)
    ids = daily["unique_id"].unique().tolist()
    stockouts = demand.stockout_days(demand.ledger_by_day(session, end), ids, start, end)
    periods = demand.to_periods(daily, stockouts, freq, end)
    fit = demand.impute_stockouts(periods, freq)[["unique_id", "ds", "y"]]
    return StoreHistory(end, periods, fit)
