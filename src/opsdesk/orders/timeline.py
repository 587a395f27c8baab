"""The order timeline: an append-only story of the order that agents and customers read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.kernel import fastsql
from opsdesk.kernel.db import table_of, utcnow
from opsdesk.kernel.errors import InvalidInput, NotFound
from opsdesk.orders.models import Order, OrderEvent

MAX_KIND = 48
_INSERT_EVENTS = fastsql.InsertValues(
    table_of(OrderEvent), ("order_id", "kind", "summary", "actor", "data", "occurred_at")
)


def event_row(
    order_id: int,
    *,
    kind: str,
    summary: str,
    actor: str,
    data: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> dict[str, Any]:
    """The column values of one checked timeline entry (for bulk inserts)."""
    if not kind or len(kind) > MAX_KIND:
        raise InvalidInput(f"kind must be 1 to {MAX_KIND} characters", details={"field": "kind"})
    if not summary.strip():
        raise InvalidInput("a timeline entry needs a summary", details={"field": "summary"})
    return {
        "order_id": order_id,
        "kind": kind,
        "summary": summary.strip(),
        "actor": actor[:120] or "system",
        "data": data or {},
        "occurred_at": occurred_at or utcnow(),
    }


def new_event(
    order_id: int,
    *,
    kind: str,
    summary: str,
    actor: str,
    data: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> OrderEvent:
    row = event_row(
        order_id, kind=kind, summary=summary, actor=actor, data=data, occurred_at=occurred_at
    )
    return OrderEvent(**row)


def insert_events(session: Session, rows: list[dict[str, Any]]) -> None:
    """Append entries in one statement, without flushing the session's pending writes.

    Those (the order's status, outbox rows) then go out together at the next flush.
    """
    fastsql.insert_values(session, _INSERT_EVENTS, rows)


def add_timeline_event(
    session: Session,
    order_id: int,
    *,
    kind: str,
    summary: str,
    actor: str,
    data: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> OrderEvent:
    """Append one entry to the order's timeline (other modules call this too).

    ``kind`` is a short machine name (``shipment.delayed``), ``summary`` one sentence a
    person reads ("Shipped 2 parcels with DHL"). Entries are never edited afterwards.
    """
    if session.scalar(sa.select(Order.id).where(Order.id == order_id)) is None:
        raise NotFound("order", order_id)
    event = new_event(
        order_id, kind=kind, summary=summary, actor=actor, data=data, occurred_at=occurred_at
    )
    session.add(event)
    return event


def timeline(session: Session, order_id: int) -> list[OrderEvent]:
    """Entries oldest first."""
    return list(
        session.scalars(
            sa.select(OrderEvent)
            .where(OrderEvent.order_id == order_id)
            .order_by(OrderEvent.occurred_at, OrderEvent.id)
        )
    )
