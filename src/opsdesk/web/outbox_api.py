"""Admins see the outbox: what is pending, what failed, and can requeue parked events."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict

from opsdesk.kernel import outbox
from opsdesk.kernel.errors import Conflict, NotFound
from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.http import DB, Principal, Role, require

router = APIRouter(prefix="/admin/outbox", tags=["admin"])
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]


class OutboxState(enum.StrEnum):
    PENDING = "pending"
    PARKED = "parked"
    PROCESSED = "processed"


class OutboxEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    aggregate_type: str
    aggregate_id: str
    payload: dict[str, Any]
    occurred_at: datetime
    attempts: int
    available_at: datetime
    parked_at: datetime | None
    processed_at: datetime | None
    last_error: str | None


_STATE_FILTERS = {
    OutboxState.PENDING: sa.and_(
        OutboxEvent.processed_at.is_(None), OutboxEvent.parked_at.is_(None)
    ),
    OutboxState.PARKED: OutboxEvent.parked_at.is_not(None),
    OutboxState.PROCESSED: OutboxEvent.processed_at.is_not(None),
}


@router.get("", response_model=list[OutboxEventRead])
def list_outbox_events(
    session: DB,
    _admin: Admin,
    state: OutboxState = OutboxState.PARKED,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[OutboxEventRead]:
    rows = session.scalars(
        sa.select(OutboxEvent)
        .where(_STATE_FILTERS[state])
        .order_by(OutboxEvent.id.desc())
        .limit(limit)
    )
    return [OutboxEventRead.model_validate(row) for row in rows]


@router.post("/{event_id}/requeue", response_model=OutboxEventRead)
def requeue_outbox_event(event_id: int, session: DB, _admin: Admin) -> OutboxEventRead:
    event = session.get(OutboxEvent, event_id)
    if event is None:
        raise NotFound("outbox event", event_id)
    if not outbox.requeue_parked(session, event_id):
        raise Conflict(f"outbox event {event_id} is not parked")
    session.refresh(event)
    return OutboxEventRead.model_validate(event)
