"""The composition root of the web process: ``create_app(settings)``."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from starlette.middleware.sessions import SessionMiddleware

import opsdesk
from opsdesk import secret_key, staff
from opsdesk.config import Settings
from opsdesk.kernel import migrate
from opsdesk.kernel.admission import Admission
from opsdesk.kernel.db import make_engine
from opsdesk.registry import session_factory
from opsdesk.web import access_log, auth, errors, openapi, routes
from opsdesk.web.chat.cors import ChatCors
from opsdesk.web.instrument import Instrument
from opsdesk.web.security_headers import SecurityHeaders
from opsdesk.worker.runner import EmbeddedWorker, build_worker

STATIC_DIR = Path(__file__).resolve().parent / "web" / "static"


log = logging.getLogger("opsdesk.app")


class DatabaseNotMigrated(RuntimeError):
    pass


def _say_which_webhooks_are_open(settings: Settings) -> None:
    if not settings.shopify_webhook_secret:
        log.info("Shopify webhooks are refused until OPSDESK_SHOPIFY_WEBHOOK_SECRET is set")
    if settings.carrier_webhook_secret:
        return
    if settings.allow_unsigned_carrier_webhooks:
        log.warning(
            "accepting UNSIGNED carrier webhooks (OPSDESK_ALLOW_UNSIGNED_CARRIER_WEBHOOKS): "
            "anyone who can reach this server can mark parcels delivered; local use only"
        )
    else:
        log.info("carrier webhooks are refused until OPSDESK_CARRIER_WEBHOOK_SECRET is set")


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="opsdesk_session",
        same_site="lax",
        https_only=settings.secure_cookies,
        max_age=12 * 3600,
    )
    if chat_origins := settings.chat_origins():
        app.add_middleware(ChatCors, origins=chat_origins)
    # Added last, so the outermost of ours: the chat's CORS answers get them too.
    app.add_middleware(SecurityHeaders, https=settings.secure_cookies)
    # Outermost: the request id is bound before anything logs, every answer is counted.
    app.add_middleware(Instrument)


def request_slots(engine: Engine, embedded_worker: bool) -> int:
    """Requests that may hold a session at once: the pool's connections, less a few for the
    embedded worker (kernel.admission)."""
    pool = engine.pool
    size = pool.size() if hasattr(pool, "size") else 5
    overflow = max(0, getattr(pool, "_max_overflow", 0))
    return max(1, min(64, size + overflow) - (2 if embedded_worker else 0))


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the app. Nothing touches the database until the lifespan starts."""
    # The CLI hands over a checked key (secret_key.for_listening); an app built directly
    # (tests, benchmarks) without one signs with a key of its own that dies with it.
    settings = secret_key.ephemeral(settings or Settings())
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
        app.state.admission = Admission(slots=request_slots(eng, settings.runs_embedded_worker()))
        embedded = None
        if settings.runs_embedded_worker():
            embedded = EmbeddedWorker(
                build_worker(settings, app.state.sessionmaker), settings.worker_poll_seconds
            )
            embedded.start()
        yield
        if embedded is not None:
            embedded.stop()
        if owns_engine:
            eng.dispose()

    app = FastAPI(
        title="OpsDesk",
        version=opsdesk.__version__,
        description="Operations and customer service for online retailers.",
        lifespan=lifespan,
        # FastAPI's pages load their assets from CDNs: web.apidocs serves /docs and /redoc
        # from the vendored copies instead.
        docs_url=None,
        redoc_url=None,
        # Routers with other needs set their own (web.body_limits).
        max_body_size=settings.max_body_bytes,
    )
    app.state.settings = settings
    _say_which_webhooks_are_open(settings)
    access_log.install()
    app.state.authenticate = auth.authenticate
    # Bearer tokens seen in the last seconds are admitted without a query (ADR 0006).
    app.state.authenticate_cached = staff.cached_principal
    _add_middleware(app, settings)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    errors.install(app)
    routes.install(app)
    openapi.install(app, routes.API_ROUTERS, routes.API_PREFIX)
    return app
