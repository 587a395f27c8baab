"""Stock commands: check that stock figures agree with the movement ledger."""

from __future__ import annotations

import dataclasses

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from opsdesk import inventory
from opsdesk.cli.base import app, console, emit_json, transaction

stock_app = typer.Typer(help="Inspect and verify stock.", no_args_is_help=True)
app.add_typer(stock_app, name="stock")


@stock_app.command("check")
def check(
    as_json: bool = typer.Option(False, "--json", help="Print the drift report as JSON."),
) -> None:
    """Recompute stock from the ledger and reservations; exit 1 when anything drifted."""
    with transaction() as session:
        progress = Progress(
            TextColumn("checking stock"), BarColumn(), MofNCompleteColumn(),
            console=console, transient=True, disable=as_json,
        )  # fmt: skip
        with progress:
            task = progress.add_task("check", total=None)
            drifts = inventory.check_consistency(
                session,
                on_progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
    if as_json:
        emit_json({"ok": not drifts, "drifts": [dataclasses.asdict(d) for d in drifts]})
    else:
        _print_report(drifts)
    if drifts:
        raise typer.Exit(1)


def _print_report(drifts: list[inventory.Drift]) -> None:
    if not drifts:
        console.print("[green]stock agrees with the ledger[/green]")
        return
    table = Table("sku", "warehouse", "measure", "recorded", "expected", title="stock drift")
    for d in drifts:
        table.add_row(d.sku, str(d.warehouse_id), d.measure, str(d.recorded), str(d.expected))
    console.print(table)
    console.print(f"[red]{len(drifts)} figure(s) disagree with the ledger[/red]")
