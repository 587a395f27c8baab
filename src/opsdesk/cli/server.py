"""serve, migrate, demo."""

from __future__ import annotations

import typer
import uvicorn

from opsdesk.cli.base import app, console, engine, settings
from opsdesk.kernel import heap
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
) -> None:
    """Run the web app (API and UI)."""
    from opsdesk.app import create_app

    s = settings()
    web_app = create_app(s)
    heap.settle()  # start-up's objects out of the collector's way (see kernel.heap)
    uvicorn.run(web_app, host=host or s.host, port=port or s.port, log_level="info")


@app.command()
def demo(
    host: str = typer.Option(None, help="Interface to bind."),
    port: int = typer.Option(None, help="Port."),
) -> None:
    """Migrate, seed a demo store if the database is empty, then serve."""
    migrations.upgrade(engine())
    from opsdesk.cli import seed as seed_cli

    seed_cli.seed_if_empty()
    serve(host=host, port=port)
