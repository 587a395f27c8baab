"""The delivery log: each delivery with the state its outbox job is in."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.kernel.events import OutboxEvent
from opsdesk.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription

PAGE = 50


class DeliveryState(enum.StrEnum):
    QUEUED = "queued"
    RETRYING = "retrying"  # failed at least once, will be tried again (with backoff)
    PARKED = "parked"  # failed every retry: replay it after the receiver is fixed
    DELIVERED = "delivered"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class DeliveryView:
    id: int
    subscription_id: int
    url: str
    topic: str
    event_id: str
    state: DeliveryState
    attempts: int
    response_code: int | None
    latency_ms: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    created_at: datetime
    delivered_at: datetime | None
    replay_of_id: int | None


_D, _J = WebhookDelivery, OutboxEvent
_PENDING = _D.status == DeliveryStatus.PENDING
_FILTERS: dict[DeliveryState, Any] = {
    DeliveryState.DELIVERED: _D.status == DeliveryStatus.DELIVERED,
    DeliveryState.SKIPPED: _D.status == DeliveryStatus.SKIPPED,
    DeliveryState.PARKED: sa.and_(_PENDING, _J.parked_at.is_not(None)),
    DeliveryState.RETRYING: sa.and_(_PENDING, _J.parked_at.is_(None), _J.attempts > 0),
    DeliveryState.QUEUED: sa.and_(
        _PENDING, _J.parked_at.is_(None), sa.func.coalesce(_J.attempts, 0) == 0
    ),
}


def _state(row: Any) -> DeliveryState:
    if row.status is not DeliveryStatus.PENDING:
        return DeliveryState(row.status.value)
    if row.parked_at is not None:
        return DeliveryState.PARKED
    return DeliveryState.RETRYING if (row.job_attempts or 0) > 0 else DeliveryState.QUEUED


def delivery_log(
    session: Session,
    *,
    subscription_id: int | None = None,
    state: DeliveryState | None = None,
    before_id: int | None = None,
    limit: int = PAGE,
) -> list[DeliveryView]:
    """Newest first, ``limit`` at a time (keyset on id: pass the last id as ``before_id``)."""
    stmt = (
        sa.select(
            _D,
            WebhookSubscription.url,
            _J.attempts.label("job_attempts"),
            _J.parked_at,
            _J.last_error,
            _J.available_at,
            _J.processed_at,
        )
        .join(WebhookSubscription, WebhookSubscription.id == _D.subscription_id)
        .outerjoin(_J, _J.event_id == _D.job_event_id)
        .order_by(_D.id.desc())
        .limit(limit)
    )
    if subscription_id is not None:
        stmt = stmt.where(_D.subscription_id == subscription_id)
    if state is not None:
        stmt = stmt.where(_FILTERS[state])
    if before_id is not None:
        stmt = stmt.where(_D.id < before_id)
    return [_view(row) for row in session.execute(stmt)]


def _view(row: Any) -> DeliveryView:
    d: WebhookDelivery = row.WebhookDelivery
    row_state = _state(_Row(d.status, row.parked_at, row.job_attempts))
    waiting = row_state in (DeliveryState.QUEUED, DeliveryState.RETRYING)
    return DeliveryView(
        id=d.id, subscription_id=d.subscription_id, url=row.url, topic=d.topic,
        event_id=d.event_id, state=row_state,
        attempts=d.attempts if d.status is DeliveryStatus.DELIVERED else (row.job_attempts or 0),
        response_code=d.response_code, latency_ms=d.latency_ms,
        last_error=None if d.status is DeliveryStatus.DELIVERED else row.last_error,
        next_attempt_at=row.available_at if waiting else None, created_at=d.created_at,
        delivered_at=d.delivered_at, replay_of_id=d.replay_of_id,
    )  # fmt: skip


@dataclass(frozen=True)
class _Row:
    status: DeliveryStatus
    parked_at: datetime | None
    job_attempts: int | None
