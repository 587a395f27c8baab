"""Candidates that borrow shape from sibling series: low-rank denoising per group.

Sibling series (the same department or item in every store) share a seasonal shape but
each carries its own noise, which seasonal naive copies into next year. Reconstructing
each group's history from its top singular vectors keeps the shared shape and drops most
of the noise (the approach that won the classic store × department weekly benchmark),
then the seasonal candidates run on the cleaned history. Pure numpy over a dense matrix;
the backtest re-denoises at every origin so it never sees the period it scores.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from opsdesk.forecasting.aligned import (
    ALIGNED,
    YEARS,
    aligned_forecasts,
    event_dates,
    source_indices,
)
from opsdesk.forecasting.candidates import BacktestPlan
from opsdesk.forecasting.seasonal import seasonal_level_rows, series_starts

POOLED = ("PooledSeasonalNaive", "PooledSeasonalLevel")
RANK_SHARE = 0.25
MAX_RANK = 12


def group_of(unique_ids: pd.Series) -> pd.Series:
    """The group is the last id column (store/dept -> dept): siblings across stores."""
    parts = unique_ids.str.rsplit("/", n=1)
    return (
        parts.str[-1]
        if bool((parts.str.len() > 1).all())
        else pd.Series("all", index=unique_ids.index)
    )


def denoise(matrix: np.ndarray, rank: int) -> np.ndarray:
    """Rank-``rank`` reconstruction (rows are series); small groups are returned as is."""
    if matrix.shape[0] <= rank or matrix.shape[0] < 3:
        return matrix
    u, s, vt = np.linalg.svd(matrix, full_matrices=False)
    return (u[:, :rank] * s[:rank]) @ vt[:rank]


def rank_for(members: int) -> int:
    return max(1, min(MAX_RANK, math.ceil(members * RANK_SHARE)))


def forecast_matrix(matrix: np.ndarray, h: int, season: int, window: int) -> dict[str, np.ndarray]:
    """Both pooled candidates for every row of a (denoised) history matrix."""
    n = matrix.shape[1]
    if n >= season:
        naive = matrix[:, n - season :][:, np.arange(h) % season]
    else:
        naive = np.repeat(matrix[:, -1:], h, axis=1)
    level = seasonal_level_rows(matrix, h, season, window, seasons=2)
    return {POOLED[0]: naive, POOLED[1]: level}


def pooled_candidates(
    history: pd.DataFrame,
    horizon: int,
    season: int,
    plan: BacktestPlan | None,
    country: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(forecast, backtest) frames in statsforecast's layout for the pooled candidates, and
    with a ``country`` on weekly data the holiday-aligned ones (``aligned.py``), raw and pooled.

    ``history`` must be complete (every series on every date, as ``panel.complete`` makes it).
    """
    wide = history.pivot(index="unique_id", columns="ds", values="y")
    dates = pd.DatetimeIndex(wide.columns)
    values = wide.to_numpy(dtype=np.float64)
    groups = group_of(pd.Series(wide.index, index=wide.index)).to_numpy()
    freq = pd.infer_freq(dates[-3:]) if len(dates) >= 3 else None
    window = max(4, season // 4)
    future = pd.date_range(dates[-1], periods=horizon + 1, freq=freq)[1:]
    events = _events(dates, future, season, country)
    setup = (wide.index, groups, season, window, events)
    forecast = _frame(setup, values, dates, future, None)
    backtests = []
    if plan is not None:
        for w in range(plan.windows):
            cut = len(dates) - plan.span + w * plan.step
            ahead = dates[cut : cut + plan.horizon]
            part = _frame(setup, values[:, :cut], dates[:cut], ahead, dates[cut - 1])
            part["y"] = values[:, cut : cut + plan.horizon].reshape(-1)
            backtests.append(part)
    return forecast, pd.concat(backtests, ignore_index=True) if backtests else pd.DataFrame()


Setup = tuple[pd.Index, np.ndarray, int, int, dict[str, list[pd.Timestamp]] | None]


def _events(
    dates: pd.DatetimeIndex, future: pd.DatetimeIndex, season: int, country: str | None
) -> dict[str, list[pd.Timestamp]] | None:
    """The market's holidays over the panel, for yearly weekly seasons only."""
    if not country or season != 52 or not len(dates) or not len(future):
        return None
    return event_dates(range(dates[0].year - 1, future[-1].year + 1), country)


def _frame(
    setup: Setup,
    values: np.ndarray,
    known: pd.DatetimeIndex,
    dates: pd.DatetimeIndex,
    cutoff: pd.Timestamp | None,
) -> pd.DataFrame:
    ids, groups, season, window, events = setup
    h = len(dates)
    names = [*POOLED, *(() if events is None else (*ALIGNED, *(f"Pooled{a}" for a in ALIGNED)))]
    out = {name: np.zeros((len(ids), h)) for name in names}
    sources, starts = None, series_starts(values, window)
    if events is not None:
        timeline = known.append(dates)
        sources = [
            source_indices(timeline, len(known), events, season, k) for k in range(1, YEARS + 1)
        ]
        out.update(aligned_forecasts(values, sources, starts, window, season))
    for group in np.unique(groups):
        rows = np.flatnonzero(groups == group)
        cleaned = denoise(values[rows], rank_for(len(rows)))
        for name, block in forecast_matrix(cleaned, h, season, window).items():
            out[name][rows] = block
        if sources is not None:
            aligned = aligned_forecasts(cleaned, sources, starts[rows], window, season)
            for name, block in aligned.items():
                out[f"Pooled{name}"][rows] = block
    frame = pd.DataFrame(
        {"unique_id": np.repeat(ids.to_numpy(), h), "ds": np.tile(dates[:h], len(ids))}
    )
    if cutoff is not None:
        frame["cutoff"] = cutoff
    for name, block in out.items():
        frame[name] = block.reshape(-1)
    return frame
