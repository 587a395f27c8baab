"""seed: a generated, deterministic demo store; ``seed_if_empty`` for ``opsdesk demo``."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

import typer
from rich.table import Table

from opsdesk import demo
from opsdesk.cli.base import (
    StageBars,
    app,
    console,
    emit_json,
    engine,
    settings,
    stage_progress,
    transaction,
)
from opsdesk.kernel import migrate
from opsdesk.kernel.errors import OpsDeskError

DEMO_SIZE = "small"
DEMO_SEED = 42

SizeName = enum.StrEnum("SizeName", {name.upper(): name for name in demo.SIZES})  # type: ignore[misc]


def _now() -> datetime:
    return datetime.now(UTC).replace(second=0, microsecond=0)


def _parse_now(value: str | None) -> datetime:
    if value is None:
        return _now()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter("use an ISO date-time such as 2026-11-20T12:00Z") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _generate(size: demo.StoreSize, seed: int, now: datetime | None = None) -> demo.SeedReport:
    eng = engine()
    if not migrate.is_current(eng):
        console.print("[red]error:[/red] the database is not migrated: run `opsdesk migrate` first")
        raise typer.Exit(1)
    with stage_progress(transient=True) as bars:
        try:
            return demo.generate_store(eng, size, seed, now or _now(), StageBars(bars),
                                       timezone=settings().default_timezone)  # fmt: skip
        except OpsDeskError as exc:
            console.print(f"[red]error:[/red] {exc.message}")
            raise typer.Exit(1) from exc


def _print_report(report: demo.SeedReport) -> None:
    table = Table(title=f"{report.size} store, seed {report.seed} ({report.backend})")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in report.rows.items():
        table.add_row(name, f"{count:,}")
    console.print(table)
    statuses = ", ".join(f"{s} {n}" for s, n in report.order_statuses.items())
    console.print(f"orders by status: {statuses}")
    console.print(f"took {report.seconds:.1f} s, peak memory {report.peak_rss_mb:.0f} MB")


@app.command()
def seed(
    size: SizeName = typer.Option(DEMO_SIZE, help="How big a store to generate."),
    seed_value: int = typer.Option(DEMO_SEED, "--seed", help="Same seed, same store."),
    now: str = typer.Option(
        None, help="The store's present moment (ISO); default: now. Same seed + now, same store."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Fill an empty database with a generated demo store (refuses a non-empty one)."""
    report = _generate(demo.size_named(str(size)), seed_value, _parse_now(now))
    if json_output:
        emit_json(report.as_dict())
    else:
        _print_report(report)


def seed_if_empty() -> None:
    """Seed the default demo store when the database has no orders yet; print a login."""
    with engine().connect() as conn:
        found = demo.existing_rows(conn)
    if found:
        console.print(f"the database already holds data ({found}); not seeding")
    else:
        _print_report(_generate(demo.size_named(DEMO_SIZE), DEMO_SEED))
        from opsdesk.cli.forecast import forecast_new_store

        forecast_new_store()
    with transaction() as session:
        login = demo.ensure_demo_login(session)
    s = settings()
    console.print(f"\nOpsDesk demo at http://{s.host}:{s.port}/")
    if login.password:
        console.print(f"  log in as {login.email} with password [bold]{login.password}[/bold]")
    else:
        console.print(f"  log in as {login.email} (password set when the demo was first seeded)")
    console.print(f"  API token (admin): [bold]{login.token}[/bold]")
    console.print(
        f"  try: curl -H 'Authorization: Bearer {login.token}' "
        f"http://{s.host}:{s.port}/api/v1/orders"
    )
