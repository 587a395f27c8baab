"""Webhook receipts: each delivery is acted on once, however often it is replayed.

The receipt row is inserted in the same transaction as the change it guards. A
concurrent replay blocks on the unique (source, webhook_id) index until the first
commits (PostgreSQL) or queues on the write lock (SQLite, ``BEGIN IMMEDIATE``), then
finds the receipt and does nothing. A delivery whose handling failed rolls back with
its receipt, so the sender's retry is processed afresh.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from opsdesk.integrations.models import WebhookReceipt
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import InvalidInput

MAX_OUTCOME = 200


def claim(session: Session, *, source: str, webhook_id: str, topic: str) -> WebhookReceipt | None:
    """Record the delivery and return its receipt, or ``None`` when it was already handled."""
    if not webhook_id or len(webhook_id) > 120:
        raise InvalidInput(
            "a webhook id of 1 to 120 characters is required", details={"field": "webhook_id"}
        )
    receipt = WebhookReceipt(
        source=source, webhook_id=webhook_id, topic=topic[:64], received_at=utcnow()
    )
    try:
        with session.begin_nested():
            session.add(receipt)
            session.flush()
    except IntegrityError:
        return None
    return receipt


def previous_outcome(session: Session, *, source: str, webhook_id: str) -> str:
    return (
        session.scalars(
            sa.select(WebhookReceipt.outcome).where(
                WebhookReceipt.source == source, WebhookReceipt.webhook_id == webhook_id
            )
        ).one_or_none()
        or ""
    )


def note(receipt: WebhookReceipt, outcome: str) -> None:
    receipt.outcome = outcome[:MAX_OUTCOME]
