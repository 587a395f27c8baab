"""Pooled PostgreSQL connections are pinged only after sitting idle, and replaced if dead."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from opsdesk.kernel import db
from opsdesk.kernel.db import make_engine
from tests.conftest import PG_ADMIN_URL


@pytest.fixture
def engine_of_one() -> sa.Engine:
    try:
        engine = make_engine(PG_ADMIN_URL, pool_size=1)
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError:
        pytest.skip("PostgreSQL not reachable")
    return engine


def _backend(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT pg_backend_pid()")).scalar_one())


def test_a_connection_killed_while_idle_is_replaced_before_use(
    engine_of_one: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _backend(engine_of_one)
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as killer:
        killer.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    admin.dispose()
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)  # "idle long enough" at once

    second = _backend(engine_of_one)

    assert second != first
    engine_of_one.dispose()


def test_a_connection_back_from_a_moment_ago_is_not_pinged(engine_of_one: sa.Engine) -> None:
    _backend(engine_of_one)
    sent: list[str] = []
    sa.event.listen(engine_of_one, "before_cursor_execute", lambda *a: sent.append(a[2]))
    with engine_of_one.connect() as conn:
        conn.execute(sa.text("SELECT 2"))
    assert sent == ["SELECT 2"]
    engine_of_one.dispose()
