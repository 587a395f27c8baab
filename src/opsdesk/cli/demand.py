"""``opsdesk demand-rollup``: bring the daily demand rollup up to date (the worker does
it every quarter hour; this is for a backfill, or after restoring a database)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import typer

from opsdesk.cli.base import app, console, emit_json, transaction


@app.command("demand-rollup")
def demand_rollup(
    rebuild: bool = typer.Option(False, "--rebuild", help="Forget it and roll the whole history."),
    json_output: bool = typer.Option(False, "--json", help="Print the outcome as JSON."),
) -> None:
    """Roll closed days of demand (units ordered per day × SKU × warehouse) up from order
    lines: only the days changed since the last roll, or everything the first time."""
    from opsdesk import orders

    started = time.perf_counter()
    with transaction() as session:
        if rebuild:
            orders.reset_demand_rollup(session)
        rolled = orders.roll_up_demand(session, datetime.now(UTC))
    seconds = round(time.perf_counter() - started, 2)
    outcome = {"full": rolled.full, "days": rolled.days, "through": rolled.through.isoformat(),
               "seconds": seconds}  # fmt: skip
    if json_output:
        emit_json(outcome)
    else:
        what = "the whole history" if rolled.full else f"{rolled.days} day(s)"
        console.print(f"rolled up {what} through {rolled.through} in {seconds} s")
