"""``opsdesk eval forecast`` (the forecaster on a train/test pair of CSV files) and
``opsdesk forecast run`` (the store's own demand, stored as the latest run)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from opsdesk.cli.base import app
from opsdesk.cli.evaluate import eval_app

if TYPE_CHECKING:
    from opsdesk.forecasting import ForecastReport


@eval_app.command("forecast")
def eval_forecast(
    train: Path = typer.Option(..., "--train", help="History CSV to fit on."),
    test: Path = typer.Option(..., "--test", help="CSV of the period to forecast and score."),
    id_columns: str = typer.Option(..., "--id-columns", help="Series key, e.g. store,item."),
    date_column: str = typer.Option(..., "--date-column", help="Column holding the date."),
    target_column: str = typer.Option(..., "--target-column", help="Column holding demand."),
    weight_column: str | None = typer.Option(
        None, "--weight-column", help="Test column; rows where it is true weigh --weight-value."
    ),
    weight_value: float = typer.Option(
        5.0, "--weight-value", min=0.0, help="Weight of flagged rows."
    ),
    freq: str | None = typer.Option(None, "--freq", help="D or W (default: from the dates)."),
    strategy: str = typer.Option("best", "--strategy", help="best (per series) or blend (top-k)."),
    fast: bool = typer.Option(False, "--fast", help="Skip the slow ETS/Theta/MSTL fits."),
    top_k: int = typer.Option(2, "--top-k", min=1, max=10, help="Models blended per series."),
    jobs: int = typer.Option(2, "--jobs", min=1, help="Processes for statsforecast."),
    country: str = typer.Option(
        "US",
        "--country",
        help="Market whose public holidays align weekly seasonal lags "
        "(a `holidays` country code; 'none' to turn off).",
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """MAE, RMSSE and WMAE of every candidate and of the chosen forecast, against seasonal
    naive in the same run, plus wall time. Exit 1 on unreadable or inconsistent input."""
    from opsdesk import forecasting
    from opsdesk.cli.base import console, emit_json
    from opsdesk.kernel.errors import InvalidInput

    ids = tuple(c.strip() for c in id_columns.split(",") if c.strip())
    try:
        if strategy not in ("blend", "best"):
            raise InvalidInput("--strategy must be blend or best")
        columns = forecasting.Columns(ids, date_column, target_column)
        history = forecasting.read_table(train, columns)
        test_cols = forecasting.Columns(ids, date_column, target_column, weight_column)
        held_out = forecasting.read_table(test, test_cols)
        pandas_freq = forecasting.frequency(history["ds"], freq)
        settings = forecasting.Settings(
            freq=pandas_freq,
            season=forecasting.season_for(pandas_freq),
            strategy="best" if strategy == "best" else "blend",
            top_k=top_k,
            n_jobs=jobs,
            chunk_size=1000,
            fast=fast,
            backend=forecasting.backend_from_env(),
            country=None if country.strip().lower() in ("", "none") else country.strip().upper(),
        )
        report = _run_with_progress(history, held_out, settings, weight_value, quiet=json_output)
    except (InvalidInput, ValueError) as exc:
        console.print(f"[red]error:[/red] {getattr(exc, 'message', exc)}")
        raise typer.Exit(1) from exc
    if json_output:
        emit_json(report.as_dict())
    else:
        _print(report)


def _run_with_progress(history, held_out, settings, weight_value, *, quiet: bool) -> ForecastReport:  # type: ignore[no-untyped-def]
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from opsdesk import forecasting
    from opsdesk.cli.base import console

    total = int(history["unique_id"].nunique())
    columns = (TextColumn("forecasting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, disable=quiet, transient=True) as bar:
        task = bar.add_task("series", total=total)
        return forecasting.evaluate(
            history, held_out, settings, weight_value, progress=lambda n: bar.advance(task, n)
        )


def _print(report: ForecastReport) -> None:
    from rich.console import Console
    from rich.table import Table

    weighted = any(s.wmae is not None for s in report.scores)
    table = Table(title=f"Forecast accuracy, {report.horizon} steps ({report.freq})")
    headers = ["forecast", "MAE", "RMSSE", *(["WMAE"] if weighted else []), "vs seasonal naive"]
    for h in headers:
        table.add_column(h, justify="left" if h == "forecast" else "right")
    for s in report.scores:
        row = [s.name, f"{s.mae:.3f}", f"{s.rmsse:.3f}"]
        row += [f"{s.wmae:.3f}"] if weighted and s.wmae is not None else []
        style = "bold" if s.name == report.product else None
        table.add_row(*row, f"{s.ratio:.3f}", style=style)
    out = Console()
    out.print(
        f"{report.series} series ({report.unseen_series} not in train, forecast as 0), "
        f"{report.rows} test rows, {report.seconds:.1f} s; "
        f"{report.level:.0%} interval covered {report.coverage:.1%}"
    )
    out.print(table)


forecast_app = typer.Typer(help="Forecast the store's demand.", no_args_is_help=True)
app.add_typer(forecast_app, name="forecast")


@forecast_app.command("run")
def forecast_run(
    freq: str = typer.Option("W", "--freq", help="D (days) or W (weeks)."),
    horizon: int | None = typer.Option(
        None, "--horizon", min=1, max=366, help="Periods ahead (default 13 weeks / 28 days)."
    ),
    fast: bool = typer.Option(False, "--fast", help="Skip the slow ETS/Theta/MSTL fits."),
    jobs: int = typer.Option(1, "--jobs", min=1, max=64, help="Processes for statsforecast."),
    json_output: bool = typer.Option(False, "--json", help="Print the run summary as JSON."),
) -> None:
    """Forecast demand per SKU x warehouse from the store's orders (stockout days imputed),
    roll it up per SKU, category and store, and store it as the latest run.
    Exit 1 on bad options or a failed run."""
    import dataclasses

    from opsdesk.cli.base import StageBars, console, emit_json, stage_progress, transaction
    from opsdesk.forecasting.store_run import RunOptions, run_store_forecast

    kind = freq.strip().upper()
    if kind not in ("D", "W"):
        console.print(f"[red]error:[/red] --freq must be D or W, not {freq!r}")
        raise typer.Exit(1)
    options = RunOptions(freq=kind, horizon=horizon, fast=fast, n_jobs=jobs)
    try:
        with transaction() as session, stage_progress(transient=True) as bars:
            bars.disable = json_output
            summary = run_store_forecast(session, options, _today(), StageBars(bars))
    except typer.Exit:
        raise
    except Exception as exc:  # a failed run is a message and exit 1, not a traceback
        console.print(f"[red]error:[/red] the forecast run failed: {exc!r}")
        raise typer.Exit(1) from exc
    if json_output:
        emit_json(dataclasses.asdict(summary))
        return
    console.print(
        f"run {summary.run_id}: {summary.series} SKU x warehouse series "
        f"({summary.stored} rows with roll-ups), {summary.horizon} periods ({summary.freq}) "
        f"from {summary.history_end}, {summary.stockout_periods} stockout periods imputed, "
        f"{summary.seconds:.1f} s"
    )
    for name, count in summary.models.items():
        console.print(f"  {name}: {count} series")
    for period, names in summary.holidays.items():
        console.print(f"  holiday in period {period}: {names}")


def _today() -> date:
    return datetime.now(UTC).date()


def forecast_new_store() -> None:
    """A quick weekly forecast right after the demo store is seeded (a few seconds for
    the small store), so the Forecast page has something before the first night."""
    from opsdesk.cli.base import StageBars, console, stage_progress, transaction
    from opsdesk.forecasting.store_run import RunOptions, run_store_forecast

    with transaction() as session, stage_progress(transient=True) as bars:
        summary = run_store_forecast(session, RunOptions(fast=True), _today(), StageBars(bars))
    console.print(f"forecast {summary.series} SKU x warehouse series in {summary.seconds:.1f} s")
