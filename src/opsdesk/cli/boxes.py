"""Box commands: the shipping boxes each warehouse's packing station offers."""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa
import typer
from rich.table import Table
from sqlalchemy.orm import Session

from opsdesk import fulfilment, inventory
from opsdesk.cli.base import app, console, emit_json, transaction

boxes_app = typer.Typer(help="The boxes each warehouse packs in.", no_args_is_help=True)
app.add_typer(boxes_app, name="boxes")


def _warehouse(session: Session, code: str) -> int:
    found = session.scalar(
        sa.select(inventory.Warehouse.id).where(inventory.Warehouse.code == code)
    )
    if found is None:
        console.print(f"[red]no warehouse {code}[/red]")
        raise typer.Exit(2)
    return int(found)


@boxes_app.command("list")
def list_boxes(
    warehouse: str = typer.Argument(..., help="Warehouse code, e.g. LEJ."),
    as_json: bool = typer.Option(False, "--json", help="Print the boxes as JSON."),
) -> None:
    """The boxes the warehouse's station offers (the standard set until it has its own)."""
    with transaction() as session:
        boxes = fulfilment.boxes_for(session, _warehouse(session, warehouse))
    if as_json:
        emit_json([dataclasses.asdict(b) for b in boxes])
        return
    table = Table("code", "name", "inside mm", "empty g", "max g", title=f"boxes at {warehouse}")
    for b in boxes:
        size = f"{b.length_mm}×{b.width_mm}×{b.height_mm}"
        table.add_row(b.code, b.name, size, str(b.tare_g), str(b.max_weight_g))
    console.print(table)


@boxes_app.command("set")
def set_box(
    warehouse: str = typer.Argument(..., help="Warehouse code, e.g. LEJ."),
    code: str = typer.Argument(..., help="The box's code, e.g. BOX-M."),
    name: str = typer.Option(..., "--name"),
    size: str = typer.Option(..., "--size", help="Inside measures in mm: 350x250x150."),
    tare_g: int = typer.Option(..., "--empty-g", help="The empty box with padding, grams."),
    max_g: int = typer.Option(..., "--max-g", help="The most it may weigh, grams."),
) -> None:
    """Add a box to the warehouse's own set, or change the one with this code."""
    try:
        length, width, height = (int(part) for part in size.lower().split("x"))
    except ValueError:
        console.print("[red]--size takes three whole numbers: 350x250x150[/red]")
        raise typer.Exit(2) from None
    with transaction() as session:
        box = fulfilment.Box(code, name, length, width, height, max_g, tare_g)
        fulfilment.save_box(session, _warehouse(session, warehouse), box)
    console.print(f"[green]{warehouse} packs in {name} ({code})[/green]")


@boxes_app.command("remove")
def remove_box(warehouse: str = typer.Argument(...), code: str = typer.Argument(...)) -> None:
    with transaction() as session:
        fulfilment.remove_box(session, _warehouse(session, warehouse), code)
    console.print(f"[green]{code} removed from {warehouse}[/green]")
