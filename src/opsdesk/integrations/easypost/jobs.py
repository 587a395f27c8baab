"""Worker wiring: EasyPost label purchases left open by a crash are attached or refunded
(the built-in carriers' are settled by ``opsdesk.shipping.jobs``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from opsdesk import shipping
from opsdesk.config import Settings
from opsdesk.integrations.easypost.carrier import NAME, EasyPostCarrier
from opsdesk.kernel.schedule import Job

EVERY = timedelta(minutes=5)


def jobs(settings: Settings) -> list[Job]:
    if not settings.easypost_api_key:
        return []

    def reconcile(session: Session, now: datetime) -> None:
        carrier = EasyPostCarrier.connect(
            settings.easypost_api_key,
            api_base=settings.easypost_api_base,
            timeout=settings.easypost_timeout_seconds,
        )
        shipping.reconcile_purchases(session, {NAME: carrier}, now=now)

    return [Job("easypost.reconcile_labels", EVERY, reconcile)]
