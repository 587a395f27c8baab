"""Accuracy measures: MAE, RMSSE (M5's scale-free error) and WMAE (weighted MAE).

Series scores are averaged without weights, as in M5's unweighted RMSSE; WMAE weights
rows (holiday weeks count five times in the classic retail setting).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def mae(actual: np.ndarray, forecast: np.ndarray) -> float:
    return float(np.mean(np.abs(actual - forecast))) if len(actual) else float("nan")


def wmae(actual: np.ndarray, forecast: np.ndarray, weights: np.ndarray) -> float:
    total = float(np.sum(weights))
    return float(np.sum(weights * np.abs(actual - forecast)) / total) if total else float("nan")


def series_scales(train: pd.DataFrame) -> pd.Series:
    """Mean squared one-step naive difference of each training series (RMSSE's scale)."""
    ordered = train.sort_values(["unique_id", "ds"])
    diffs = ordered.groupby("unique_id", sort=False)["y"].diff()
    return (diffs**2).groupby(ordered["unique_id"]).mean()


def rmsse(scored: pd.DataFrame, column: str, scales: pd.Series) -> float:
    """Mean over series of sqrt(MSE / scale); flat training series are left out."""
    squared = (scored["y"] - scored[column]) ** 2
    mse = squared.groupby(scored["unique_id"]).mean()
    scale = scales.reindex(mse.index)
    usable = scale.notna() & (scale > 0)
    if not usable.any():
        return float("nan")
    return float(np.sqrt(mse[usable] / scale[usable]).mean())
