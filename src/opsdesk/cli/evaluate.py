"""``opsdesk eval``: measure the shipped models on labelled data."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from opsdesk.cli.base import app

if TYPE_CHECKING:
    from rich.table import Table

    from opsdesk.proactive import CrossValidationReport, EvaluationReport, History

eval_app = typer.Typer(help="Evaluate OpsDesk's models on labelled data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("intents")
def eval_intents(
    csv_file: Path = typer.Argument(..., help="Labelled messages (UTF-8 CSV)."),
    text_column: str = typer.Option("text", help="Column holding the message."),
    label_column: str = typer.Option("intent", help="Column holding the expected intent."),
    model: Path | None = typer.Option(None, help="A model saved by `opsdesk assistant train`."),
    language_column: str | None = typer.Option(None, help="Column holding the language."),
    grouped_cv: int = typer.Option(
        0,
        "--grouped-cv",
        min=0,
        max=20,
        help="Cross-validate the shipped recipe in K folds of whole template groups, with "
        "typos, against the previous model and plain TF-IDF (0: off).",
    ),
    external: Path | None = typer.Option(
        None,
        "--external",
        help="Also score an external or out-of-template file (columns text, intent, language).",
    ),
    baseline: bool = typer.Option(
        False, "--baseline", help="Score the previous model (own phrases only) in the same run."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Accuracy, macro-F1, per-intent scores and most confused pairs of an intent model;
    with --grouped-cv / --external / --baseline, generalisation figures (issue 19)."""
    from opsdesk.assistant import evaluate_model, read_labelled_csv
    from opsdesk.cli.assistant import load_model, print_report, report_as_dict
    from opsdesk.cli.base import console, emit_json
    from opsdesk.cli.intents_eval import evaluate_generalisation, trained_on
    from opsdesk.kernel.errors import InvalidInput

    try:
        data = read_labelled_csv(csv_file, text_column=text_column, label_column=label_column,
                                 language_column=language_column)  # fmt: skip
    except InvalidInput as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(1) from exc
    if grouped_cv or external or baseline:
        evaluate_generalisation(csv_file, data, grouped_cv, external, json_output)
        return
    report = evaluate_model(load_model(model), data)
    if model is None and trained_on(csv_file):
        console.print("[yellow]note:[/yellow] the shipped model learnt from this file; "
                      "for a generalisation figure use --grouped-cv")  # fmt: skip
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
        None, "--c", help="Fixed regularisation; default: each recipe's own (inner CV or fixed)."
    ),
    registers: Path | None = typer.Option(
        None, "--registers", help="Labelled texts of other registers (register, label, text)."
    ),
    replies: list[Path] = typer.Option(
        [], "--replies", help="Hand-written reply sets (repeatable) scored by the coach."
    ),
    baseline: Path | None = typer.Option(
        None, "--baseline", help="Previous weights JSON, scored in the same run as a baseline."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Binary accuracy on the top vs bottom quartile of politeness (the ACL 2013 protocol):
    grouped CV and a held-out part of the file, other registers and agent replies, each
    beside a baseline; on a reply set alone, the coach's accuracy per language."""
    from opsdesk.cli.base import console, emit_json
    from opsdesk.cli.tone import evaluate_politeness, print_politeness_report
    from opsdesk.kernel.errors import InvalidInput
    from opsdesk.tone.reply_set import is_reply_set

    if is_reply_set(csv_file):
        _eval_reply_set(csv_file, json_output)
        return
    try:
        report = evaluate_politeness(csv_file, folds, c, registers, replies, baseline)
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


DELAY_RISK_MODES = "--test DIR, --split / --split-date, --folds, --forward"


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
    forward: str | None = typer.Option(
        None, "--forward", help="Forward splits at these days, e.g. 2017-06-01,2017-08-01."
    ),
    threshold: float = typer.Option(
        0.3, "--threshold", min=0.01, max=0.99, help="Alert threshold."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Delay risk at hand-over (ROC AUC, Brier, precision/recall) against the naive slack
    baseline; then the test parcels replayed as live scans (who is told, how early, how
    many needlessly) against telling whoever is still out the day before."""
    from opsdesk import proactive
    from opsdesk.cli.base import console
    from opsdesk.kernel.errors import InvalidInput

    modes = [test, split if split_date is None else split_date, folds, forward]
    if sum(mode is not None for mode in modes) != 1:
        console.print(f"[red]error:[/red] give one of {DELAY_RISK_MODES}")
        raise typer.Exit(2)
    report: EvaluationReport | CrossValidationReport
    try:
        history = proactive.read_olist_history(train)
        if forward is not None:
            _eval_forward(history, forward, json_output)
            return
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
    _emit_delay_risk(report, json_output)


def _emit_delay_risk(report: EvaluationReport | CrossValidationReport, json_output: bool) -> None:
    from opsdesk import proactive
    from opsdesk.cli.base import emit_json

    if json_output:
        emit_json(report.as_dict())
    elif isinstance(report, proactive.CrossValidationReport):
        _print_cross_validation(report)
    else:
        _print_delay_risk(report)


def _eval_forward(history: History, cuts: str, json_output: bool) -> None:
    from opsdesk.cli.base import emit_json
    from opsdesk.cli.delay_risk_report import parse_cuts, print_forward
    from opsdesk.proactive.risk.forward import forward_splits

    report = forward_splits(history, parse_cuts(cuts))
    if json_output:
        emit_json(report.as_dict())
    else:
        print_forward(report)


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

    from opsdesk.cli.delay_risk_report import notice_curve_table

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
    out.print(notice_curve_table(report))


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


@eval_app.command("replenishment")
def eval_replenishment(
    data: Path = typer.Option(
        Path("/work/shared/data/demand/store_item_demand.zip"),
        "--data",
        help="Daily demand CSV (or zip holding train.csv).",
    ),
    from_database: bool = typer.Option(
        False, "--from-database", help="Replay the store's own orders instead of --data."
    ),
    id_columns: str = typer.Option("store,item", "--id-columns", help="Series key columns."),
    date_column: str = typer.Option("date", "--date-column"),
    target_column: str = typer.Option("sales", "--target-column"),
    tune_year: int = typer.Option(2016, "--tune-year", help="Year the policy is tuned on."),
    test_year: int = typer.Option(2017, "--test-year", help="Year it is scored on."),
    lead_time: float = typer.Option(7.0, "--lead-time", min=1.0, help="Mean lead time, days."),
    lead_time_sd: float = typer.Option(2.0, "--lead-time-sd", min=0.0, help="Its spread."),
    every: int = typer.Option(7, "--every", min=1, max=91, help="Days between re-forecasts."),
    target: float = typer.Option(0.98, "--target", min=0.5, max=0.999, help="Fill rate aim."),
    series: int | None = typer.Option(None, "--series", min=1, help="Only the first N series."),
    days: int = typer.Option(
        120, "--days", min=28, help="With --from-database: score the last N days, tune on N before."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Replay a year of daily demand with the forecast policy against a min/max rule
    (min = average demand over the lead time, max = 2 × min): fill rate, stockout days,
    average stock, wall time. Tuned on --tune-year, scored on --test-year."""
    from rich.console import Console

    from opsdesk.cli import replenishment_report as shown
    from opsdesk.cli.base import console, emit_json, stage_progress, transaction
    from opsdesk.replenishment import experiment
    from opsdesk.replenishment.simulation import LeadTimes

    try:
        if from_database:
            with transaction() as session:
                panel = shown.read_database_demand(session)
        else:
            ids = [c.strip() for c in id_columns.split(",") if c.strip()]
            panel = shown.read_demand(data, ids, date_column, target_column, series)
        tune, test = shown.spans(panel, from_database, days, tune_year, test_year)
        total = sum(experiment.refreshes(panel, span, every) for span in (tune, test))
    except (ValueError, OSError, KeyError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    with stage_progress() as progress:
        task = progress.add_task("forecasts (refreshes)", total=total)
        report = experiment.run(
            panel, tune=tune, test=test,
            lead=LeadTimes(lead_time, lead_time_sd), every=every, target=target,
            tick=lambda n: progress.advance(task, n),
        )  # fmt: skip
    result = shown.report_dict(report, tune, test)
    if json_output:
        emit_json(result)
    else:
        shown.print_report(result, Console().print)
