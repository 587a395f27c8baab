"""``opsdesk eval replenishment``: tune the forecast policy on one year, score it on the
next, with the min/max rule replayed on the same demand and lead times in the same run.

Forecasts are remade every ``every`` days from the weekly history up to that day with
the product's engine (``--fast`` candidates), so the policy never sees the future.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from opsdesk.replenishment.simulation import (
    Array,
    ForecastPolicy,
    Forecasts,
    LeadTimes,
    MinMax,
    Outcome,
    replay,
)

WARM_UP = 56  # days replayed before scoring starts
LEVELS = (0.75, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99, 0.995)
REVIEWS = (1, 2, 3, 7)
HISTORY_WEEKS = 156  # at most three years of weekly history per refresh
MIN_HISTORY = 28  # days of history before the warm-up starts (four weekly points)
Tick = Callable[[int], None]


@dataclass(frozen=True)
class Panel:
    ids: list[str]
    dates: pd.DatetimeIndex
    demand: Array  # series × days


@dataclass(frozen=True)
class Choice:
    service_level: float
    review_days: int


@dataclass
class Report:
    series: int
    lead: LeadTimes
    choice: Choice
    tuning: dict[str, Outcome] = field(default_factory=dict)
    scored: dict[str, Outcome] = field(default_factory=dict)
    grid: list[tuple[Choice, Outcome]] = field(default_factory=list)
    wall_seconds: float = 0.0


def panel_from_frame(frame: pd.DataFrame, id_columns: list[str], target: str) -> Panel:
    """A daily long frame (``date``, ids, target) as a series × days matrix, zero-filled."""
    frame = frame.assign(uid=frame[id_columns].astype(str).agg("/".join, axis=1))
    wide = frame.pivot_table(index="uid", columns="date", values=target, aggfunc="sum")
    days = pd.date_range(wide.columns.min(), wide.columns.max(), freq="D")
    wide = wide.reindex(columns=days).fillna(0.0).clip(lower=0.0)
    return Panel(list(wide.index), days, wide.to_numpy(dtype=np.float64))


def refresh_forecasts(
    panel: Panel, first: int, last: int, every: int, tick: Tick | None = None
) -> Forecasts:
    """Forecasts made on days ``first, first+every, … < last`` from the history before."""
    starts = list(range(first, last, every))
    daily, spread = [], []
    for day in starts:
        rate, sd = _forecast_at(panel, day)
        daily.append(rate)
        spread.append(sd)
        if tick is not None:
            tick(1)
    return Forecasts(np.asarray(starts, dtype=np.int64), np.vstack(daily), np.vstack(spread))


def _forecast_at(panel: Panel, day: int) -> tuple[Array, Array]:
    from opsdesk.forecasting import Settings, forecast_panel

    weeks = min(day // 7, HISTORY_WEEKS)
    recent = panel.demand[:, day - 7 * weeks : day].reshape(len(panel.ids), weeks, 7).sum(axis=2)
    last = panel.dates[day - 1]
    freq = f"W-{last.strftime('%a').upper()}"
    ds = pd.date_range(end=last, periods=weeks, freq=freq)
    history = pd.DataFrame({
        "unique_id": np.repeat(panel.ids, weeks), "ds": np.tile(ds, len(panel.ids)),
        "y": recent.ravel(),
    })  # fmt: skip
    made = forecast_panel(history, 4, Settings(freq=freq, season=52, fast=True))
    ahead = made.forecasts.groupby("unique_id")["Forecast"].apply(lambda s: s.iloc[:2].mean())
    errors = made.backtest.assign(e=made.backtest["y"] - made.backtest["Forecast"])
    sd = errors.groupby("unique_id")["e"].std()
    rate = ahead.reindex(panel.ids).fillna(0.0).to_numpy() / 7
    fallback = recent.std(axis=1)  # too short to backtest: the weeks' own spread
    spread = sd.reindex(panel.ids).to_numpy()
    return rate, np.where(np.isfinite(spread), spread, fallback)


def min_max_rule(panel: Panel, start: int, lead: LeadTimes) -> MinMax:
    """min = average daily demand of the year before ``start`` × the mean lead time."""
    year = panel.demand[:, max(start - 365, 0) : start]
    return MinMax(year.mean(axis=1) * lead.mean)


def tune_policy(
    window: Array, forecasts: Forecasts, lead: LeadTimes, target: float, seed: int
) -> tuple[Choice, list[tuple[Choice, Outcome]]]:
    """The cheapest (least stock) setting reaching ``target`` fill rate on ``window``."""
    grid = []
    for level in LEVELS:
        for review in REVIEWS:
            rule = ForecastPolicy(forecasts, lead, level, review)
            grid.append(
                (Choice(level, review), replay(window, rule, lead, start=WARM_UP, seed=seed))
            )
    good = [g for g in grid if g[1].fill_rate >= target]
    best = (
        min(good, key=lambda g: g[1].average_on_hand)
        if good
        else max(grid, key=lambda g: g[1].fill_rate)
    )
    return best[0], grid


Span = tuple[date, date]  # first day, day after the last


def year_span(year: int) -> Span:
    return date(year, 1, 1), date(year + 1, 1, 1)


def halves(panel: Panel, days: int) -> tuple[Span, Span]:
    """The last ``days`` to score on and the ``days`` before them to tune on (a store's
    own history is often one year: no two calendar years to split)."""
    end = panel.dates[-1].date() + timedelta(days=1)
    return (end - timedelta(days=2 * days), end - timedelta(days=days)), (
        end - timedelta(days=days),
        end,
    )


def window_of(panel: Panel, span: Span) -> tuple[int, int]:
    """Day indexes [start − warm-up, end) of ``span`` in the panel."""
    start = int(panel.dates.searchsorted(pd.Timestamp(span[0])))
    end = int(panel.dates.searchsorted(pd.Timestamp(span[1])))
    if start - WARM_UP < MIN_HISTORY or end - start < 28:
        raise ValueError(
            f"{span[0]} – {span[1]} needs {MIN_HISTORY + WARM_UP} days of history before it "
            "and four weeks in it"
        )
    return start - WARM_UP, end


def refreshes(panel: Panel, span: Span, every: int) -> int:
    first, last = window_of(panel, span)
    return math.ceil((last - first) / every)


def run(
    panel: Panel, *, tune: Span, test: Span, lead: LeadTimes, every: int = 7,
    target: float = 0.98, seed: int = 7, tick: Tick | None = None,
) -> Report:  # fmt: skip
    began = time.perf_counter()
    made: dict[Span, tuple[Array, Forecasts, MinMax]] = {}
    for span in (tune, test):
        first, last = window_of(panel, span)
        forecasts = refresh_forecasts(panel, first, last, every, tick)
        shifted = Forecasts(forecasts.starts - first, forecasts.daily, forecasts.weekly_sd)
        made[span] = (panel.demand[:, first:last], shifted, min_max_rule(panel, first, lead))
    window, forecasts, minmax = made[tune]
    choice, grid = tune_policy(window, forecasts, lead, target, seed)
    report = Report(len(panel.ids), lead, choice, grid=grid)
    for span, scores in ((tune, report.tuning), (test, report.scored)):
        window, forecasts, minmax = made[span]
        ours = ForecastPolicy(forecasts, lead, choice.service_level, choice.review_days)
        scores["min_max"] = replay(window, minmax, lead, start=WARM_UP, seed=seed)
        scores["forecast"] = replay(window, ours, lead, start=WARM_UP, seed=seed)
    report.wall_seconds = time.perf_counter() - began
    return report
