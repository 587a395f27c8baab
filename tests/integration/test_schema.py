from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from opsdesk.app import DatabaseNotMigrated, create_app
from opsdesk.config import Settings
from opsdesk.kernel import migrate
from opsdesk.kernel.db import make_engine
from opsdesk.migrations import include_object
from opsdesk.registry import load_models


def test_migrations_build_exactly_the_models(engine: Engine) -> None:
    with engine.connect() as conn:
        opts = {"compare_type": True, "include_object": include_object}
        context = MigrationContext.configure(conn, opts=opts)
        diff = compare_metadata(context, load_models())
    assert diff == [], "models and migrations differ: run scripts/regen-initial-migration"


def test_migrated_database_is_current(engine: Engine) -> None:
    current, heads = migrate.pending(engine)
    assert current == heads
    assert migrate.is_current(engine)


def test_app_refuses_to_start_on_an_unmigrated_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    app = create_app(Settings(database_url=url, data_dir=tmp_path), engine=make_engine(url))
    with pytest.raises(DatabaseNotMigrated, match="opsdesk migrate"), TestClient(app):
        pass
