"""Holiday-aligned seasonal lags, late-starting series, gaps and the selection of series a
backtest cannot judge — small hand-checkable cases, no statsforecast run."""

from __future__ import annotations

import numpy as np
import pandas as pd

from opsdesk.forecasting import complete, seasonal_level
from opsdesk.forecasting.aligned import aligned_forecasts, event_dates, source_indices
from opsdesk.forecasting.pooled import pooled_candidates
from opsdesk.forecasting.seasonal import seasonal_level_rows, series_starts
from opsdesk.forecasting.selection import choose_weights, errors_for, shrink

FRIDAYS = pd.date_range("2014-01-03", "2017-12-29", freq="W-FRI")


def _index(day: str) -> int:
    return int(FRIDAYS.get_loc(pd.Timestamp(day)))


def test_christmas_week_copies_last_years_christmas_week_not_week_52_back() -> None:
    events = event_dates(range(2014, 2018), "US")
    n = _index("2016-11-25") + 1  # history ends with Thanksgiving week 2016
    src = source_indices(FRIDAYS[: n + 6], n, events, 52, years=1)
    targets = FRIDAYS[n : n + 6]
    copied = dict(zip(targets, FRIDAYS[src], strict=True))
    # Christmas 2016 (Sunday) is in the week ending 2016-12-30; 52 weeks back is the week
    # ending 2016-01-01, after Christmas 2015 (a Friday, week ending 2015-12-25)
    assert copied[pd.Timestamp("2016-12-30")] == pd.Timestamp("2015-12-25")
    # the two weeks before it follow the holiday too
    assert copied[pd.Timestamp("2016-12-23")] == pd.Timestamp("2015-12-18")
    assert copied[pd.Timestamp("2016-12-16")] == pd.Timestamp("2015-12-11")
    # a week far from any holiday keeps the plain 52-week lag
    assert copied[pd.Timestamp("2016-12-02")] == pd.Timestamp("2015-12-04")


def test_thanksgiving_that_jumps_a_week_is_found_53_weeks_back() -> None:
    events = event_dates(range(2014, 2018), "US")
    # Thanksgiving 2014-11-27 (week ending 11-28); 2015-11-26 (11-27): 52 weeks apart;
    # two years back from 2016-11-24 (11-25) is 2014-11-28: 104 weeks — and Labor Day
    # 2015-09-07 (week ending 09-11) vs 2014-09-01 (09-05): 53 weeks apart
    n = _index("2015-08-28") + 1
    src = source_indices(FRIDAYS[: n + 3], n, events, 52, years=1)
    labor_day = FRIDAYS[n:].get_loc(pd.Timestamp("2015-09-11"))
    assert FRIDAYS[src[labor_day]] == pd.Timestamp("2014-09-05")
    assert n + labor_day - src[labor_day] == 53


def test_a_source_the_history_does_not_reach_is_minus_one() -> None:
    n = 60
    src = source_indices(FRIDAYS[: n + 3], n, {}, 52, years=2)
    assert src.tolist() == [-1, -1, -1]


def test_aligned_level_averages_the_years_each_moved_to_the_recent_level() -> None:
    season, window = 4, 2
    # three cycles; level +10 each cycle; the shape repeats
    shape = np.array([1.0, 5.0, 3.0, 1.0])
    matrix = np.concatenate([shape, shape + 10, shape + 20])[None, :]
    n = matrix.shape[1]
    sources = [np.arange(n, n + 4) - k * season for k in (1, 2, 3)]
    out = aligned_forecasts(matrix, sources, np.array([0]), window, season)
    # last cycle shape+20, shifted by recent (23+21)/2=22 - same weeks a cycle ago 12 = 10;
    # two cycles back shape+10 shifted by 22-2=20: both give shape+30; the third year has
    # no level window before it, so it is left out
    np.testing.assert_allclose(out["AlignedSeasonalLevel"][0], shape + 30)
    np.testing.assert_allclose(out["AlignedSeasonalNaive"][0], shape + 20)


def test_late_starting_series_repeat_their_recent_mean_not_last_years_zeros() -> None:
    season, window = 4, 2
    late = np.array([[0, 0, 0, 0, 0, 0, 6.0, 8.0]])  # started two periods ago
    starts = series_starts(late, window)
    assert starts.tolist() == [6]
    n = late.shape[1]
    sources = [np.arange(n, n + 3) - k * season for k in (1, 2)]
    out = aligned_forecasts(late, sources, starts, window, season)
    # sources 4 and 5 are before the start: recent mean 7; source 6 existed (the 6), used
    # unshifted (no level window a year before it)
    np.testing.assert_allclose(out["AlignedSeasonalLevel"][0], [7.0, 7.0, 6.0])
    np.testing.assert_allclose(seasonal_level(late[0], 3, season, window, 2), [7.0, 7.0, 7.0])
    # a single leading zero is an ordinary zero period, not a late start
    assert series_starts(np.array([[0, 4.0, 0, 4.0]]), window).tolist() == [0]


def test_pooled_candidates_include_the_aligned_ones_only_with_a_market() -> None:
    weeks = 120
    ds = pd.date_range("2014-01-03", periods=weeks, freq="W-FRI")
    ids = ["1/a", "2/a", "3/a"]
    y = np.tile(np.arange(weeks, dtype=float) % 52 + 1, 3)
    history = pd.DataFrame({"unique_id": np.repeat(ids, weeks), "ds": np.tile(ds, 3), "y": y})
    plain, _ = pooled_candidates(history, 4, 52, None)
    assert "AlignedSeasonalLevel" not in plain.columns
    us, _ = pooled_candidates(history, 4, 52, None, country="US")
    assert {"AlignedSeasonalNaive", "PooledAlignedSeasonalLevel"} <= set(us.columns)


def test_a_series_without_a_backtest_of_its_own_gets_the_panels_best_model() -> None:
    cutoff = pd.Timestamp("2024-01-05")
    cv = pd.DataFrame(
        {
            "unique_id": ["a", "a", "b", "b", "new", "new"],
            "cutoff": [cutoff] * 6,
            "y": [10.0, 10.0, 20.0, 20.0, 5.0, 5.0],
            "First": [11.0, 9.0, 24.0, 16.0, 0.0, 0.0],  # errors a 1, b 4, new 5
            "Second": [12.0, 8.0, 22.0, 18.0, 5.0, 5.0],  # errors a 2, b 2, new 0
        }
    )
    starts = pd.Series(pd.to_datetime(["2020-01-03", "2020-01-03", "2024-03-01"]),
                       index=["a", "b", "new"])  # fmt: skip
    errors = errors_for(cv, ["First", "Second"], starts)
    assert errors.loc["new"].isna().all()  # its origin came before its first sale
    weights = choose_weights(shrink(errors), "best")
    # panel: a relative (1/1.5, 2/1.5), b (4/3, 2/3): mean First 1.0, Second 1.0 -> tie,
    # the earlier column wins; "new" follows the panel instead of its zero-history backtest
    assert weights.loc["new"].tolist() == [1.0, 0.0]
    assert weights.loc["b"].tolist() == [0.0, 1.0]


def test_holes_in_a_steady_series_are_interpolated_but_intermittent_gaps_stay_zero() -> None:
    ds = pd.date_range("2024-01-05", periods=10, freq="W-FRI")
    steady = pd.DataFrame({"unique_id": "steady", "ds": ds, "y": np.arange(10.0, 20.0)})
    steady = steady.drop(index=[4])  # week 5 missing from the export
    sparse = pd.DataFrame({"unique_id": "sparse", "ds": ds[::2], "y": [0.0, 2.0, 0.0, 3.0, 0.0]})
    out = complete(pd.concat([steady, sparse]), "W-FRI")
    assert out[out.unique_id == "steady"]["y"].tolist() == list(np.arange(10.0, 20.0))
    assert out[out.unique_id == "sparse"]["y"].tolist() == [0, 0, 2, 0, 0, 0, 3, 0, 0, 0]


def test_seasonal_level_on_a_matrix_equals_it_row_by_row() -> None:
    rng = np.random.default_rng(3)
    matrix = rng.normal(10, 3, (12, 40))
    matrix[2, :30] = 0.0  # started late: younger than a season
    matrix[3, :9] = 0.0  # started late, one cycle usable
    matrix[4, :] = 0.0  # never sold
    matrix[5, :2] = 0.0  # two zero periods: an ordinary start
    for seasons in (1, 2):
        rows = seasonal_level_rows(matrix, 10, 12, 4, seasons)
        one_by_one = np.stack([seasonal_level(r, 10, 12, 4, seasons) for r in matrix])
        np.testing.assert_allclose(rows, one_by_one)
