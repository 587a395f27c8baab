"""``opsdesk import``: bulk imports from other systems' exports."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from opsdesk.cli.base import StageBars, app, console, emit_json, stage_progress, transaction
from opsdesk.integrations import olist

import_app = typer.Typer(help="Import data from other systems.", no_args_is_help=True)
app.add_typer(import_app, name="import")

SHOWN_REJECTIONS = 10


@import_app.command("olist")
def import_olist_command(
    directory: Path = typer.Argument(..., help="Folder with the Olist CSV files."),
    limit: int = typer.Option(None, min=1, help="Import only the first N orders of orders.csv."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON on stdout."),
) -> None:
    """Import historical Olist orders with customers, sellers (as warehouses) and products.

    Running it again imports only what is missing. Rows that cannot be imported are
    listed with their reasons; the exit code is 1 only when nothing could be done.
    """
    with stage_progress(transient=as_json) as progress, transaction() as session:
        report = olist.import_olist(session, directory, limit=limit, progress=StageBars(progress))
    if as_json:
        emit_json(report.to_dict())
    else:
        _print_summary(report)


def _print_summary(report: olist.ImportReport) -> None:
    table = Table(title="Olist import", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    written = report.written
    for label, value in (
        ("orders read", report.orders_read),
        ("orders imported", report.orders_imported),
        ("orders already present", report.orders_already_present),
        ("orders rejected", sum(1 for r in report.rejections if r.file == "orders")),
        ("customers created", report.customers_created),
        ("warehouses (sellers) created", report.warehouses_created),
        ("products created", report.products_created),
        ("order lines", written.lines),
        ("timeline entries", written.timeline_entries),
        ("shipments", written.shipments),
        ("tracking events", written.tracking_events),
    ):
        table.add_row(label, f"{value:,}")
    console.print(table)
    if report.rejections:
        _print_rejections(report)
    console.print(f"done in {report.seconds:.1f} s, peak memory {report.peak_memory_mb:.0f} MB")


def _print_rejections(report: olist.ImportReport) -> None:
    reasons = Table(title="Rows not imported", show_header=True)
    reasons.add_column("reason")
    reasons.add_column("rows", justify="right")
    reasons.add_column("example")
    for code, count in report.rejected_by_reason().items():
        example = next(r for r in report.rejections if r.code == code)
        reasons.add_row(code, f"{count:,}", f"{example.file} {example.key}: {example.reason}")
    console.print(reasons)
    console.print("use --json for the full list of rows")
