"""The store's forecast run (``opsdesk forecast run``) on an existing database, against
seasonal naive alone on the same demand history in the same invocation.

Each repeat reads the history from the database and forecasts it; the product run also
reconciles the roll-ups and stores the run (in a transaction rolled back afterwards, so
the database is left as it was). Prints min / median / max seconds, peak memory, load.

    OPSDESK_DATABASE_URL=sqlite:////tmp/demo.db .venv/bin/python bench/forecast_store_run.py \
        --as-of 2026-12-07 [--freq W] [--full] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from opsdesk.forecasting.history import store_history
from opsdesk.forecasting.store_run import RunOptions, run_store_forecast
from opsdesk.kernel.db import make_engine
from opsdesk.registry import session_factory


def _baseline(session: Session, options: RunOptions, as_of: date) -> None:
    from statsforecast import StatsForecast
    from statsforecast.models import SeasonalNaive

    fit = store_history(session, options.freq, as_of).fit
    season = 52 if options.freq == "W" else 7
    freq = f"W-{fit['ds'].iloc[0].day_name()[:3].upper()}" if options.freq == "W" else "D"
    StatsForecast(models=[SeasonalNaive(season_length=season)], freq=freq).forecast(
        h=options.steps(), df=fit
    )


def _timed(
    factory: Callable[[], Session], work: Callable[[Session], object], repeats: int
) -> list[float]:
    seconds = []
    for _ in range(repeats):
        with factory() as session:
            started = time.perf_counter()
            work(session)
            seconds.append(time.perf_counter() - started)
            session.rollback()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--as-of", type=date.fromisoformat, required=True)
    parser.add_argument("--freq", default="W", choices=["W", "D"])
    parser.add_argument("--full", action="store_true", help="all candidates (default: --fast)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    options = RunOptions(freq=args.freq, fast=not args.full)
    factory = session_factory(make_engine(os.environ["OPSDESK_DATABASE_URL"]))
    base = _timed(factory, lambda s: _baseline(s, options, args.as_of), args.repeats)
    product = _timed(factory, lambda s: run_store_forecast(s, options, args.as_of), args.repeats)
    for name, runs in (("seasonal naive alone", base), ("forecast run", product)):
        print(f"{name}: min {min(runs):.1f} s, median {statistics.median(runs):.1f} s, "
              f"max {max(runs):.1f} s")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MB; load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
