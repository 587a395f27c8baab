"""The composition root of the web process: ``create_app(settings)``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.engine import Engine

import opsdesk
from opsdesk import staff
from opsdesk.config import Settings
from opsdesk.kernel import migrate
from opsdesk.kernel.db import make_engine
from opsdesk.registry import session_factory
from opsdesk.web import errors, routes


class DatabaseNotMigrated(RuntimeError):
    pass


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the app. Nothing touches the database until the lifespan starts."""
    settings = settings or Settings()
    owns_engine = engine is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        eng = engine or make_engine(
            settings.resolved_database_url(),
            pool_size=settings.database_pool_size,
            echo=settings.database_echo,
        )
        if settings.check_migrations and not migrate.is_current(eng):
            current, heads = migrate.pending(eng)
            raise DatabaseNotMigrated(
                f"database is at revision {sorted(current) or 'none'}, code expects "
                f"{sorted(heads)}: run `opsdesk migrate` first"
            )
        app.state.engine = eng
        app.state.sessionmaker = session_factory(eng)
        yield
        if owns_engine:
            eng.dispose()

    app = FastAPI(
        title="OpsDesk",
        version=opsdesk.__version__,
        description="Operations and customer service for online retailers.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.authenticate = staff.authenticate_request
    errors.install(app)
    routes.install(app)
    return app
