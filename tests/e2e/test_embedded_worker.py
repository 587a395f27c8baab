from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel import events
from opsdesk.registry import session_factory
from tests.support.worker_plugin import Pinged, effects, effects_metadata


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_the_web_process_relays_events_itself_on_the_embedded_default(
    engine: Engine, settings: Settings
) -> None:
    effects_metadata.create_all(engine)
    embedded = settings.model_copy(
        update={
            "embedded_worker": True,
            "plugins": "tests.support.worker_plugin",
            "worker_poll_seconds": 0.05,
        }
    )
    factory = session_factory(engine)
    with TestClient(create_app(embedded, engine=engine)):
        with factory() as session, session.begin():
            events.record(session, Pinged(n=7))
        deadline = time.monotonic() + 10
        count = 0
        while time.monotonic() < deadline and count == 0:
            with engine.connect() as conn:
                count = conn.execute(sa.select(sa.func.count()).select_from(effects)).scalar_one()
            time.sleep(0.05)
    assert count == 1
    assert Settings(database_url="postgresql+psycopg://x/y").runs_embedded_worker() is False
    assert Settings(database_url="sqlite:///x.db").runs_embedded_worker() is True
