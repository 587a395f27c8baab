"""Worker wiring: the daily demand rollup, brought up to date every quarter hour.

Cheap when nothing changed (two indexed reads and a scan of recently changed
reservations); idempotent and serialised by its own lock, so the scheduler's claim and
a manual ``opsdesk demand-rollup`` can overlap safely.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from opsdesk.kernel.schedule import Job
from opsdesk.orders.demand import roll_up_demand


def roll_demand(session: Session, now: datetime) -> None:
    roll_up_demand(session, now)


JOBS = [Job("orders.demand_rollup", timedelta(minutes=15), roll_demand)]
