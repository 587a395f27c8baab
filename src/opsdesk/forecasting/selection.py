"""Per-series choice among the candidates from their rolling-origin backtest errors.

Pure pandas: frames in (statsforecast's layout, ``unique_id`` / ``ds`` / one column per
model), weights and blended forecasts out. Two strategies, measured against each other
in ``docs/forecasting.md``: the single best model per series, and an inverse-error
weighted blend of the per-series top ``k`` (blends transfer better when the backtest is
short and noisy, because one lucky window cannot crown a poor model alone).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

Strategy = Literal["best", "blend"]
SHRINK = 1.0


def backtest_errors(cv: pd.DataFrame, models: list[str]) -> pd.DataFrame:
    """Mean absolute backtest error per series (rows) and model (columns)."""
    errors = cv[models].sub(cv["y"], axis=0).abs()
    errors["unique_id"] = cv["unique_id"].to_numpy()
    out = errors.groupby("unique_id", sort=True)[models].mean()
    return out.fillna(np.inf)


def errors_for(cv: pd.DataFrame, models: list[str], starts: pd.Series) -> pd.DataFrame:
    """Backtest errors on the judged rows, one row per series of ``cv`` (NaN: not judged)."""
    ids = pd.Index(sorted(cv["unique_id"].unique()), name="unique_id")
    judged = judged_rows(cv, starts)
    if judged.empty:
        return pd.DataFrame(np.nan, index=ids, columns=models)
    return backtest_errors(judged, models).reindex(ids)


def shrink(errors: pd.DataFrame, strength: float = 1.0) -> pd.DataFrame:
    """Pulls each series' errors toward the panel-wide ranking of the models.

    One 39-week backtest window is a noisy judge of a single series: errors relative to
    the series' median are averaged over all series and added back (``strength`` times),
    so a model must beat the panel's favourite clearly on a series to be chosen there.
    """
    finite = errors.replace(np.inf, np.nan)
    scale = finite.median(axis=1).replace(0, np.nan)
    relative = finite.div(scale, axis=0)
    panel = relative.mean(axis=0)
    shrunk = (relative + strength * panel).mul(scale.fillna(1.0), axis=0)
    shrunk = shrunk.where(finite.notna() & scale.notna().to_numpy()[:, None], errors)
    unjudged = finite.isna().all(axis=1).to_numpy()
    shrunk.loc[unjudged] = panel.to_numpy()[None, :]  # no backtest of its own: the panel's
    return shrunk.fillna(np.inf)


def judged_rows(cv: pd.DataFrame, starts: pd.Series) -> pd.DataFrame:
    """Backtest rows whose origin is on or after the series' first sale (``starts``: date
    per series). A backtest from before a series existed judges nothing but zeros; a
    series left with no rows is then chosen for by the panel's ranking (:func:`shrink`).
    """
    first = cv["unique_id"].map(starts)
    return cv[first.isna() | (cv["cutoff"] >= first)]


def choose_weights(errors: pd.DataFrame, strategy: Strategy = "blend", k: int = 3) -> pd.DataFrame:
    """Weights per series and model summing to one; ties keep the earlier column."""
    values = errors.to_numpy(dtype=float)
    order = np.argsort(values, axis=1, kind="stable")
    weights = np.zeros_like(values)
    rows = np.arange(len(values))[:, None]
    if strategy == "best":
        weights[rows[:, 0], order[:, 0]] = 1.0
    else:
        top = order[:, :k]
        inverse = 1.0 / np.maximum(values[rows, top], 1e-9)
        inverse[~np.isfinite(values[rows, top])] = 0.0
        weights[rows, top] = inverse
        total = weights.sum(axis=1, keepdims=True)
        weights = np.where(total > 0, weights / np.where(total > 0, total, 1), 0.0)
        weights[total[:, 0] == 0, 0] = 1.0
    return pd.DataFrame(weights, index=errors.index, columns=errors.columns)


def blend(forecasts: pd.DataFrame, weights: pd.DataFrame) -> pd.Series:
    """The weighted forecast per row; series without weights fall back to the first column."""
    models = list(weights.columns)
    w = weights.reindex(forecasts["unique_id"].to_numpy())
    missing = w.isna().all(axis=1).to_numpy()
    w = w.fillna(0.0).to_numpy()
    w[missing, 0] = 1.0
    values = np.nan_to_num(forecasts[models].to_numpy(dtype=float))
    return pd.Series((values * w).sum(axis=1), index=forecasts.index, name="Forecast")


def chosen_model(weights: pd.DataFrame) -> pd.Series:
    """The model with the largest weight per series (what a screen shows as "model")."""
    return weights.idxmax(axis=1)
