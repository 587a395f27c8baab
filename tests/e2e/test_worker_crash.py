"""Kill a worker process mid-batch: nothing is lost and nothing is handled twice."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel import events
from opsdesk.kernel.events import OutboxEvent
from tests.support.clock import opsdesk_command
from tests.support.worker_plugin import Pinged, effects, effects_metadata

ROOT = Path(__file__).resolve().parents[2]
# Enough work (~10 ms each) that the kill lands mid-run even when the test's own progress
# reads wait behind the worker's writes (SQLite serialises them).
EVENTS = 1200


@pytest.fixture
def effects_table(engine: Engine) -> Iterator[None]:
    effects_metadata.create_all(engine)
    yield
    effects_metadata.drop_all(engine)


def _start_worker(url: str, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "OPSDESK_DATABASE_URL": url,
        "OPSDESK_PLUGINS": "tests.support.worker_plugin",
        "OPSDESK_SECRET_KEY": "worker-crash-test-" + "k" * 32,
        "OPSDESK_WORKER_LEASE_SECONDS": "2",
        "OPSDESK_WORKER_BATCH_SIZE": "40",
        "OPSDESK_WORKER_POLL_SECONDS": "0.2",
    }
    with log.open("ab") as sink:
        return subprocess.Popen(
            opsdesk_command("worker"),
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )


def _count(engine: Engine, query: sa.Select[Any]) -> int:
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def _wait_for(predicate, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.slow
@pytest.mark.usefixtures("effects_table")
def test_sigkill_mid_batch_loses_nothing_and_doubles_nothing(
    engine: Engine, session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    log = tmp_path / "worker.log"
    with session_factory() as session, session.begin():
        for n in range(EVENTS):
            events.record(session, Pinged(n=n))
    url = engine.url.render_as_string(hide_password=False)
    effect_rows = sa.select(sa.func.count()).select_from(effects)

    first = _start_worker(url, log)
    try:
        assert _wait_for(lambda: _count(engine, effect_rows) >= 60, 60), (
            f"first worker made no progress: {log.read_text()}"
        )
    finally:  # killed whatever happens: a failed run must not leave a worker behind
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    done_at_kill = _count(engine, effect_rows)
    assert done_at_kill < EVENTS, "the worker finished before it could be killed"

    second = _start_worker(url, log)
    try:
        pending = sa.select(sa.func.count()).where(OutboxEvent.processed_at.is_(None))
        assert _wait_for(lambda: _count(engine, pending) == 0, 180), "events left unprocessed"
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(10)

    with engine.connect() as conn:
        per_event: dict[str, int] = dict(
            conn.execute(
                sa.select(effects.c.event_id, sa.func.count()).group_by(effects.c.event_id)
            ).all()
        )
    assert len(per_event) == EVENTS
    assert set(per_event.values()) == {1}
