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

from opsdesk.forecasting.candidates import BacktestPlan
from opsdesk.forecasting.seasonal import seasonal_level

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
    naive = np.stack(
        [
            np.resize(row[-season:], h) if len(row) >= season else np.full(h, row[-1])
            for row in matrix
        ]
    )
    level = np.stack([seasonal_level(row, h, season, window, seasons=2) for row in matrix])
    return {POOLED[0]: naive, POOLED[1]: level}


def pooled_candidates(
    history: pd.DataFrame, horizon: int, season: int, plan: BacktestPlan | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(forecast, backtest) frames in statsforecast's layout for the pooled candidates.

    ``history`` must be complete (every series on every date, as ``panel.complete`` makes it).
    """
    wide = history.pivot(index="unique_id", columns="ds", values="y")
    dates = wide.columns
    values = wide.to_numpy(dtype=np.float64)
    groups = group_of(pd.Series(wide.index, index=wide.index)).to_numpy()
    freq = pd.infer_freq(dates[-3:]) if len(dates) >= 3 else None
    window = max(4, season // 4)
    future = pd.date_range(dates[-1], periods=horizon + 1, freq=freq)[1:]
    forecast = _frame(wide.index, values, groups, horizon, season, window, future, None)
    backtests = []
    if plan is not None:
        for w in range(plan.windows):
            cut = len(dates) - plan.span + w * plan.step
            ahead = dates[cut : cut + plan.horizon]
            part = _frame(
                wide.index,
                values[:, :cut],
                groups,
                plan.horizon,
                season,
                window,
                ahead,
                dates[cut - 1],
            )
            part["y"] = values[:, cut : cut + plan.horizon].reshape(-1)
            backtests.append(part)
    return forecast, pd.concat(backtests, ignore_index=True) if backtests else pd.DataFrame()


def _frame(
    ids: pd.Index,
    values: np.ndarray,
    groups: np.ndarray,
    h: int,
    season: int,
    window: int,
    dates: pd.DatetimeIndex,
    cutoff: pd.Timestamp | None,
) -> pd.DataFrame:
    out = {name: np.zeros((len(ids), h)) for name in POOLED}
    for group in np.unique(groups):
        rows = np.flatnonzero(groups == group)
        cleaned = denoise(values[rows], rank_for(len(rows)))
        for name, block in forecast_matrix(cleaned, h, season, window).items():
            out[name][rows] = block
    frame = pd.DataFrame(
        {"unique_id": np.repeat(ids.to_numpy(), h), "ds": np.tile(dates[:h], len(ids))}
    )
    if cutoff is not None:
        frame["cutoff"] = cutoff
    for name, block in out.items():
        frame[name] = block.reshape(-1)
    return frame
