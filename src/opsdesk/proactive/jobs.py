"""Worker wiring: the scheduled delay-risk scan and the nightly retraining."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from opsdesk.config import Settings
from opsdesk.kernel.schedule import Job
from opsdesk.proactive.risk.scan import iter_scan
from opsdesk.proactive.risk.store import retrain

SCAN_EVERY = timedelta(minutes=15)
RETRAIN_EVERY = timedelta(days=1)


def scan_job(session: Session, now: datetime) -> None:
    for _batch in iter_scan(session, now):
        pass  # each batch is stored (and its crossings recorded) before it is yielded


def retrain_job(session: Session, now: datetime) -> None:
    retrain(session, now)


def jobs(settings: Settings) -> list[Job]:
    return [
        Job("proactive.delay_risk_retrain", RETRAIN_EVERY, retrain_job),
        Job("proactive.delay_risk_scan", SCAN_EVERY, scan_job),
    ]
