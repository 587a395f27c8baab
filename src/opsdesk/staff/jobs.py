"""Worker jobs for staff accounts."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from opsdesk.kernel.schedule import Job
from opsdesk.staff import sessions


def prune_sessions(session: Session, now: datetime) -> None:
    sessions.prune_sessions(session, now)


JOBS = [Job("staff.prune_sessions", timedelta(hours=6), prune_sessions)]
