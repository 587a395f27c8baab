"""Liveness and readiness probes: /healthz never touches the database, /readyz does."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel.db import make_engine


def test_ready_when_the_database_answers_at_the_latest_revision(client: TestClient) -> None:
    answer = client.get("/readyz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ready", "database": "ok", "migrations": "at head"}
    assert client.get("/healthz").json() == {"status": "ok"}


def test_not_ready_when_the_schema_is_behind_the_code(settings: Settings, engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = 'older'"))
    try:
        app = create_app(settings.model_copy(update={"check_migrations": False}), engine=engine)
        with TestClient(app) as client:
            answer = client.get("/readyz")
    finally:
        with engine.begin() as conn:
            heads = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            assert heads == "older"
            conn.execute(sa.text("DELETE FROM alembic_version"))
        from opsdesk.web.health import _code_heads

        with engine.begin() as conn:
            for head in _code_heads():
                conn.execute(sa.text("INSERT INTO alembic_version VALUES (:v)"), {"v": head})
    assert answer.status_code == 503
    body = answer.json()
    assert body["database"] == "ok"
    assert body["migrations"]["current"] == ["older"]
    assert body["migrations"]["expected"] == sorted(_code_heads())


def test_database_gone_is_not_ready_but_still_alive(settings: Settings, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "db.sqlite3"  # its folder does not exist: cannot open
    engine = make_engine(f"sqlite:///{missing}")
    app = create_app(settings.model_copy(update={"check_migrations": False}), engine=engine)
    with TestClient(app) as client:
        ready = client.get("/readyz")
        alive = client.get("/healthz")
    engine.dispose()
    assert ready.status_code == 503
    assert ready.json()["database"].startswith("unreachable")
    assert alive.status_code == 200
    assert alive.json() == {"status": "ok"}


def test_a_flood_of_readiness_probes_reaches_the_database_once_a_second(
    client: TestClient, engine: Engine
) -> None:
    """/readyz is anonymous: a stranger's burst must not take a connection per probe."""
    checks: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.strip().upper() == "SELECT 1":
            checks.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        answers = [client.get("/readyz").status_code for _ in range(20)]
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert answers == [200] * 20
    assert len(checks) <= 2  # one check, a second one only if the burst outlived a second
