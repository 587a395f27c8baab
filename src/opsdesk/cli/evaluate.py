"""``opsdesk eval``: measure the shipped models on labelled data."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from opsdesk.cli.base import app

if TYPE_CHECKING:
    from rich.table import Table

    from opsdesk.proactive import CrossValidationReport, EvaluationReport

eval_app = typer.Typer(help="Evaluate OpsDesk's models on labelled data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("intents")
def eval_intents(
    csv_file: Path = typer.Argument(..., help="Labelled messages (UTF-8 CSV)."),
    text_column: str = typer.Option("text", help="Column holding the message."),
    label_column: str = typer.Option("intent", help="Column holding the expected intent."),
    model: Path | None = typer.Option(None, help="A model saved by `opsdesk assistant train`."),
    json_output: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Accuracy, macro-F1, per-intent scores and most confused pairs of an intent model."""
    from opsdesk.assistant import evaluate_model, read_labelled_csv
    from opsdesk.cli.assistant import load_model, print_report, report_as_dict
    from opsdesk.cli.base import console, emit_json
    from opsdesk.kernel.errors import InvalidInput

    try:
        data = read_labelled_csv(csv_file, text_column=text_column, label_column=label_column)
    except InvalidInput as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(1) from exc
    report = evaluate_model(load_model(model), data)
    if json_output:
        emit_json(report_as_dict(report))
    else:
        print_report(report, f"{csv_file.name} ({'shipped model' if model is None else model})")


@eval_app.command("politeness")
def eval_politeness(
    csv_file: Path = typer.Argument(
        ...,
        help="Scored requests (columns Request, Normalized Score), or a hand-written reply "
        "set (columns language, kind, text; a file or a folder of them, e.g. tests/data/tone).",
    ),
    folds: int = typer.Option(10, "--folds", min=2, help="Cross-validation folds."),
    c: float | None = typer.Option(
        None, "--c", help="Fixed regularisation; default: chosen by inner CV in each fold."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Binary accuracy on the top vs bottom quartile of politeness (the ACL 2013 protocol);
    on a reply set, the coach's accuracy per language (polite, rude and gamed replies)."""
    from opsdesk.cli.base import console, emit_json
    from opsdesk.cli.tone import evaluate_politeness, print_politeness_report
    from opsdesk.kernel.errors import InvalidInput
    from opsdesk.tone.reply_set import is_reply_set

    if is_reply_set(csv_file):
        _eval_reply_set(csv_file, json_output)
        return
    try:
        report = evaluate_politeness(csv_file, folds=folds, c=c)
    except InvalidInput as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(1) from exc
    if json_output:
        emit_json(report.as_dict())
    else:
        print_politeness_report(report)


def _eval_reply_set(path: Path, json_output: bool) -> None:
    from opsdesk.cli.base import console, emit_json
    from opsdesk.cli.tone import evaluate_reply_set, print_reply_set_report
    from opsdesk.kernel.errors import InvalidInput

    try:
        report = evaluate_reply_set(path)
    except InvalidInput as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(1) from exc
    if json_output:
        emit_json(report)
    else:
        print_reply_set_report(report)


@eval_app.command("delay-risk")
def eval_delay_risk(
    train: Path = typer.Option(..., "--train", help="Olist-format folder to learn from."),
    test: Path | None = typer.Option(None, "--test", help="Olist-format folder to predict."),
    split: float | None = typer.Option(
        None,
        "--split",
        min=0.1,
        max=0.95,
        help="Without --test: train on this share of "
        "--train by purchase time, test on the later rest.",
    ),
    split_date: datetime | None = typer.Option(
        None,
        "--split-date",
        formats=["%Y-%m-%d"],
        help="Without --test: train on purchases before this day, test on the rest.",
    ),
    folds: int | None = typer.Option(
        None, "--folds", min=2, max=20, help="Without --test: K-fold cross-validation (random)."
    ),
    seed: int = typer.Option(0, "--seed", help="Random seed of --folds."),
    threshold: float = typer.Option(
        0.3, "--threshold", min=0.01, max=0.99, help="Alert threshold."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Delay risk at hand-over (ROC AUC, Brier, precision/recall) against the naive slack
    baseline; then the test parcels replayed as live scans (who is told, how early, how
    many needlessly) against telling whoever is still out the day before."""
    from opsdesk import proactive
    from opsdesk.cli.base import console, emit_json
    from opsdesk.kernel.errors import InvalidInput

    if (test is not None) + (split is not None or split_date is not None) + (
        folds is not None
    ) != 1:
        console.print("[red]error:[/red] give one of --test DIR, --split / --split-date, --folds")
        raise typer.Exit(2)
    report: EvaluationReport | CrossValidationReport
    try:
        history = proactive.read_olist_history(train)
        if folds is not None:
            report = proactive.cross_validate(history, folds=folds, seed=seed, threshold=threshold)
        else:
            parts = (
                (history, proactive.read_olist_history(test))
                if test is not None
                else proactive.split_by_purchase(history, share=split, before=split_date)
            )
            report = proactive.evaluate(*parts, threshold=threshold)
    except (InvalidInput, ValueError) as exc:
        console.print(f"[red]error:[/red] {getattr(exc, 'message', exc)}")
        raise typer.Exit(1) from exc
    if json_output:
        emit_json(report.as_dict())
    elif isinstance(report, proactive.CrossValidationReport):
        _print_cross_validation(report)
    else:
        _print_delay_risk(report)


def _show(value: float | int | None, digits: int = 3) -> str:
    return (
        "—" if value is None else f"{value:.{digits}f}" if isinstance(value, float) else str(value)
    )


def _print_cross_validation(report: CrossValidationReport) -> None:
    from statistics import mean, pstdev

    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"Delay risk at carrier hand-over, {report.folds}-fold cross-validation "
        f"(seed {report.seed}, alert threshold {report.threshold:.2f})"
    )
    for column in ("score", "AUC mean ± sd", "fold range", "pooled AUC", "Brier", "P / R"):
        table.add_column(column, justify="left" if column == "score" else "right")
    for s in report.pooled:
        aucs = report.fold_auc[s.name]
        table.add_row(
            s.name,
            f"{mean(aucs):.3f} ± {pstdev(aucs):.3f}",
            f"{min(aucs):.2f}–{max(aucs):.2f}",
            _show(s.roc_auc),
            _show(s.brier, 4),
            f"{_show(s.precision, 2)} / {_show(s.recall, 2)}",
        )
    Console().print(
        f"{report.rows} parcels, {report.period[0]} – {report.period[1]}, "
        f"{report.late_share:.1%} late; folds interleave in time (a random hold-out)"
    )
    Console().print(table)


def _print_delay_risk(report: EvaluationReport) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Delay risk at carrier hand-over (alert threshold {report.threshold:.2f})")
    for column in ("score", "ROC AUC", "Brier", "precision", "recall", "flagged"):
        table.add_column(column, justify="left" if column == "score" else "right")
    for s in report.scores:
        table.add_row(
            s.name,
            _show(s.roc_auc),
            _show(s.brier, 4),
            _show(s.precision),
            _show(s.recall),
            _show(s.flagged),
        )
    out = Console()
    out.print(
        f"train: {report.train_rows} parcels, {report.train_period[0]} – {report.train_period[1]}, "
        f"{report.train_late_share:.1%} late\n"
        f"test:  {report.test_rows} parcels, {report.test_period[0]} – {report.test_period[1]}, "
        f"{report.test_late_share:.1%} late"
    )
    out.print(table)
    out.print(_in_flight_table(report))


def _in_flight_table(report: EvaluationReport) -> Table:
    from rich.table import Table

    table = Table(title="Delay notices while in flight (live scans replayed on the test parcels)")
    for column in ("notice when", "late told", "≥ 1 day ahead", "median lead", "on time told"):
        table.add_column(column, justify="left" if column == "notice when" else "right")
    for a in report.in_flight:
        when = f"risk ≥ {a.threshold:.2f}" if a.threshold is not None else a.name
        lead = "—" if a.median_lead_days is None else f"{a.median_lead_days:.1f} d"
        table.add_row(
            when,
            f"{a.warned_late} of {a.late} ({_show(a.recall, 2)})",
            str(a.warned_late_day_ahead),
            lead,
            f"{a.warned_on_time} of {a.on_time}",
        )
    return table
