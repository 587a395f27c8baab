"""smtp-inbound: receive customers' e-mail over SMTP and file it as tickets."""

from __future__ import annotations

import signal
import threading
from types import FrameType

import typer

from opsdesk.cli.base import app, console, engine, settings
from opsdesk.registry import session_factory
from opsdesk.support.smtp_inbound import start_listener


@app.command("smtp-inbound")
def smtp_inbound(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(2525, "--port", help="Port to listen on."),
) -> None:
    """Run an SMTP server; every message received becomes a ticket or a reply on one."""
    max_bytes = settings().max_inbound_email_bytes
    controller = start_listener(session_factory(engine()), host, port, max_bytes=max_bytes)
    console.print(f"receiving ticket mail on {host}:{port} (Ctrl+C to stop)")
    stop = threading.Event()

    def _graceful(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _graceful)
    signal.signal(signal.SIGINT, _graceful)
    try:
        stop.wait()
    finally:
        controller.stop()
        console.print("stopped")
