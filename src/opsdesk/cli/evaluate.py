"""``opsdesk eval``: measure the shipped models on labelled data."""

from __future__ import annotations

import typer

from opsdesk.cli.base import app

eval_app = typer.Typer(help="Evaluate OpsDesk's models on labelled data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
