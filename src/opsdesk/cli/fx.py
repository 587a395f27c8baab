"""Exchange-rate commands: set a dated rate, list the rates."""

from __future__ import annotations

import getpass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.table import Table

from opsdesk import fx
from opsdesk.cli.base import app, console, emit_json, settings, transaction
from opsdesk.kernel.db import utcnow

fx_app = typer.Typer(help="Exchange rates for remedies in every currency.", no_args_is_help=True)
app.add_typer(fx_app, name="fx")


def _store_today() -> date:
    try:
        zone = ZoneInfo(settings().default_timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return utcnow().astimezone(zone).date()


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(
            f"use a date such as 2026-12-01, not {value!r}", param_hint=option
        ) from exc


def _who() -> str:
    try:
        return f"cli:{getpass.getuser()}"[:120]
    except (OSError, KeyError):
        return "cli"


@fx_app.command("set")
def set_rate(
    base: str = typer.Argument(..., help="The currency converted from, e.g. EUR."),
    quote: str = typer.Argument(..., help="The currency converted into, e.g. GBP."),
    rate: str = typer.Argument(..., help="What 1 BASE is worth in QUOTE, e.g. 0.85."),
    valid_from: str = typer.Option(
        None, "--from", help="First day it applies (YYYY-MM-DD); default: today, store's clock."
    ),
    note: str = typer.Option("", help="Where the rate comes from."),
    by: str = typer.Option(None, help="Who sets it (default: cli:<login name>)."),
    as_json: bool = typer.Option(False, "--json", help="Print the stored rate as JSON."),
) -> None:
    """Set 1 BASE = RATE QUOTE from a day on (replaces that day's rate of the pair)."""
    day = _day(valid_from, "--from") or _store_today()
    with transaction() as session:
        row, created = fx.set_rate(
            session, base=base, quote=quote, rate=rate, valid_from=day, set_by=by or _who(),
            note=note,
        )  # fmt: skip
        shown = fx.RateRead.of(row)
    if as_json:
        emit_json(shown.model_dump(mode="json"))
        return
    verb = "set" if created else "replaced"
    console.print(f"{verb}: 1 {shown.base} = {shown.rate} {shown.quote} from {shown.valid_from}")


@fx_app.command("list")
def list_rates(
    base: str = typer.Option(None, help="Only rates from this currency."),
    quote: str = typer.Option(None, help="Only rates into this currency."),
    on: str = typer.Option(None, help="Only the rate each pair has in effect on this day."),
    as_json: bool = typer.Option(False, "--json", help="Print the rates as JSON."),
) -> None:
    """The stored rates by pair, the newest first."""
    day = _day(on, "--on")
    with transaction() as session:
        rows = [fx.RateRead.of(r) for r in fx.list_rates(session, base=base, quote=quote, on=day)]
    if as_json:
        emit_json([r.model_dump(mode="json") for r in rows])
        return
    if not rows:
        console.print("no exchange rates stored: set one with `opsdesk fx set EUR GBP 0.85`")
        return
    table = Table("base", "quote", "rate", "valid from", "set by", "set at", "note")
    for r in rows:
        table.add_row(r.base, r.quote, r.rate, str(r.valid_from), r.set_by,
                      _minute(r.set_at), r.note)  # fmt: skip
    console.print(table)


def _minute(at: datetime) -> str:
    return f"{at:%Y-%m-%d %H:%M} UTC"
