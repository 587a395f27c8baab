"""Coherent roll-ups: SKU x warehouse forecasts summed into SKU, category and store.

Bottom-up reconciliation: every aggregate's mean path is the sum of its children's, so
the levels always agree (a SKU's forecast is exactly its warehouses' total). Each level's
interval and backtest error are measured on that level's own summed backtest (the
children's chosen forecasts against the children's summed actuals), not by adding
bounds, which would ignore that warehouses' errors partly cancel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from opsdesk.forecasting.intervals import interval_widths
from opsdesk.forecasting.metrics import series_scales

Grouping = Callable[[str], str]


@dataclass(frozen=True)
class LevelFrames:
    """One level's forecasts, backtest and training history in statsforecast's layout."""

    forecasts: pd.DataFrame  # unique_id, ds, Forecast
    backtest: pd.DataFrame  # unique_id, ds, cutoff, y, Forecast
    train: pd.DataFrame  # unique_id, ds, y


def aggregate(base: LevelFrames, group: Mapping[str, str]) -> LevelFrames:
    """Sums base series into the groups ``group`` maps them to (ids not in it drop)."""

    def summed(frame: pd.DataFrame, keys: list[str], values: list[str]) -> pd.DataFrame:
        mapped = frame.assign(unique_id=frame["unique_id"].map(group))
        mapped = mapped[mapped["unique_id"].notna()]
        return mapped.groupby(["unique_id", *keys], as_index=False)[values].sum()

    return LevelFrames(
        forecasts=summed(base.forecasts, ["ds"], ["Forecast"]),
        backtest=summed(base.backtest, ["ds", "cutoff"], ["y", "Forecast"]),
        train=summed(base.train, ["ds"], ["y"]),
    )


@dataclass(frozen=True)
class SeriesSummary:
    mean: list[float]
    lower: list[float]
    upper: list[float]
    backtest_mae: float | None
    backtest_rmsse: float | None
    error_sd: float | None


def summarise(frames: LevelFrames, level: float) -> dict[str, SeriesSummary]:
    """Mean path, conformal interval (lower clipped at zero) and backtest accuracy per
    series of one level."""
    bt = frames.backtest
    errors = bt["y"] - bt["Forecast"]
    by_id = errors.groupby(bt["unique_id"])
    mae = by_id.apply(lambda e: float(np.mean(np.abs(e))))
    sd = by_id.std(ddof=1)
    mse = (errors**2).groupby(bt["unique_id"]).mean()
    scales = series_scales(frames.train)
    rmsse = np.sqrt(mse / scales.reindex(mse.index).replace(0.0, np.nan))
    widths = interval_widths(bt, level) if len(bt) else pd.Series(dtype=float)
    out: dict[str, SeriesSummary] = {}
    ordered = frames.forecasts.sort_values(["unique_id", "ds"])
    for uid, part in ordered.groupby("unique_id", sort=False):
        key = str(uid)
        mean = part["Forecast"].to_numpy(dtype=float)
        width = float(widths.get(key, 0.0))
        out[key] = SeriesSummary(
            mean=[round(float(v), 4) for v in mean],
            lower=[round(max(float(v) - width, 0.0), 4) for v in mean],
            upper=[round(float(v) + width, 4) for v in mean],
            backtest_mae=_finite(mae.get(key)),
            backtest_rmsse=_finite(rmsse.get(key)),
            error_sd=_finite(sd.get(key)),
        )
    return out


def _finite(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return round(number, 4) if np.isfinite(number) else None
