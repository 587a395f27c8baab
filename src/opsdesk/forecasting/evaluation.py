"""``opsdesk eval forecast``: every candidate and the product's forecast on a held-out
period, scored against seasonal naive in the same run.

The selection strategies are all derived from the same backtest, so the report also
shows how the alternatives (best single model per series, blends of the top k, one
global model) would have done — which is how the default was chosen.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from opsdesk.forecasting.candidates import BASELINE, SEASON_BY_FREQ
from opsdesk.forecasting.engine import (
    PanelForecast,
    Progress,
    Settings,
    first_sales,
    forecast_panel,
)
from opsdesk.forecasting.metrics import mae, rmsse, series_scales, wmae
from opsdesk.forecasting.panel import complete, frequency, horizon_to
from opsdesk.forecasting.selection import (
    SHRINK,
    backtest_errors,
    blend,
    choose_weights,
    errors_for,
    shrink,
)

TRUTHY = {"1", "true", "yes", "y", "t"}


@dataclass(frozen=True)
class Score:
    name: str
    mae: float
    rmsse: float
    wmae: float | None
    ratio: float


@dataclass
class ForecastReport:
    series: int
    unseen_series: int
    horizon: int
    freq: str
    rows: int
    seconds: float
    coverage: float
    level: float
    product: str
    scores: list[Score] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def weights_from(column: pd.Series | None, value: float, rows: int) -> np.ndarray | None:
    """Weight ``value`` where the weight column is truthy (True/1/yes), else one."""
    if column is None:
        return None
    flags = column.astype(str).str.strip().str.lower().isin(TRUTHY).to_numpy()
    return np.where(flags, value, 1.0)[:rows]


def evaluate(
    train: pd.DataFrame,
    test: pd.DataFrame,
    settings: Settings,
    weight_value: float = 5.0,
    progress: Progress | None = None,
) -> ForecastReport:
    started = time.perf_counter()
    history = complete(train[["unique_id", "ds", "y"]], settings.freq)
    horizon = horizon_to(history["ds"].max(), test["ds"].max(), settings.freq)
    panel = forecast_panel(history, horizon, settings, progress)
    scored = _line_up(test, panel)
    seconds = time.perf_counter() - started
    weights = weights_from(test.get("weight"), weight_value, len(test))
    columns = _strategy_columns(scored, panel, settings, first_sales(history))
    scales = series_scales(history)
    base = _score_one(scored, BASELINE, weights, scales, None)
    scores = [_score_one(scored, c, weights, scales, base) for c in [*panel.models, *columns]]
    pct = round(settings.level * 100)
    inside = (scored["y"] >= scored[f"lo-{pct}"]) & (scored["y"] <= scored[f"hi-{pct}"])
    return ForecastReport(
        series=int(test["unique_id"].nunique()),
        unseen_series=int(
            (~test["unique_id"].isin(history["unique_id"])).groupby(test["unique_id"]).all().sum()
        ),
        horizon=horizon,
        freq=settings.freq,
        rows=len(test),
        seconds=round(seconds, 2),
        coverage=round(float(inside.mean()), 4),
        level=settings.level,
        product=_product_name(settings),
        scores=scores,
    )


def _product_name(settings: Settings) -> str:
    return (
        "Product: best per series"
        if settings.strategy == "best"
        else f"Product: blend of top {settings.top_k}"
    )


def _line_up(test: pd.DataFrame, panel: PanelForecast) -> pd.DataFrame:
    """Test rows with every forecast column; series never seen in training get zero."""
    scored = test.merge(panel.forecasts, on=["unique_id", "ds"], how="left", suffixes=("", "_f"))
    value_columns = [c for c in panel.forecasts.columns if c not in ("unique_id", "ds")]
    scored[value_columns] = scored[value_columns].fillna(0.0)
    return scored


def _strategy_columns(
    scored: pd.DataFrame, panel: PanelForecast, settings: Settings, starts: pd.Series
) -> list[str]:
    """Adds the alternatives' forecasts from the same backtest; the product's goes last."""
    scored[_product_name(settings)] = scored["Forecast"]
    if panel.backtest.empty:
        return [_product_name(settings)]
    errors = backtest_errors(panel.backtest, panel.models)
    global_best = errors.replace(np.inf, np.nan).mean().idxmin()
    scored[f"Global best ({global_best})"] = scored[global_best]
    shrunk = shrink(errors_for(panel.backtest, panel.models, starts), SHRINK)
    alternatives = {"Best per series (raw)": choose_weights(errors, "best")}
    alternatives["Blend of top 3 (raw)"] = choose_weights(errors, "blend", 3)
    alternatives["Best per series"] = choose_weights(shrunk, "best")
    for k in (2, 3, 5):
        alternatives[f"Blend of top {k}"] = choose_weights(shrunk, "blend", k)
    for name, weights in alternatives.items():
        scored[name] = blend(scored, weights).fillna(0.0)
    return [f"Global best ({global_best})", *alternatives, _product_name(settings)]


def _score_one(
    scored: pd.DataFrame,
    column: str,
    weights: np.ndarray | None,
    scales: pd.Series,
    base: Score | None,
) -> Score:
    actual, forecast = scored["y"].to_numpy(), scored[column].to_numpy()
    weighted = wmae(actual, forecast, weights) if weights is not None else None
    headline = weighted if weighted is not None else mae(actual, forecast)
    base_value = headline if base is None else base.wmae if base.wmae is not None else base.mae
    ratio = headline / base_value if base_value else float("nan")
    return Score(
        column,
        round(mae(actual, forecast), 4),
        round(rmsse(scored, column, scales), 4),
        None if weighted is None else round(weighted, 4),
        round(ratio, 4),
    )


def season_for(freq: str) -> int:
    return SEASON_BY_FREQ[freq[0]]


__all__ = ["ForecastReport", "Score", "evaluate", "frequency", "season_for"]
