"""Shared fixtures: a real database per test (SQLite always, PostgreSQL when reachable).

Every integration test that takes ``engine`` (or anything built on it) runs once per
backend. PostgreSQL gets one fresh database per test-run worker, built by the
migrations, and is truncated before each test; SQLite gets a copy of a migrated file.
In CI (``CI=true``) an unreachable PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import registry
from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel import migrate
from opsdesk.kernel.db import make_engine
from opsdesk.kernel.http import Role
from opsdesk.registry import load_models
from opsdesk.staff import create_token
from tests.support.smtp import Inbox, store_mailbox

pytest_plugins = ["tests.support.clock"]

PG_ADMIN_URL = os.environ.get(
    "OPSDESK_TEST_POSTGRES_URL", "postgresql+psycopg://127.0.0.1:5432/test"
)
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
BACKENDS = ("sqlite", "postgresql")


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"shared development data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_engine(worker_id: str) -> Iterator[Engine]:
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text("select 1"))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        if _in_ci():
            pytest.fail(f"PostgreSQL is required in CI but unreachable: {exc}")
        pytest.skip("PostgreSQL not reachable")
    name = f"opsdesk_test_{worker_id}_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(PG_ADMIN_URL).set(database=name)
    # Few idle connections per test worker (PostgreSQL allows 100 in all), and room for
    # the race tests' 32+ concurrent sessions, closed again when they are done.
    engine = make_engine(url.render_as_string(hide_password=False), pool_size=4, max_overflow=60)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_all(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in load_models().sorted_tables)
    with engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


def make_sqlite_engine(template: Path, tmp_path: Path) -> Engine:
    path = tmp_path / "opsdesk.sqlite3"
    shutil.copyfile(template, path)
    return make_engine(f"sqlite:///{path}")


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        eng = make_sqlite_engine(request.getfixturevalue("sqlite_template"), tmp_path)
        yield eng
        eng.dispose()
    else:
        eng = request.getfixturevalue("postgres_engine")
        _truncate_all(eng)
        yield eng


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return registry.session_factory(engine)


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session for arranging and asserting; commit explicitly where the test needs it."""
    with session_factory() as s:
        yield s


@pytest.fixture
def settings(engine: Engine, tmp_path: Path) -> Settings:
    return Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        data_dir=tmp_path,
        shopify_webhook_secret="test-shopify-secret",
        carrier_webhook_secret="test-easypost-secret",
        secret_key="test-secret-key",
        embedded_worker=False,
    )


@pytest.fixture
def smtp(settings: Settings) -> Iterator[tuple[Settings, Inbox]]:
    """The store's settings mailing through a local SMTP server, and what arrived there."""
    with store_mailbox(settings) as mailbox:
        yield mailbox


@pytest.fixture
def client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    app = create_app(settings, engine=engine)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def make_token(factory: sessionmaker[Session], role: Role) -> str:
    with factory() as s, s.begin():
        _token, plain = create_token(s, name=f"test-{role.value}", role=role)
    return plain


@pytest.fixture
def admin_headers(session_factory: sessionmaker[Session]) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(session_factory, Role.ADMIN)}"}


@pytest.fixture
def operations_headers(session_factory: sessionmaker[Session]) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(session_factory, Role.OPERATIONS)}"}


@pytest.fixture
def agent_headers(session_factory: sessionmaker[Session]) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(session_factory, Role.AGENT)}"}
