"""Forecasting speed: 10,000 weekly series, backtest (rolling origins) + forecast.

Synthetic store × department-like series (two years of history, yearly shape shared by
department, level drift, noise, some slow movers) forecast 39 weeks ahead with the fast
candidate set, against seasonal naive alone on the same panel in the same run. Prints
min / median / max wall time, peak memory and the load average.

    .venv/bin/python bench/forecast_speed.py                # --series 10000 --repeats 3
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time

import numpy as np
import pandas as pd

from opsdesk.forecasting import Settings, forecast_panel, plan_backtest


def synthetic_panel(series: int, weeks: int = 104, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    depts = 80
    shapes = 1 + 0.3 * np.sin(2 * np.pi * (np.arange(weeks)[None, :] / 52 + rng.random((depts, 1))))
    dept = rng.integers(0, depts, series)
    level = rng.lognormal(3, 1, series)[:, None] * (
        1 + rng.normal(0, 0.002, (series, 1)) * np.arange(weeks)
    )
    values = rng.poisson(np.maximum(level * shapes[dept], 0.1)).astype(np.float64)
    ids = np.array([f"{i}/{d}" for i, d in enumerate(dept)])
    ds = pd.date_range("2021-01-01", periods=weeks, freq="W-FRI")
    return pd.DataFrame(
        {"unique_id": np.repeat(ids, weeks), "ds": np.tile(ds, series), "y": values.reshape(-1)}
    )


def baseline_seconds(panel: pd.DataFrame, horizon: int) -> float:
    from statsforecast import StatsForecast
    from statsforecast.models import SeasonalNaive

    plan = plan_backtest(panel.groupby("unique_id").size().min(), horizon, 52)
    assert plan is not None
    started = time.perf_counter()
    sf = StatsForecast([SeasonalNaive(season_length=52)], freq="W-FRI", n_jobs=2)
    sf.cross_validation(h=plan.horizon, df=panel, n_windows=plan.windows, step_size=plan.step)
    sf.forecast(h=horizon, df=panel)
    return time.perf_counter() - started


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--series", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--horizon", type=int, default=39)
    parser.add_argument("--full", action="store_true", help="all candidates (ETS, Theta)")
    parser.add_argument("--country", default="US", help="holiday-aligned candidates ('none': off)")
    parser.add_argument("--weeks", type=int, default=104, help="history length")
    args = parser.parse_args()
    panel = synthetic_panel(args.series, args.weeks)
    settings = Settings(
        freq="W-FRI", season=52, n_jobs=2, chunk_size=5000, fast=not args.full,
        country=None if args.country == "none" else args.country,
    )  # fmt: skip
    times, cpu = [], []
    for _ in range(args.repeats):
        started, used = time.perf_counter(), _cpu_seconds()
        result = forecast_panel(panel, args.horizon, settings)
        times.append(time.perf_counter() - started)
        cpu.append(_cpu_seconds() - used)
    assert result.forecasts["unique_id"].nunique() == args.series
    base = baseline_seconds(panel, args.horizon)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{args.series} weekly series, {len(result.models)} candidates, horizon {args.horizon}")
    print(f"product (backtest + forecast + selection): min {min(times):.1f} s, "
          f"median {statistics.median(times):.1f} s, max {max(times):.1f} s")  # fmt: skip
    print(f"CPU seconds per run (this process + workers, user + system): median "
          f"{statistics.median(cpu):.1f} s — on 2 idle cores about half of it is wall time")  # fmt: skip
    print(f"seasonal naive alone, same panel: {base:.1f} s")
    print(f"peak RSS: main {peak:.0f} MB, largest worker {children:.0f} MB; "
          f"load average {os.getloadavg()[0]:.1f} (1 min), cores {os.cpu_count()}")  # fmt: skip


if __name__ == "__main__":
    main()
