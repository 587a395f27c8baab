"""Domain events and the transactional outbox.

A service that changes state calls :func:`record` in the same transaction; the row
commits or rolls back with the change. The worker (see ``opsdesk.worker``) relays
committed rows to handlers, so nothing is sent for a change that never happened and
nothing is lost when a process dies between commit and send.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, ClassVar

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Mapped, Session, mapped_column

from opsdesk.kernel import fastsql, request_id
from opsdesk.kernel.db import Base, BigIntPK, JSONType, UTCDateTime, table_of, utcnow


class DomainEvent(BaseModel):
    """Something that happened, named in the past tense (``OrderPlaced``)."""

    model_config = ConfigDict(frozen=True)

    name: ClassVar[str]
    aggregate_type: ClassVar[str]

    def aggregate_id(self) -> str:
        raise NotImplementedError


class OutboxEvent(Base):
    __tablename__ = "outbox_events"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(sa.String(36), unique=True)
    name: Mapped[str] = mapped_column(sa.String(64), index=True)
    aggregate_type: Mapped[str] = mapped_column(sa.String(32))
    aggregate_id: Mapped[str] = mapped_column(sa.String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType())
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Delivery bookkeeping, used by the worker.
    available_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    claimed_by: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    parked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    # The request that recorded it: the worker's log lines for this event carry it too.
    request_id: Mapped[str | None] = mapped_column(sa.String(128), nullable=True)

    __table_args__ = (sa.Index("ix_outbox_events_pending", "processed_at", "available_at"),)


Subscriber = Callable[[Session, Any], None]
Subscriptions = Mapping[type[DomainEvent], Sequence[Subscriber]]
SUBSCRIPTIONS_KEY = "opsdesk.subscriptions"


_INSERT_OUTBOX = fastsql.InsertValues(
    table_of(OutboxEvent),
    ("event_id", "name", "aggregate_type", "aggregate_id", "payload", "occurred_at",
     "available_at", "attempts", "request_id"),
)  # fmt: skip
_BATCH_KEY = "opsdesk.outbox_batch"


@contextmanager
def batched(session: Session) -> Iterator[None]:
    """Write the outbox rows recorded inside the block with one INSERT when it ends.

    For hot paths that record several events (order intake: stock reserved, order
    placed). Subscribers still run at once; only the rows wait, so inside the block the
    outbox does not show them yet. If the block raises, nothing is written (the caller's
    transaction rolls back anyway). Nested blocks write with the outermost one.
    """
    if _BATCH_KEY in session.info:
        yield
        return
    pending: list[dict[str, Any]] = []
    session.info[_BATCH_KEY] = pending
    try:
        yield
    finally:
        del session.info[_BATCH_KEY]
    fastsql.insert_values(session, _INSERT_OUTBOX, pending)


def record(session: Session, event: DomainEvent, *, now: datetime | None = None) -> str:
    """Add ``event`` to the outbox inside the caller's transaction; returns its event id.

    Subscribers wired by the composition root (``session.info``) react in the same
    transaction: that keeps state across modules consistent (a receipt that fills a
    backorder moves the order on) without the lower module importing the higher one.
    Side effects outside the database never run here; they go through the outbox.

    The row is written at once with a plain INSERT rather than added to the unit of
    work: on the hottest paths (order intake) flushing outbox objects cost more CPU than
    everything else the transaction did.
    """
    at = now or utcnow()
    event_id = str(uuid.uuid4())
    row = {
        "event_id": event_id,
        "name": event.name,
        "aggregate_type": event.aggregate_type,
        "aggregate_id": event.aggregate_id(),
        "payload": event.model_dump(mode="json"),
        "occurred_at": at,
        "available_at": at,
        "attempts": 0,
        "request_id": request_id.current(),
    }
    pending: list[dict[str, Any]] | None = session.info.get(_BATCH_KEY)
    if pending is None:
        fastsql.insert_values(session, _INSERT_OUTBOX, [row])
    else:
        pending.append(row)
    subscriptions: Subscriptions = session.info.get(SUBSCRIPTIONS_KEY, {})
    for subscriber in subscriptions.get(type(event), ()):
        subscriber(session, event)
    return event_id
