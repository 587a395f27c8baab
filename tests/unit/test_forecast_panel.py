"""Panel preparation, holiday periods and the pooled (sibling-denoised) candidates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from opsdesk.forecasting import complete, frequency, holiday_weeks, horizon_to, plan_backtest
from opsdesk.forecasting.pooled import denoise, group_of, pooled_candidates, rank_for
from opsdesk.kernel.errors import InvalidInput


def test_weeks_keep_their_weekday_anchor_and_bad_frequencies_are_refused() -> None:
    fridays = pd.Series(pd.date_range("2024-01-05", periods=5, freq="W-FRI"))
    assert frequency(fridays, None) == "W-FRI"
    assert frequency(pd.Series(pd.date_range("2024-01-01", periods=5)), None) == "D"
    with pytest.raises(InvalidInput, match="D or W"):
        frequency(fridays, "M")
    assert horizon_to(pd.Timestamp("2024-01-05"), pd.Timestamp("2024-02-02"), "W-FRI") == 4


def test_complete_sums_duplicates_and_fills_every_series_on_every_date() -> None:
    rows = pd.DataFrame(
        {
            "unique_id": ["a", "a", "a", "b"],
            "ds": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-03", "2024-01-02"]),
            "y": [1.0, 2.0, 4.0, 5.0],
        }
    )
    out = complete(rows, "D")
    assert out[out.unique_id == "a"]["y"].tolist() == [3.0, 0.0, 4.0]
    assert out[out.unique_id == "b"]["y"].tolist() == [0.0, 5.0, 0.0]


def test_holiday_weeks_name_the_holidays_of_the_market() -> None:
    weeks = pd.date_range("2024-11-22", periods=6, freq="W-FRI")
    us = holiday_weeks(weeks, "US", "W")
    assert us == {
        pd.Timestamp("2024-11-29"): "Thanksgiving Day",
        pd.Timestamp("2024-12-27"): "Christmas Day",
    }
    assert pd.Timestamp("2024-11-29") not in holiday_weeks(weeks, "DE", "W")


def test_low_rank_denoising_keeps_the_shared_shape() -> None:
    rng = np.random.default_rng(0)
    shape = np.sin(np.linspace(0, 6, 60)) + 2
    clean = np.outer([1.0, 2.0, 3.0, 4.0], shape)
    noisy = clean + rng.normal(0, 0.3, clean.shape)
    assert np.abs(denoise(noisy, 1) - clean).mean() < 0.5 * np.abs(noisy - clean).mean()
    assert rank_for(45) == 12
    assert rank_for(10) == 3
    assert rank_for(2) == 1
    ids = pd.Series(["1/a", "2/a", "1/b"])
    assert group_of(ids).tolist() == ["a", "a", "b"]
    assert group_of(pd.Series(["x", "y"])).tolist() == ["all", "all"]


def test_pooled_backtest_never_sees_the_period_it_scores() -> None:
    weeks = 80
    ds = pd.date_range("2022-01-07", periods=weeks, freq="W-FRI")
    ids = ["1/a", "2/a", "3/a"]
    y = np.tile(np.arange(weeks, dtype=float), 3)
    history = pd.DataFrame({"unique_id": np.repeat(ids, weeks), "ds": np.tile(ds, 3), "y": y})
    history.loc[history["ds"] > ds[60], "y"] = 1000.0  # a jump after the only origin
    plan = plan_backtest(weeks, 13, 52)
    assert plan is not None
    forecast, backtest = pooled_candidates(history, 13, 52, plan)
    assert len(forecast) == 3 * 13
    assert forecast["ds"].min() == ds[-1] + pd.Timedelta(weeks=1)
    assert backtest["cutoff"].nunique() == plan.windows
    first = backtest[backtest["cutoff"] == backtest["cutoff"].min()]
    assert first["ds"].min() > first["cutoff"].iloc[0]
    assert (first["PooledSeasonalNaive"] < 100).all()  # forecast from before the jump only
