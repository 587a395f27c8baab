"""A worker sets the store up (built-in rules) before it relays its first event."""

from __future__ import annotations

import threading

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.config import Settings
from opsdesk.proactive.rules.builtin import BUILTIN_RULES
from opsdesk.proactive.rules.models import Rule, ScheduledAction
from opsdesk.worker import Worker, build_worker
from tests.factories.tracking import delivered_order


class OneTurn(threading.Event):
    """A stop signal that lets the worker loop run exactly once."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def is_set(self) -> bool:
        self.asked += 1
        return self.asked > 1


def test_events_waiting_at_start_meet_the_built_in_rules(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    with session_factory() as s, s.begin():
        assert s.scalars(sa.select(Rule)).all() == []
        delivered_order(s)  # ShipmentDelivered waits in the outbox of a fresh store
    worker = build_worker(settings, session_factory)
    worker.run_until(OneTurn(), poll_seconds=0)
    with session_factory() as s:
        # the built-in follow-up rule saw the delivery: its follow-up is scheduled
        (action,) = s.scalars(sa.select(ScheduledAction)).all()
        assert action.kind == "follow_up"
        assert len(s.scalars(sa.select(Rule)).all()) == len(BUILTIN_RULES)


def test_workers_starting_together_store_each_built_in_rule_once(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    workers: list[Worker] = [build_worker(settings, session_factory) for _ in range(4)]
    gate = threading.Barrier(len(workers))
    failures: list[BaseException] = []

    def start(worker: Worker) -> None:
        gate.wait()
        try:
            worker.start_up()
        except BaseException as exc:  # reported below, with the worker's traceback lost
            failures.append(exc)

    threads = [threading.Thread(target=start, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failures == []
    assert all(w.started for w in workers)
    with session_factory() as s:
        stored = sorted(s.scalars(sa.select(Rule.builtin)).all(), key=str)
        assert stored == sorted(BUILTIN_RULES)
