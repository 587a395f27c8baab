"""Worker wiring: e-mail agents' replies after commit; keep SLA statuses current."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from opsdesk import notifications
from opsdesk.config import Settings
from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.schedule import Job
from opsdesk.support import outbound, sla_status


def after_commit(settings: Settings) -> dict[str, list[Callable[[Session, OutboxEvent], None]]]:
    email = notifications.build_channels(settings)["email"]

    def email_reply(session: Session, event: OutboxEvent) -> None:
        outbound.send_reply(session, int(event.payload["message_id"]), email)

    return {"TicketReplied": [email_reply]}


def refresh_sla_statuses(session: Session, now: datetime) -> None:
    """Revisit tickets whose SLA status changed with time, a bounded amount per run."""
    for _ in range(20):
        if sla_status.refresh_due(session, now) < sla_status.REFRESH_BATCH:
            return


JOBS = [Job("support.sla_refresh", timedelta(minutes=1), refresh_sla_statuses)]
