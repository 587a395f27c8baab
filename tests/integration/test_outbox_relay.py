from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel import events, outbox
from opsdesk.kernel.events import OutboxEvent
from opsdesk.worker import Worker
from tests.support.worker_plugin import Pinged, effects, effects_metadata, record_effect

FAST_RETRY = outbox.RetryPolicy(base=timedelta(0), cap=timedelta(0), max_attempts=3)


@pytest.fixture
def effects_table(engine: Engine) -> Iterator[None]:
    effects_metadata.create_all(engine)
    yield
    effects_metadata.drop_all(engine)


def _ping(factory: sessionmaker[Session], count: int) -> None:
    with factory() as session, session.begin():
        for n in range(count):
            events.record(session, Pinged(n=n))


def _worker(factory: sessionmaker[Session], handlers: outbox.HandlerMap, name: str) -> Worker:
    return Worker(factory=factory, handlers=handlers, retry=FAST_RETRY, batch_size=7, name=name)


def _effect_counts(engine: Engine) -> dict[int, int]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(effects.c.event_id, sa.func.count()).group_by(effects.c.event_id)
        )
        return {int(event_id): int(count) for event_id, count in rows.all()}


PING_HANDLERS = {"TestPinged": [outbox.NamedHandler("record_effect", record_effect)]}


@pytest.mark.usefixtures("effects_table")
def test_every_committed_event_reaches_its_handler_once(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    _ping(session_factory, 20)
    worker = _worker(session_factory, PING_HANDLERS, "w1")
    assert sum(iter(worker.relay_once, 0)) == 20
    assert _effect_counts(engine) == dict.fromkeys(range(1, 21), 1)
    assert worker.relay_once() == 0


@pytest.mark.usefixtures("effects_table")
def test_an_event_of_a_rolled_back_change_is_never_relayed(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        session.begin()
        events.record(session, Pinged(n=1))
        session.rollback()
    assert _worker(session_factory, PING_HANDLERS, "w1").relay_once() == 0
    assert _effect_counts(engine) == {}


@pytest.mark.usefixtures("effects_table")
def test_two_workers_racing_deliver_each_event_once(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    _ping(session_factory, 60)
    workers = [_worker(session_factory, PING_HANDLERS, f"w{i}") for i in range(4)]

    def drain(worker: Worker) -> None:
        while worker.relay_once():
            pass

    threads = [threading.Thread(target=drain, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert _effect_counts(engine) == dict.fromkeys(range(1, 61), 1)


def test_a_failing_handler_is_retried_then_parked_with_its_error(
    session_factory: sessionmaker[Session],
) -> None:
    calls: list[int] = []

    def flaky(_session: Session, event: OutboxEvent) -> None:
        calls.append(event.id)
        raise RuntimeError("carrier API down")

    _ping(session_factory, 1)
    worker = _worker(session_factory, {"TestPinged": [outbox.NamedHandler("flaky", flaky)]}, "w")
    for _ in range(5):
        worker.relay_once()
    assert calls == [1, 1, 1]  # max_attempts, then parked
    with session_factory() as session:
        event = session.get(OutboxEvent, 1)
        assert event is not None
        assert event.parked_at is not None
        assert event.processed_at is None
        assert "carrier API down" in (event.last_error or "")
        assert event.attempts == 3
    with session_factory() as session, session.begin():
        assert outbox.requeue_parked(session, 1)
    worker.relay_once()
    assert len(calls) == 4


@pytest.mark.usefixtures("effects_table")
def test_a_handler_that_already_succeeded_is_not_rerun_when_a_sibling_fails(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    attempts: list[int] = []

    def fails_once(_session: Session, event: OutboxEvent) -> None:
        attempts.append(event.id)
        if len(attempts) == 1:
            raise RuntimeError("transient")

    handlers = {
        "TestPinged": [
            outbox.NamedHandler("record_effect", record_effect),
            outbox.NamedHandler("fails_once", fails_once),
        ]
    }
    _ping(session_factory, 1)
    worker = _worker(session_factory, handlers, "w")
    worker.relay_once()
    worker.relay_once()
    assert attempts == [1, 1]
    assert _effect_counts(engine) == {1: 1}


def _states(engine: Engine) -> list[tuple[bool, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(OutboxEvent.processed_at.is_not(None), OutboxEvent.claimed_by).order_by(
                OutboxEvent.id
            )
        )
        return [(bool(done), by) for done, by in rows.all()]


def test_events_nobody_listens_to_are_finished_at_claim_and_counted(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    _ping(session_factory, 10)
    worker = _worker(session_factory, {}, "w")  # batch of 7: a second round must follow
    assert worker.relay_once() == 7  # counted, so the loop does not sleep with work left
    assert worker.relay_once() == 3
    assert worker.relay_once() == 0
    assert _states(engine) == [(True, None)] * 10  # processed without a lease


@pytest.mark.usefixtures("effects_table")
def test_the_last_handler_and_the_processed_mark_commit_together(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    seen: list[bool] = []

    def fails_after_work(session: Session, event: OutboxEvent) -> None:
        record_effect(session, event)
        seen.append(True)
        if len(seen) == 1:
            raise RuntimeError("dies before commit")

    handlers = {"TestPinged": [outbox.NamedHandler("last", fails_after_work)]}
    _ping(session_factory, 1)
    worker = _worker(session_factory, handlers, "w")
    assert worker.relay_once() == 0
    assert _states(engine)[0][0] is False
    assert _effect_counts(engine) == {}
    assert worker.relay_once() == 1
    assert _states(engine)[0][0] is True
    assert _effect_counts(engine) == {1: 1}


def test_admins_see_parked_events_and_requeue_them(
    session_factory: sessionmaker[Session],
    client: TestClient,
    admin_headers: dict[str, str],
    agent_headers: dict[str, str],
) -> None:
    def broken(_session: Session, _event: OutboxEvent) -> None:
        raise ValueError("template missing")

    _ping(session_factory, 2)
    worker = _worker(session_factory, {"TestPinged": [outbox.NamedHandler("broken", broken)]}, "w")
    for _ in range(3):
        worker.relay_once()

    assert client.get("/api/v1/admin/outbox", headers=agent_headers).status_code == 403
    parked = client.get("/api/v1/admin/outbox?state=parked", headers=admin_headers).json()
    assert [e["id"] for e in parked] == [2, 1]
    assert "template missing" in parked[0]["last_error"]

    requeued = client.post("/api/v1/admin/outbox/1/requeue", headers=admin_headers)
    assert requeued.status_code == 200
    assert requeued.json()["parked_at"] is None
    assert client.post("/api/v1/admin/outbox/1/requeue", headers=admin_headers).status_code == 409
    assert client.post("/api/v1/admin/outbox/99/requeue", headers=admin_headers).status_code == 404
    pending = client.get("/api/v1/admin/outbox?state=pending", headers=admin_headers).json()
    assert [e["id"] for e in pending] == [1]
