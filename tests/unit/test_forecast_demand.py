"""Demand frames: stockout days from the ledger, weeks ending on the history's last day,
stockout periods imputed (never lowered), and bottom-up roll-ups that add up."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from opsdesk.forecasting.demand import (
    DayUnits,
    daily_demand,
    impute_stockouts,
    period_end,
    stockout_days,
    to_periods,
)
from opsdesk.forecasting.rollup import LevelFrames, aggregate, summarise

START, END = date(2026, 11, 2), date(2026, 11, 15)  # two Monday-to-Sunday weeks


def test_daily_demand_is_dense_with_zero_on_days_without_orders() -> None:
    frame = daily_demand(
        [DayUnits(1, 2, date(2026, 11, 3), 4.0), DayUnits(1, 2, date(2026, 11, 3), 1.0)], START, END
    )
    assert len(frame) == 14
    assert frame["unique_id"].unique().tolist() == ["1:2"]
    assert frame.set_index("ds")["y"][pd.Timestamp("2026-11-03")] == 5.0
    assert frame["y"].sum() == 5.0


def test_stockout_days_start_at_the_first_movement_and_close_at_zero_available() -> None:
    ledger = [
        DayUnits(1, 2, date(2026, 10, 20), 3.0),  # opening stock before the window
        DayUnits(1, 2, date(2026, 11, 5), -3.0),  # sold out on the 5th
        DayUnits(1, 2, date(2026, 11, 9), 2.0),  # back on the 9th
        DayUnits(7, 2, date(2026, 11, 12), 0.0),  # first movement of another series
    ]
    days = stockout_days(ledger, ["1:2", "7:2", "8:2"], START, END)
    out = days[days["stockout"]]
    by_id = out.groupby("unique_id")["ds"].apply(lambda d: [x.day for x in d]).to_dict()
    assert by_id == {"1:2": [5, 6, 7, 8], "7:2": [12, 13, 14, 15]}  # 8:2 never stocked: unknown


def test_weeks_end_on_the_last_day_and_partial_weeks_are_dropped() -> None:
    days = pd.Series(pd.to_datetime(["2026-11-09", "2026-11-15", "2026-11-08"]))
    assert period_end(days, "W", END).dt.day.tolist() == [15, 15, 8]
    daily = daily_demand([DayUnits(1, 2, date(2026, 11, 1), 9.0)], date(2026, 11, 1), END)
    stock = pd.DataFrame(
        {"unique_id": "1:2", "ds": daily["ds"], "stockout": daily["ds"].dt.day == 10}
    )
    weeks = to_periods(daily, stock, "W", END)
    assert weeks["ds"].dt.day.tolist() == [8, 15]  # the lone Sunday 1 Nov is not a whole week
    assert weeks["stockout"].tolist() == [False, True]


def test_stockout_periods_are_raised_to_recent_in_stock_demand_never_lowered() -> None:
    ds = pd.date_range("2026-01-04", periods=6, freq="7D")
    periods = pd.DataFrame({
        "unique_id": "a", "ds": ds, "y": [4.0, 6.0, 1.0, 0.0, 9.0, 5.0],
        "stockout": [False, False, True, True, True, False],
    })  # fmt: skip
    fixed = impute_stockouts(periods, "W")
    assert fixed["y"].tolist() == [4.0, 6.0, 5.0, 5.0, 9.0, 5.0]


def _frames() -> LevelFrames:
    ds = pd.date_range("2026-01-04", periods=3, freq="7D")
    forecasts = pd.DataFrame({"unique_id": ["a"] * 3 + ["b"] * 3, "ds": list(ds) * 2,
                              "Forecast": [1.0, 2.0, 3.0, 10.0, 10.0, 10.0]})  # fmt: skip
    cut = pd.Timestamp("2025-12-28")
    backtest = pd.DataFrame({"unique_id": ["a"] * 3 + ["b"] * 3, "ds": list(ds) * 2, "cutoff": cut,
                             "y": [1.0, 3.0, 2.0, 12.0, 8.0, 10.0],
                             "Forecast": [2.0, 2.0, 2.0, 10.0, 10.0, 10.0]})  # fmt: skip
    train = pd.DataFrame({"unique_id": ["a"] * 3 + ["b"] * 3, "ds": list(ds - pd.Timedelta(days=21)) * 2,
                          "y": [1.0, 2.0, 4.0, 9.0, 11.0, 10.0]})  # fmt: skip
    return LevelFrames(forecasts, backtest, train)


def test_bottom_up_rollup_sums_children_and_measures_its_own_error() -> None:
    total = aggregate(_frames(), {"a": "all", "b": "all"})
    summary = summarise(total, 0.9)["all"]
    assert summary.mean == [11.0, 12.0, 13.0]
    # summed actuals 13, 11, 12 against 12 each: the errors partly cancel across children
    assert summary.backtest_mae == pytest.approx(2 / 3, abs=1e-4)
    assert summary.error_sd == pytest.approx(float(np.std([1, -1, 0], ddof=1)), abs=1e-4)
    assert all(
        lo <= m <= hi for lo, m, hi in zip(summary.lower, summary.mean, summary.upper, strict=True)
    )


def test_lower_bound_is_clipped_at_zero() -> None:
    summary = summarise(_frames(), 0.9)["a"]
    assert min(summary.lower) == 0.0
    assert summary.backtest_mae == pytest.approx(2 / 3, abs=1e-4)
    assert summary.mean == [1.0, 2.0, 3.0]
    assert summary.upper[0] - summary.mean[0] > 0
