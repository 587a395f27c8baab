"""The pure parts of forecasting: backtest layout, selection, blending, intervals,
metrics and the re-levelled seasonal candidate — hand-computed cases, no statsforecast run."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from opsdesk.forecasting import plan_backtest, seasonal_level
from opsdesk.forecasting.intervals import conformal_quantile, interval_widths
from opsdesk.forecasting.metrics import rmsse, series_scales, wmae
from opsdesk.forecasting.selection import backtest_errors, blend, choose_weights, chosen_model


def test_backtest_uses_the_real_horizon_capped_at_a_season() -> None:
    plan = plan_backtest(history=200, horizon=39, season=52)
    assert plan is not None
    assert (plan.horizon, plan.step, plan.windows) == (39, 13, 3)
    # 104 weeks: only one 39-week origin leaves a full season (+2) before it
    assert plan_backtest(history=104, horizon=39, season=52) == plan_backtest(104, 39, 52)
    short = plan_backtest(history=104, horizon=39, season=52)
    assert short is not None
    assert short.windows == 1
    assert plan_backtest(history=60, horizon=39, season=52) is None
    assert plan_backtest(history=400, horizon=90, season=7).horizon == 28  # type: ignore[union-attr]


def test_seasonal_level_shifts_last_season_to_the_recent_level() -> None:
    season, window = 4, 2
    shape = np.array([1.0, 5.0, 3.0, 1.0])
    y = np.concatenate([shape, shape + 10])  # level rose by 10 over the year
    # last cycle is shape+10; mean of last 2 (13, 11) = 12 vs the same 2 a cycle ago (3, 1) = 2
    np.testing.assert_allclose(seasonal_level(y, 4, season, window, seasons=1), shape + 20)
    # too short for a level window: plain seasonal naive
    np.testing.assert_allclose(seasonal_level(y[:5], 3, season, window, 1), y[1:4])


def test_seasonal_level_averages_two_cycles_when_there_are_two() -> None:
    y = np.array([0, 4, 0, 4, 2, 2, 2, 2, 1, 3, 1, 3], dtype=float)  # season 4, window 4
    one = seasonal_level(y, 4, 4, 4, seasons=1)
    two = seasonal_level(y, 4, 4, 4, seasons=2)
    np.testing.assert_allclose(one, [1, 3, 1, 3])  # level unchanged (2 vs 2)
    # the cycle two back (2, 2, 2, 2; level before it 2, as now) averaged with the last
    np.testing.assert_allclose(two, [1.5, 2.5, 1.5, 2.5])


def _backtest() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unique_id": ["a", "a", "b", "b"],
            "y": [10.0, 10.0, 0.0, 0.0],
            "M1": [12.0, 8.0, 1.0, 1.0],  # a: error 2, b: error 1
            "M2": [11.0, 11.0, 4.0, 4.0],  # a: error 1, b: error 4
            "M3": [np.nan, np.nan, 2.0, 2.0],  # a: failed, b: error 2
        }
    )


def test_errors_rank_failed_models_last_and_best_picks_the_lowest() -> None:
    errors = backtest_errors(_backtest(), ["M1", "M2", "M3"])
    assert errors.loc["a"].tolist() == [2.0, 1.0, np.inf]
    weights = choose_weights(errors, "best")
    assert chosen_model(weights).to_dict() == {"a": "M2", "b": "M1"}


def test_blend_weights_are_inverse_errors_of_the_top_k() -> None:
    errors = backtest_errors(_backtest(), ["M1", "M2", "M3"])
    weights = choose_weights(errors, "blend", k=2)
    assert weights.loc["a"].tolist() == pytest.approx([1 / 3, 2 / 3, 0.0])
    assert weights.loc["b"].tolist() == pytest.approx([2 / 3, 0.0, 1 / 3])
    future = pd.DataFrame(
        {"unique_id": ["a", "c"], "M1": [3.0, 7.0], "M2": [6.0, 9.0], "M3": [0.0, 0.0]}
    )
    # "c" was never backtested: it takes the first column
    assert blend(future, weights).tolist() == pytest.approx([5.0, 7.0])


def test_conformal_quantile_is_the_finite_sample_rank() -> None:
    errors = np.arange(1.0, 11.0)  # 10 errors: ceil(11 * 0.9) = 10th smallest
    assert conformal_quantile(errors, 0.9) == 10.0
    assert conformal_quantile(errors, 0.5) == 6.0


def test_interval_widths_fall_back_to_pooled_relative_error_for_short_backtests() -> None:
    backtest = pd.DataFrame(
        {"unique_id": ["a"] * 2, "y": [100.0, 100.0], "Forecast": [100.0, 100.0]}
    )
    other = pd.DataFrame({"unique_id": ["b"] * 2, "y": [10.0, 10.0], "Forecast": [8.0, 12.0]})
    widths = interval_widths(pd.concat([backtest, other]), 0.9)
    # "a" has no error of its own but is widened by the pooled 20 % relative error
    assert widths["a"] == pytest.approx(20.0)
    assert widths["b"] == pytest.approx(2.0)


def test_metrics_by_hand() -> None:
    assert wmae(np.array([1.0, 2.0]), np.array([2.0, 2.0]), np.array([5.0, 1.0])) == pytest.approx(
        5 / 6
    )
    train = pd.DataFrame(
        {"unique_id": ["a"] * 3 + ["flat"] * 3, "ds": [1, 2, 3] * 2, "y": [0, 2, 4, 5, 5, 5]}
    )
    scales = series_scales(train)
    assert scales["a"] == 4.0
    scored = pd.DataFrame(
        {"unique_id": ["a", "a", "flat"], "y": [6.0, 8.0, 5.0], "F": [4.0, 6.0, 0.0]}
    )
    assert rmsse(scored, "F", scales) == pytest.approx(1.0)  # flat series has no scale: left out
