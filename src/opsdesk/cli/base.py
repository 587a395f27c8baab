"""Shared CLI plumbing: the Typer app, settings, engine and a transaction per command."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from opsdesk.config import Settings
from opsdesk.kernel.db import make_engine
from opsdesk.kernel.errors import OpsDeskError
from opsdesk.registry import session_factory

app = typer.Typer(
    name="opsdesk",
    help="OpsDesk: operations and customer service for online retailers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
console = Console(stderr=True)


@cache
def settings() -> Settings:
    return Settings()


@cache
def engine() -> Engine:
    s = settings()
    if s.database_url == "":
        s.data_dir.mkdir(parents=True, exist_ok=True)
    return make_engine(s.resolved_database_url(), pool_size=s.database_pool_size)


@contextmanager
def transaction() -> Iterator[Session]:
    """One transaction per command; domain errors become a message and exit code 1."""
    factory = session_factory(engine())
    try:
        with factory() as session, session.begin():
            yield session
    except OpsDeskError as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(1) from exc


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, default=str) + "\n")


def stage_progress(*, transient: bool = False) -> Progress:
    """Progress bars on stderr, one line per stage of a long command."""
    columns = (SpinnerColumn(), TextColumn("{task.description:<30}"), BarColumn(),
               MofNCompleteColumn(), TimeElapsedColumn())  # fmt: skip
    return Progress(*columns, console=console, transient=transient)


class StageBars:
    """Turns (stage, done, total) calls into one rich progress bar per stage."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=max(total, 1))
        self.progress.update(self.tasks[stage], completed=done, total=max(total, 1))
