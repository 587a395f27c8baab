"""worker: relay the outbox and run scheduled jobs."""

from __future__ import annotations

import signal
import threading
from types import FrameType

import typer
from prometheus_client import start_http_server

from opsdesk import secret_key
from opsdesk.cli.base import app, console, emit_json, engine, settings
from opsdesk.kernel import heap, logs, metrics
from opsdesk.registry import session_factory
from opsdesk.worker.runner import build_worker


@app.command()
def worker(
    once: bool = typer.Option(False, "--once", help="Process what is due, then exit."),
    json_output: bool = typer.Option(False, "--json", help="With --once: print counts as JSON."),
    metrics_port: int = typer.Option(
        0, help="Serve this worker's metrics on 127.0.0.1:PORT (0: off)."
    ),
) -> None:
    """Run a worker. Start as many as you like; they share the work without doubling it."""
    try:
        s = secret_key.for_background(settings())
    except secret_key.SecretKeyRefused as refused:
        console.print(f"[red]error:[/red] {refused}")
        raise typer.Exit(1) from refused
    runner = build_worker(s, session_factory(engine()))
    if once:
        relayed, jobs = 0, runner.run_due_jobs()
        while (batch := runner.relay_once()) > 0:
            relayed += batch
        if json_output:
            emit_json({"events_processed": relayed, "jobs_run": jobs})
        else:
            console.print(f"processed {relayed} events, ran {jobs} jobs")
        return
    stop = threading.Event()

    def _graceful(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    logs.configure(s.log_format, s.log_level)
    if metrics_port:
        start_http_server(metrics_port, addr="127.0.0.1", registry=metrics.scrape_registry())
    signal.signal(signal.SIGTERM, _graceful)
    signal.signal(signal.SIGINT, _graceful)
    heap.settle()
    console.print(f"worker {runner.name} running (Ctrl+C to stop)")
    runner.run_until(stop, poll_seconds=s.worker_poll_seconds)
