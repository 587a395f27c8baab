"""Worker wiring: the stored plan follows the nightly forecast.

Claimed hourly. A new plan is stored when the latest finished one is from an earlier day
or was started before the latest forecast run finished — so the plan
is recomputed once a day, and again within the hour after the nightly forecast
(``forecasting.jobs``) finishes. The forecasting layer cannot call replenishment (it sits
below it), hence this job of its own rather than a call at the end of the forecast.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from opsdesk.forecasting import stored
from opsdesk.kernel.schedule import Job
from opsdesk.replenishment import plan_reads, plans

EVERY = timedelta(hours=1)


def plan_is_stale(session: Session, now: datetime) -> bool:
    latest = plan_reads.latest_run(session)
    if latest is None or latest.plan_date < now.date():
        return True
    forecast = stored.latest_run(session)
    finished = forecast.finished_at if forecast is not None else None
    return finished is not None and latest.started_at < finished


def nightly_plan(session: Session, now: datetime) -> None:
    if plan_is_stale(session, now):
        plans.store_plan(session, today=now.date(), requested_by="nightly", now=now)


JOBS = [Job("replenishment.plan", EVERY, nightly_plan)]
