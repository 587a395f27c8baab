"""Worker jobs that keep the kernel's own tables small."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from opsdesk.kernel import throttle
from opsdesk.kernel.schedule import Job


def prune_throttle(session: Session, now: datetime) -> None:
    throttle.prune(session, now)


JOBS = [Job("kernel.prune_throttle", timedelta(hours=1), prune_throttle)]
