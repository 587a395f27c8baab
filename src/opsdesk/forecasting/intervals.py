"""Prediction intervals by split conformal prediction on the backtest errors.

Safety stock needs the spread of the *chosen* forecast, not of one model, so the
interval is built from the blended forecast's own rolling-origin errors: per series the
conformal quantile of absolute errors, widened to the pooled quantile of all series'
relative errors when a series has too few backtest points to estimate its own.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

MIN_POINTS = 8


def conformal_quantile(errors: np.ndarray, level: float) -> float:
    """The finite-sample conformal quantile: the ceil((n + 1) * level)-th smallest error."""
    n = len(errors)
    if n == 0:
        return float("nan")
    rank = min(n, math.ceil((n + 1) * level))
    return float(np.sort(errors)[rank - 1])


def interval_widths(backtest: pd.DataFrame, level: float) -> pd.Series:
    """Half-width per series from columns ``unique_id``, ``y`` and ``Forecast``."""
    errors = (backtest["y"] - backtest["Forecast"]).abs()
    grouped = errors.groupby(backtest["unique_id"])
    widths = grouped.apply(lambda e: conformal_quantile(e.to_numpy(), level))
    counts = grouped.size()
    scale = backtest["y"].abs().groupby(backtest["unique_id"]).mean()
    relative = (errors / backtest["unique_id"].map(scale).replace(0, np.nan)).dropna()
    pooled = conformal_quantile(relative.to_numpy(), level) if len(relative) else 0.0
    fallback = scale * pooled
    return widths.where(counts >= MIN_POINTS, np.maximum(widths, fallback)).fillna(0.0)


def with_intervals(forecast: pd.DataFrame, widths: pd.Series, level: float) -> pd.DataFrame:
    """Adds ``lo-<level>`` / ``hi-<level>`` around ``Forecast`` (demand is never negative
    in the product, but the lower bound is left as is: callers clip where they need to)."""
    pct = round(level * 100)
    width = forecast["unique_id"].map(widths).fillna(0.0).to_numpy()
    out = forecast.copy()
    out[f"lo-{pct}"] = out["Forecast"] - width
    out[f"hi-{pct}"] = out["Forecast"] + width
    return out
