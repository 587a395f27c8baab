"""Worker wiring for CSAT: a solved ticket gets its survey e-mail after commit."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from opsdesk.config import Settings
from opsdesk.kernel.events import OutboxEvent
from opsdesk.support import csat
from opsdesk.support.sla import TicketStatus


def after_commit(settings: Settings) -> dict[str, list[Callable[[Session, OutboxEvent], None]]]:
    def send_survey(session: Session, event: OutboxEvent) -> None:
        if event.payload.get("status") == TicketStatus.SOLVED.value:
            csat.queue_survey(session, int(event.payload["ticket_id"]), settings=settings)

    return {"TicketStatusChanged": [send_survey]}
