"""Worker wiring: backordered orders keep a promise their purchase orders can keep."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from opsdesk.config import Settings
from opsdesk.kernel.schedule import Job
from opsdesk.shipping.promises import keep_backorder_promises

EVERY = timedelta(minutes=15)


def backorder_promises(session: Session, now: datetime) -> None:
    keep_backorder_promises(session, now=now)


def jobs(_settings: Settings) -> list[Job]:
    # At start too: a store imported or seeded with backorders gets honest dates at once.
    return [Job("shipping.backorder_promises", EVERY, backorder_promises, at_start=True)]
