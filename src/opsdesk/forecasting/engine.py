"""Fits the candidates on a panel, backtests them and blends per series.

The shell around statsforecast: series are processed in chunks (bounded memory, a
progress callback between chunks), each chunk backtested by rolling origins and
forecast. ``OPSDESK_FORECAST_BACKEND=dask`` hands the frames to statsforecast's fugue
backend instead of its process pool; the blend is computed the same way either way.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from opsdesk.forecasting.candidates import (
    BacktestPlan,
    candidate_models,
    model_names,
    plan_backtest,
)
from opsdesk.forecasting.intervals import interval_widths, with_intervals
from opsdesk.forecasting.pooled import pooled_candidates
from opsdesk.forecasting.selection import (
    SHRINK,
    Strategy,
    blend,
    choose_weights,
    errors_for,
    shrink,
)

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Settings:
    freq: str
    season: int
    strategy: Strategy = "best"
    top_k: int = 3
    level: float = 0.9
    n_jobs: int = 1
    chunk_size: int = 2000
    backend: str = "local"
    fast: bool = False
    country: str | None = None  # market whose holidays align the seasonal lags (weekly)


@dataclass
class PanelForecast:
    """Candidate and chosen forecasts (``Forecast`` plus interval), backtest and weights."""

    forecasts: pd.DataFrame
    backtest: pd.DataFrame
    weights: pd.DataFrame
    models: list[str]


def backend_from_env() -> str:
    return os.environ.get("OPSDESK_FORECAST_BACKEND", "local").strip().lower() or "local"


def forecast_panel(
    history: pd.DataFrame, horizon: int, settings: Settings, progress: Progress | None = None
) -> PanelForecast:
    """Every series of a complete ``history`` (unique_id, ds, y; all series on the same
    dates, as ``panel.complete`` makes it) forecast ``horizon`` steps ahead."""
    length = int(history.groupby("unique_id").size().min())
    plan = plan_backtest(length, horizon, settings.season)
    pooled = pooled_candidates(history, horizon, settings.season, plan, settings.country)
    ids = history["unique_id"].unique()
    parts: list[PanelForecast] = []
    for start in range(0, len(ids), settings.chunk_size):
        chunk_ids = ids[start : start + settings.chunk_size]
        chunk = history[history["unique_id"].isin(chunk_ids)]
        parts.append(_forecast_chunk(chunk, horizon, settings, plan, pooled))
        if progress is not None:
            progress(len(chunk_ids))
    return PanelForecast(
        forecasts=pd.concat([p.forecasts for p in parts], ignore_index=True),
        backtest=pd.concat([p.backtest for p in parts], ignore_index=True),
        weights=pd.concat([p.weights for p in parts]),
        models=parts[0].models if parts else [],
    )


def _forecast_chunk(
    history: pd.DataFrame,
    horizon: int,
    settings: Settings,
    plan: BacktestPlan | None,
    pooled: tuple[pd.DataFrame, pd.DataFrame],
) -> PanelForecast:
    fit_length = int(history.groupby("unique_id").size().min()) - (plan.span if plan else 0)
    models = candidate_models(
        settings.season, with_mstl=fit_length >= 2 * settings.season + 2, fast=settings.fast
    )
    names = [*model_names(models), *(c for c in pooled[0].columns if c not in ("unique_id", "ds"))]
    forecasts = _run(history, models, settings, lambda sf, df: sf.forecast(h=horizon, df=df))
    forecasts = forecasts.merge(pooled[0], on=["unique_id", "ds"], how="left")
    if plan is None:
        weights = _baseline_weights(history["unique_id"].unique(), names)
        backtest = pd.DataFrame(columns=["unique_id", "ds", "cutoff", "y", *names, "Forecast"])
    else:
        backtest = _run(history, models, settings, lambda sf, df: _cross_validate(sf, df, plan))
        keys = ["unique_id", "ds", "cutoff"]
        backtest = backtest.merge(pooled[1].drop(columns="y"), on=keys, how="left")
        errors = shrink(errors_for(backtest, names, first_sales(history)), SHRINK)
        weights = choose_weights(errors, settings.strategy, settings.top_k)
        backtest["Forecast"] = blend(backtest, weights)
    forecasts["Forecast"] = blend(forecasts, weights)
    widths = interval_widths(backtest, settings.level) if len(backtest) else pd.Series(dtype=float)
    return PanelForecast(
        with_intervals(forecasts, widths, settings.level), backtest, weights, names
    )


def first_sales(history: pd.DataFrame) -> pd.Series:
    """Date of each series' first non-zero value (series never selling are left out)."""
    selling = history[history["y"] != 0]
    return selling.groupby("unique_id")["ds"].min()


def _baseline_weights(ids: object, names: list[str]) -> pd.DataFrame:
    """Too short to backtest: trust the plain recent average (Naive is too jumpy)."""
    weights = pd.DataFrame(0.0, index=ids, columns=names)
    weights["WindowAverage"] = 1.0
    return weights


def _cross_validate(sf: Any, df: pd.DataFrame, plan: BacktestPlan) -> pd.DataFrame:
    return sf.cross_validation(h=plan.horizon, df=df, n_windows=plan.windows, step_size=plan.step)


def _run(
    history: pd.DataFrame,
    models: list[object],
    settings: Settings,
    call: Callable[[Any, Any], pd.DataFrame],
) -> pd.DataFrame:
    from statsforecast import StatsForecast
    from statsforecast.models import Naive

    sf = StatsForecast(
        models=models, freq=settings.freq, n_jobs=settings.n_jobs, fallback_model=Naive()
    )
    if settings.backend == "local":
        out = call(sf, history)
    else:
        out = _on_backend(sf, history, settings, call)
    out = out.reset_index() if "unique_id" not in out.columns else out
    names = [c for c in out.columns if c not in ("unique_id", "ds", "cutoff", "y")]
    out[names] = out[names].astype(np.float64)
    return out.sort_values(
        ["unique_id", "ds", *(["cutoff"] if "cutoff" in out else [])]
    ).reset_index(drop=True)


def _on_backend(
    sf: object,
    history: pd.DataFrame,
    settings: Settings,
    call: Callable[[Any, Any], pd.DataFrame],
) -> pd.DataFrame:
    """Runs through fugue on a distributed engine; returns a pandas frame in float64."""
    if settings.backend != "dask":
        raise ValueError(f"unknown forecast backend {settings.backend!r} (use local or dask)")
    import dask.dataframe as dd

    frame = dd.from_pandas(history, npartitions=max(1, settings.n_jobs))
    result = call(sf, frame)
    computed = pd.DataFrame(result.compute() if hasattr(result, "compute") else result)
    computed["unique_id"] = computed["unique_id"].astype(str).astype(object)
    for column in ("ds", "cutoff"):
        if column in computed:
            computed[column] = pd.to_datetime(computed[column]).astype("datetime64[ns]")
    return computed
