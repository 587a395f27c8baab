"""Worker wiring: backordered orders keep a promise their purchase orders can keep, and
label purchases left open by a crash are attached or voided."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from opsdesk.config import Settings
from opsdesk.kernel.schedule import Job
from opsdesk.shipping.directory import default_carriers
from opsdesk.shipping.promises import keep_backorder_promises
from opsdesk.shipping.reconcile import reconcile_purchases

EVERY = timedelta(minutes=15)
RECONCILE_EVERY = timedelta(minutes=5)


def backorder_promises(session: Session, now: datetime) -> None:
    keep_backorder_promises(session, now=now)


def reconcile_labels(session: Session, now: datetime) -> None:
    """The built-in carriers' purchases; EasyPost's are settled by its adapter's job."""
    reconcile_purchases(session, default_carriers(), now=now)


def jobs(_settings: Settings) -> list[Job]:
    # At start too: a store imported or seeded with backorders gets honest dates at once.
    return [
        Job("shipping.backorder_promises", EVERY, backorder_promises, at_start=True),
        Job("shipping.reconcile_labels", RECONCILE_EVERY, reconcile_labels),
    ]
