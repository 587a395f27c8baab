"""Worker wiring: the nightly forecast run.

Claimed hourly and run in the night window (01:00-05:00 UTC). The scheduler's claim
(``kernel.schedule.claim_if_due``) lets one worker of many run it, and the run is also
idempotent: a day whose weekly forecast is already stored (same history end) is skipped,
so a restart or a second claim never forecasts twice. Bounded: the fast candidate set,
one process, series in chunks. The replenishment plan follows within the hour
(``replenishment.jobs``: it sits above forecasting, so it watches for a newer run rather
than being called from here).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.forecasting.store_run import RunOptions, run_store_forecast
from opsdesk.forecasting.stored.models import ForecastRun, RunStatus
from opsdesk.kernel.schedule import Job

NIGHTLY = RunOptions(freq="W", fast=True)
# Claimed hourly; runs in the first claim inside the night window (UTC hours) of a day
# whose forecast is not stored yet.
EVERY = timedelta(hours=1)
NIGHT_HOURS = range(1, 5)


def already_forecast(session: Session, now: datetime, options: RunOptions = NIGHTLY) -> bool:
    history_end = now.date() - timedelta(days=1)
    found = session.scalar(
        sa.select(ForecastRun.id).where(
            ForecastRun.status == RunStatus.DONE,
            ForecastRun.freq == options.freq,
            ForecastRun.history_end == history_end,
        )
    )
    return found is not None


def nightly_forecast(session: Session, now: datetime) -> None:
    if now.hour not in NIGHT_HOURS or already_forecast(session, now):
        return
    run_store_forecast(session, NIGHTLY, now.date())


JOBS = [Job("forecasting.nightly", EVERY, nightly_forecast)]
