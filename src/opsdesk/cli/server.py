"""serve, migrate, demo."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer
import uvicorn
from fastapi import FastAPI

from opsdesk import secret_key
from opsdesk.cli import listener
from opsdesk.cli.base import app, console, engine, settings
from opsdesk.config import Settings
from opsdesk.kernel import heap, logs, metrics
from opsdesk.kernel import migrate as migrations


@app.command()
def migrate(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Bring the database schema up to date."""
    eng = engine()
    migrations.upgrade(eng, revision)
    current, _ = migrations.pending(eng)
    console.print(
        f"database at revision {', '.join(sorted(current))} ({eng.url.get_backend_name()})"
    )


@app.command()
def serve(
    host: str = typer.Option(None, help="Interface to bind (default from OPSDESK_HOST)."),
    port: int = typer.Option(None, help="Port (default from OPSDESK_PORT)."),
    workers: int = typer.Option(
        1,
        min=1,
        max=64,
        help="Web processes sharing the port (PostgreSQL only; about one per core).",
    ),
) -> None:
    """Run the web app (API and UI)."""
    s = settings()
    host, port = host or s.host, port or s.port
    s = _checked_key(s, host)
    proxies = _proxy_options(s) | {"log_config": logs.config(s.log_format, s.log_level)}
    _share_metrics(s, workers)
    if workers == 1:
        uvicorn.run(web_app(s), host=host, port=port, log_level="info", **proxies)
        return
    if s.resolved_database_url().startswith("sqlite"):
        raise typer.BadParameter(
            "SQLite is served by one process: drop --workers, or use PostgreSQL "
            "(OPSDESK_DATABASE_URL) for several",
            param_hint="--workers",
        )
    eng = engine()
    if s.check_migrations and not migrations.is_current(eng):
        # Refused here, once: a web process failing its start-up would be restarted in a loop.
        console.print("[red]the database is not migrated: run `opsdesk migrate` first[/red]")
        raise typer.Exit(1)
    eng.dispose()
    # Each process imports the app through the factory: nothing is shared but the port.
    listener.serve_processes(
        uvicorn.Config(
            "opsdesk.cli.server:web_app", factory=True, workers=workers, host=host, port=port,
            log_level="info", **proxies,
        )
    )  # fmt: skip


def _share_metrics(s: Settings, workers: int) -> None:
    """Several processes sum their metrics through files in one directory, emptied now so
    an earlier run's counts are not added in (docs/observability.md)."""
    preset = os.environ.get(metrics.MULTIPROC_ENV)
    path = Path(preset) if preset else s.metrics_dir
    if path is None and workers > 1:
        path = s.data_dir / "metrics"
    if path is not None:
        metrics.prepare_multiprocess_dir(path)


def _proxy_options(s: Settings) -> dict[str, Any]:
    """Forwarded headers count only from the configured proxies (uvicorn would otherwise
    believe any client on 127.0.0.1, where a proxy usually is, and so would the limits)."""
    trusted = [p.strip() for p in s.trusted_proxies.split(",") if p.strip()]
    if not trusted:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": trusted}


def _checked_key(s: Settings, host: str) -> Settings:
    try:
        return secret_key.for_listening(s, host)
    except secret_key.SecretKeyRefused as refused:
        console.print(f"[red]error:[/red] {refused}")
        raise typer.Exit(1) from refused


def web_app(s: Settings | None = None) -> FastAPI:
    """The app for one web process, its start-up heap settled (see ``kernel.heap``).

    Processes started by ``serve --workers`` read the key ``serve`` checked (or stored)."""
    from opsdesk.app import create_app

    created = create_app(s or secret_key.with_stored_key(settings()))
    heap.settle()  # start-up's objects out of the collector's way
    return created


@app.command()
def demo(
    host: str = typer.Option(None, help="Interface to bind."),
    port: int = typer.Option(None, help="Port."),
) -> None:
    """Migrate, seed a demo store if the database is empty, then serve."""
    migrations.upgrade(engine())
    from opsdesk.cli import seed as seed_cli

    seed_cli.seed_if_empty()
    serve(host=host, port=port, workers=1)
