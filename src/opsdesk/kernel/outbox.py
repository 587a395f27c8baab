"""Relaying the outbox: claim committed events, run after-commit handlers, retry, park.

Delivery is at least once per event and exactly once per (event, handler) for the
handler's database effects: a handler runs in a transaction that also inserts its
``outbox_deliveries`` row, so a crash before commit leaves no trace and the event is
claimed again when its lease runs out; a crash after commit finds the delivery row and
skips that handler. Handlers with outside effects (e-mail, webhooks) make those
idempotent themselves (a message log keyed by event id).

Claiming works the same on both backends: a lease (``claimed_until``) set by one
UPDATE; PostgreSQL additionally skips rows other workers hold (``SKIP LOCKED``), so
several workers never wait on each other.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from opsdesk.kernel import request_id
from opsdesk.kernel.db import Base, BigIntPK, UTCDateTime, utcnow
from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.metrics import metrics

Handler = Callable[[Session, OutboxEvent], None]


@dataclass(frozen=True)
class NamedHandler:
    name: str
    run: Handler


HandlerMap = Mapping[str, Sequence[NamedHandler]]  # event name -> handlers


class OutboxDelivery(Base):
    """Proof that one handler has handled one event (its effects committed with it)."""

    __tablename__ = "outbox_deliveries"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("outbox_events.id", ondelete="CASCADE"))
    handler: Mapped[str] = mapped_column(sa.String(120))
    delivered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("event_id", "handler"),)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: base * 2^(attempt-1), capped; parked after max_attempts."""

    base: timedelta = timedelta(seconds=2)
    cap: timedelta = timedelta(minutes=30)
    max_attempts: int = 8

    def delay(self, attempt: int) -> timedelta:
        return min(self.cap, self.base * (2 ** max(0, attempt - 1)))

    def should_park(self, attempt: int) -> bool:
        return attempt >= self.max_attempts


class Claim(NamedTuple):
    leased: list[int]  # to process, oldest first
    finished: int  # marked processed at once: no handler listens to them


def claim_batch(
    session: Session,
    *,
    worker: str,
    limit: int,
    lease: timedelta,
    now: datetime | None = None,
    handled: Container[str] | None = None,
) -> Claim:
    """Lease up to ``limit`` due events to ``worker``: their ids, oldest first.

    With ``handled`` (the event names some after-commit handler listens to), the claimed
    events nobody listens to are marked processed in the same statement round instead of
    being leased: order intake records as many of those (stock reserved) as of the rest,
    and relaying each cost two transactions for nothing."""
    at = now or utcnow()
    due = (
        sa.select(OutboxEvent.id, OutboxEvent.name)
        .where(
            OutboxEvent.processed_at.is_(None),
            OutboxEvent.parked_at.is_(None),
            OutboxEvent.available_at <= at,
            sa.or_(OutboxEvent.claimed_until.is_(None), OutboxEvent.claimed_until < at),
        )
        .order_by(OutboxEvent.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    rows = session.execute(due).all()
    idle = [i for i, name in rows if handled is not None and name not in handled]
    ids = [i for i, name in rows if handled is None or name in handled]
    free = sa.or_(OutboxEvent.claimed_until.is_(None), OutboxEvent.claimed_until < at)
    if idle:
        session.execute(
            sa.update(OutboxEvent)
            .where(OutboxEvent.id.in_(idle), free)
            .values(processed_at=at, claimed_until=None, last_error=None)
        )
    if ids:
        session.execute(
            sa.update(OutboxEvent)
            .where(OutboxEvent.id.in_(ids), free)
            .values(claimed_until=at + lease, claimed_by=worker)
        )
    return Claim(ids, len(idle))


def _done_handlers(session: Session, event_id: int) -> set[str]:
    rows = session.scalars(
        sa.select(OutboxDelivery.handler).where(OutboxDelivery.event_id == event_id)
    )
    return set(rows)


def _run_handler(
    factory: sessionmaker[Session],
    loaded: OutboxEvent,
    handler: NamedHandler,
    finish_at: datetime | None,
) -> None:
    """Run one handler in its own transaction with its delivery row; with ``finish_at``
    (the event's last pending handler) the event is marked processed in that same
    transaction, saving a commit per event."""
    event_id = loaded.id
    with factory() as session, session.begin():
        event = session.merge(loaded, load=False)  # read once by process_event
        session.add(OutboxDelivery(event_id=event_id, handler=handler.name))
        try:
            session.flush()
        except IntegrityError:
            # Another worker delivered it after our lease expired: nothing to do.
            session.rollback()
            return
        handler.run(session, event)
        if finish_at is not None:
            _mark_processed(session, event_id, finish_at)


def _mark_processed(session: Session, event_id: int, at: datetime) -> None:
    session.execute(
        sa.update(OutboxEvent)
        .where(OutboxEvent.id == event_id)
        .values(processed_at=at, claimed_until=None, last_error=None)
    )


def process_event(
    factory: sessionmaker[Session],
    event_id: int,
    handlers: HandlerMap,
    *,
    retry: RetryPolicy,
    now: Callable[[], datetime] = utcnow,
) -> bool:
    """Run every pending handler of one claimed event. Returns True when it is done.

    Log lines written meanwhile carry the id of the request that recorded the event."""
    with factory() as session:
        event = session.get(OutboxEvent, event_id)
        if event is None or event.processed_at is not None:
            return True
        name, rid = event.name, event.request_id
        _observe_lag(event.available_at, now())
        done = _done_handlers(session, event_id)
    pending = [h for h in handlers.get(name, ()) if h.name not in done]
    with request_id.bound(rid):
        for index, handler in enumerate(pending):
            last = index == len(pending) - 1
            try:
                _run_handler(factory, event, handler, now() if last else None)
            except Exception as exc:
                _record_failure(factory, event_id, handler.name, exc, retry, now())
                metrics().events_relayed.labels(name, "failed").inc()
                return False
    metrics().events_relayed.labels(name, "processed").inc()
    if not pending:
        with factory() as session, session.begin():
            _mark_processed(session, event_id, now())
    return True


def _observe_lag(due: datetime, at: datetime) -> None:
    if due.tzinfo is None:  # SQLite hands back naive UTC
        due = due.replace(tzinfo=at.tzinfo)
    metrics().relay_lag_seconds.observe(max(0.0, (at - due).total_seconds()))


def _record_failure(
    factory: sessionmaker[Session],
    event_id: int,
    handler: str,
    exc: Exception,
    retry: RetryPolicy,
    at: datetime,
) -> None:
    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    with factory() as session, session.begin():
        event = session.get(OutboxEvent, event_id)
        assert event is not None
        event.attempts += 1
        event.last_error = f"{handler}: {detail}"[:4000]
        event.claimed_until = None
        if retry.should_park(event.attempts):
            event.parked_at = at
        else:
            event.available_at = at + retry.delay(event.attempts)


def requeue_parked(session: Session, event_id: int, *, now: datetime | None = None) -> bool:
    """Give a parked (poison) event another round of attempts, e.g. after a fix."""
    result = session.execute(
        sa.update(OutboxEvent)
        .where(OutboxEvent.id == event_id, OutboxEvent.parked_at.is_not(None))
        .values(parked_at=None, attempts=0, available_at=now or utcnow())
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
