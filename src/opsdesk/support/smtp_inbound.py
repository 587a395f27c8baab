"""An SMTP listener (aiosmtpd) that files every message it receives as ticket mail.

Each message is stored in its own transaction through ``inbound.receive_email`` — the
same path as ``POST /api/v1/inbound/email`` — on a worker thread, so a slow database
does not stall the SMTP conversation of other clients.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiosmtpd.controller import Controller
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.db import transaction
from opsdesk.kernel.errors import InvalidInput
from opsdesk.support import inbound
from opsdesk.support.schemas import InboundResult

log = logging.getLogger("opsdesk.smtp_inbound")
MAX_MESSAGE_BYTES = 25 * 1024 * 1024


class InboundMailHandler:
    """aiosmtpd handler: 250 once stored, 550 for a message that cannot be a ticket,
    451 (try again later) when storing failed for another reason."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self.factory = factory
        self.received: list[InboundResult] = []

    def store(self, raw: bytes) -> InboundResult:
        with transaction(self.factory) as session:
            return inbound.receive_email(session, raw)

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        data = raw if isinstance(raw, bytes) else str(raw).encode()
        try:
            result = await asyncio.to_thread(self.store, data)
        except InvalidInput as exc:
            return f"550 {exc.message}"
        except Exception:
            log.exception("could not store an incoming e-mail")
            return "451 Requested action aborted: local error, try again later"
        self.received.append(result)
        return f"250 Stored for ticket T-{result.ticket_id}"


def start_listener(
    factory: sessionmaker[Session], host: str, port: int, *, max_bytes: int = MAX_MESSAGE_BYTES
) -> Controller:
    """Start listening in a background thread; call ``stop()`` on the result to end.

    A message over ``max_bytes`` is refused by aiosmtpd with 552 as it arrives."""
    controller = Controller(
        InboundMailHandler(factory), hostname=host, port=port, data_size_limit=max_bytes
    )
    controller.start()
    return controller
