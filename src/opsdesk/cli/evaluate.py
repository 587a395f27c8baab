"""``opsdesk eval``: measure the shipped models on labelled data."""

from __future__ import annotations

from pathlib import Path

import typer

from opsdesk.cli.base import app

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
