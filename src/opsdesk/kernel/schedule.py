"""Recurring jobs that several workers share without running one twice at a time.

Each job has a row; a worker runs it only after moving ``next_run_at`` forward with a
conditional UPDATE that succeeds for exactly one of any racing workers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from opsdesk.kernel.db import Base, UTCDateTime, utcnow


@dataclass(frozen=True)
class Job:
    """``run`` every ``every``; with ``at_start`` also once as each worker starts, before
    it relays any event (so such a run must be idempotent: several workers may race)."""

    name: str
    every: timedelta
    run: Callable[[Session, datetime], None]
    at_start: bool = False


class ScheduledJob(Base):
    __tablename__ = "scheduled_jobs"

    name: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    next_run_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(sa.Text, nullable=True)


def claim_if_due(session: Session, job: Job, now: datetime | None = None) -> bool:
    """True when this caller won the right to run ``job`` now (and scheduled the next run)."""
    at = now or utcnow()
    if session.get(ScheduledJob, job.name) is None:
        try:
            with session.begin_nested():
                session.add(ScheduledJob(name=job.name, next_run_at=at))
        except IntegrityError:
            pass
    result = session.execute(
        sa.update(ScheduledJob)
        .where(ScheduledJob.name == job.name, ScheduledJob.next_run_at <= at)
        .values(next_run_at=at + job.every, last_run_at=at)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def record_job_error(session: Session, name: str, error: str) -> None:
    session.execute(
        sa.update(ScheduledJob).where(ScheduledJob.name == name).values(last_error=error[:4000])
    )
