"""``opsdesk forecast run`` and the nightly job: the store's demand history forecast per
SKU x warehouse, rolled up coherently per SKU, category and store, and stored as one run.

The run and its rows go into the caller's transaction and are marked done at the end;
a failure marks the run failed and re-raises, so the caller's rollback leaves nothing
(readers only ever see finished runs).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from opsdesk.forecasting import demand
from opsdesk.forecasting.candidates import SEASON_BY_FREQ, plan_backtest
from opsdesk.forecasting.engine import PanelForecast, Settings, backend_from_env, forecast_panel
from opsdesk.forecasting.history import StoreHistory, store_history
from opsdesk.forecasting.market_holidays import holiday_weeks, known_market
from opsdesk.forecasting.panel import frequency
from opsdesk.forecasting.rollup import LevelFrames, SeriesSummary, aggregate, summarise
from opsdesk.forecasting.slow_movers import RATE_MODEL, use_rate_for_zero_forecasts
from opsdesk.forecasting.stored import SeriesLevel, finish_run, save_series, start_run

Stage = Callable[[str, int, int], None]
DEFAULT_HORIZON = {"W": 13, "D": 28}
BOTTOM_UP = "bottom-up"
SHORT_WEEKLY_SEASON = 4


@dataclass(frozen=True)
class RunOptions:
    freq: str = "W"
    horizon: int | None = None
    fast: bool = False
    level: float = 0.9
    n_jobs: int = 1
    as_of: date | None = None

    def steps(self) -> int:
        return self.horizon or DEFAULT_HORIZON[self.freq]


@dataclass
class RunSummary:
    run_id: int
    freq: str
    horizon: int
    history_end: date
    series: int
    stored: int
    seconds: float
    stockout_periods: int
    holidays: dict[str, str] = field(default_factory=dict)
    models: dict[str, int] = field(default_factory=dict)


def run_store_forecast(
    session: Session, options: RunOptions, as_of: date, stage: Stage | None = None
) -> RunSummary:
    """Reads the history, forecasts, reconciles and stores one finished run."""
    started = time.perf_counter()
    report = stage or (lambda _name, _done, _total: None)
    report("reading demand", 0, 1)
    history = store_history(session, options.freq, as_of)
    report("reading demand", 1, 1)
    run = start_run(
        session, freq=options.freq, horizon=options.steps(), history_end=history.history_end,
        interval_level=options.level, backend=backend_from_env(),
    )  # fmt: skip
    try:
        rows, chosen = _forecast_rows(session, history, options, report)
    except Exception as exc:
        finish_run(session, run, wall_seconds=time.perf_counter() - started, error=repr(exc))
        raise
    report("storing", 0, len(rows))
    for start in range(0, len(rows), 500):
        save_series(session, run, rows[start : start + 500])
        report("storing", min(start + 500, len(rows)), len(rows))
    seconds = time.perf_counter() - started
    finish_run(session, run, wall_seconds=seconds)
    countries = sorted(set(demand.warehouse_countries(session).values()) - {""})
    return RunSummary(
        run_id=run.id, freq=options.freq, horizon=options.steps(),
        history_end=history.history_end, series=history.fit["unique_id"].nunique(),
        stored=len(rows), seconds=round(seconds, 2),
        stockout_periods=int(history.periods["stockout"].sum()),
        holidays=_horizon_holidays(history.history_end, options, countries),
        models=pd.Series(list(chosen.values()), dtype=object).value_counts().to_dict(),
    )  # fmt: skip


def _forecast_rows(
    session: Session, history: StoreHistory, options: RunOptions, report: Stage
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    if history.fit.empty:
        return [], {}
    markets = sorted({c for c in demand.warehouse_countries(session).values() if c})
    markets = [c for c in markets if known_market(c)]
    # one market: its holidays align the seasonal lags; several: the plain 52-week lag
    panel = _forecast(history.fit, options, report, markets[0] if len(markets) == 1 else None)
    chosen = chosen_models(panel)
    recent = DEFAULT_HORIZON[options.freq]
    for uid in use_rate_for_zero_forecasts(panel, history.fit, recent):
        chosen[uid] = RATE_MODEL
    base = _base_frames(panel, history.fit)
    ids = base.forecasts["unique_id"].unique().tolist()
    keys = {uid: demand.parse_id(uid) for uid in ids}
    category = demand.categories(session, sorted({v for v, _ in keys.values()}))
    first = demand.first_period(history.history_end, options.freq)
    stockouts = history.stockout_periods()
    rows: list[dict[str, Any]] = []
    for uid, summary in summarise(base, options.level).items():
        variant, warehouse = keys[uid]
        extra = {"stockout_periods": stockouts.get(uid, [])}
        rows.append(_row(SeriesLevel.SKU_WAREHOUSE, summary, first, chosen[uid], variant,
                         warehouse, None, extra))  # fmt: skip
    levels = {
        SeriesLevel.SKU: {u: str(keys[u][0]) for u in ids},
        SeriesLevel.CATEGORY: {u: category.get(keys[u][0], "") for u in ids},
        SeriesLevel.STORE: dict.fromkeys(ids, "store"),
    }
    for level, group in levels.items():
        for key, summary in summarise(aggregate(base, group), options.level).items():
            variant_id = int(key) if level == SeriesLevel.SKU else None
            cat = key if level == SeriesLevel.CATEGORY else None
            rows.append(_row(level, summary, first, BOTTOM_UP, variant_id, None, cat, {}))
    return rows, chosen


def _forecast(
    fit: pd.DataFrame, options: RunOptions, report: Stage, country: str | None = None
) -> PanelForecast:
    pandas_freq = frequency(fit["ds"], options.freq)
    settings = Settings(
        freq=pandas_freq, season=season_for_history(fit, options), level=options.level,
        n_jobs=options.n_jobs, chunk_size=1000, backend=backend_from_env(), fast=options.fast,
        country=country,
    )  # fmt: skip
    total = int(fit["unique_id"].nunique())
    done = [0]

    def advance(n: int) -> None:
        done[0] += n
        report("forecasting", done[0], total)

    report("forecasting", 0, total)
    return forecast_panel(fit, options.steps(), settings, progress=advance)


def season_for_history(fit: pd.DataFrame, options: RunOptions) -> int:
    """The yearly season for weeks when the history can backtest it, else a four-week
    cycle: a young store still gets backtested model choice and intervals."""
    season = SEASON_BY_FREQ[options.freq]
    length = int(fit.groupby("unique_id").size().min())
    if plan_backtest(length, options.steps(), season) is None and options.freq == "W":
        return SHORT_WEEKLY_SEASON
    return season


def _base_frames(panel: PanelForecast, fit: pd.DataFrame) -> LevelFrames:
    forecasts = panel.forecasts[["unique_id", "ds", "Forecast"]].copy()
    forecasts["Forecast"] = forecasts["Forecast"].clip(lower=0.0)
    columns = ["unique_id", "ds", "cutoff", "y", "Forecast"]
    backtest = (
        panel.backtest[columns].copy() if len(panel.backtest) else pd.DataFrame(columns=columns)
    )
    return LevelFrames(forecasts=forecasts, backtest=backtest, train=fit)


def chosen_models(panel: PanelForecast) -> dict[str, str]:
    """The model each base series uses: the one with all the weight, or a blend's parts."""
    out: dict[str, str] = {}
    for uid, weights in panel.weights.iterrows():
        used = weights[weights > 0].sort_values(ascending=False)
        out[str(uid)] = used.index[0] if len(used) == 1 else "+".join(used.index[:3])
    return out


def _row(
    level: SeriesLevel,
    summary: SeriesSummary,
    first: date,
    model: str,
    variant_id: int | None,
    warehouse_id: int | None,
    category: str | None,
    extra: dict[str, Any],
) -> dict[str, Any]:
    return {
        "level": level, "variant_id": variant_id, "warehouse_id": warehouse_id,
        "category": category, "first_period": first, "model": model[:64],
        "backtest_mae": summary.backtest_mae, "backtest_rmsse": summary.backtest_rmsse,
        "error_sd": summary.error_sd, "mean": summary.mean, "lower": summary.lower,
        "upper": summary.upper, "stockout_periods": extra.get("stockout_periods", []),
        "horizon_total": round(sum(summary.mean), 4),
    }  # fmt: skip


def _horizon_holidays(
    history_end: date, options: RunOptions, countries: list[str]
) -> dict[str, str]:
    """Public holidays falling in the forecast periods, per warehouse market (flagged for
    people reading the forecast; no candidate model takes them as a regressor)."""
    first = demand.first_period(history_end, options.freq)
    step = "D" if options.freq == "D" else "7D"
    periods = list(pd.date_range(first, periods=options.steps(), freq=step))
    found: dict[str, str] = {}
    for country in countries:
        try:
            marked = holiday_weeks(periods, country, options.freq)
        except NotImplementedError:
            continue
        for end, names in marked.items():
            key = end.date().isoformat()
            found[key] = "; ".join(filter(None, [found.get(key, ""), f"{country}: {names}"]))
    return dict(sorted(found.items()))
