"""``opsdesk assistant``: train and try the assistant's intent model.

The NLU package loads scikit-learn, so it is imported inside the commands: the rest of
the CLI starts without paying for it.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table

from opsdesk.cli.base import app, console, emit_json, settings
from opsdesk.kernel.errors import InvalidInput

if TYPE_CHECKING:
    from opsdesk.assistant import EvaluationReport, IntentModel

assistant_app = typer.Typer(help="The customer assistant: intent models.", no_args_is_help=True)
app.add_typer(assistant_app, name="assistant")

MODEL_HELP = "An intent model saved by `opsdesk assistant train` (default: the shipped one)."


def load_model(path: Path | None) -> IntentModel:
    """The model at ``path``, or the shipped one; a bad file is a message and exit code 1."""
    from opsdesk.assistant import IntentModel, shipped_intent_model

    if path is None:
        return shipped_intent_model()
    try:
        return IntentModel.load(path)
    except (OSError, ValueError, KeyError) as exc:
        console.print(f"[red]error:[/red] cannot load intent model {path}: {exc}")
        raise typer.Exit(1) from exc


def report_as_dict(report: EvaluationReport) -> dict[str, Any]:
    return asdict(report)


def print_report(report: EvaluationReport, title: str, out: Console | None = None) -> None:
    out = out or Console()
    out.print(
        f"[bold]{title}[/bold]: {report.examples} messages, "
        f"accuracy {report.accuracy:.1%}, macro-F1 {report.macro_f1:.3f}"
    )
    table = Table("intent", "precision", "recall", "F1", "support")
    for s in sorted(report.per_intent, key=lambda s: s.f1):
        table.add_row(
            s.intent, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.support)
        )
    out.print(table)
    if report.confused_pairs:
        pairs = Table("expected", "predicted", "count", title="most confused")
        for pair in report.confused_pairs:
            pairs.add_row(pair.expected, pair.predicted, str(pair.count))
        out.print(pairs)


def default_model_path() -> Path:
    return settings().data_dir / "assistant" / "intent-model.npz"


@assistant_app.command("train")
def train(
    csv_file: Path | None = typer.Option(None, "--csv", help="Labelled messages (UTF-8 CSV)."),
    text_column: str = typer.Option("text", help="Column holding the message."),
    label_column: str = typer.Option("intent", help="Column holding the intent."),
    out: Path | None = typer.Option(None, help="Where to save (default: <data dir>/assistant/)."),
    holdout: float = typer.Option(
        0.0, min=0.0, max=0.5, help="Hold out this share (stratified) and report scores on it."
    ),
    shipped: bool = typer.Option(
        False,
        "--shipped",
        help="Rebuild the shipped model: own phrases + the --csv file (the public intents "
        "file) + typo copies; saved into the package unless --out is given.",
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Train an intent model on a retailer's own labelled messages and save it."""
    from opsdesk.assistant import evaluate_model, read_labelled_csv, stratified_split
    from opsdesk.assistant import train_intent_model as fit

    if csv_file is None or (shipped and holdout):
        console.print("[red]error:[/red] give --csv FILE (and no --holdout with --shipped)")
        raise typer.Exit(2)
    if shipped:
        train_shipped(csv_file, text_column, label_column, out, json_output)
        return
    try:
        data = read_labelled_csv(csv_file, text_column=text_column, label_column=label_column)
        train_part, test_part = (
            stratified_split(data, test_share=holdout) if holdout else (data, None)
        )
        with console.status(f"training on {len(train_part.texts)} messages…"):
            model = fit(train_part.texts, train_part.labels)
    except InvalidInput as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(1) from exc
    except ValueError as exc:  # e.g. every row carries the same intent
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    path = out or default_model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    model.save(path)
    report = evaluate_model(model, test_part) if test_part else None
    summary: dict[str, Any] = {
        "model": str(path),
        "trained_on": len(train_part.texts),
        "intents": model.intents,
        "holdout": report_as_dict(report) if report else None,
    }
    if json_output:
        emit_json(summary)
        return
    console.print(f"saved {path}: {len(model.intents)} intents, {len(train_part.texts)} messages")
    if report:
        print_report(report, f"held-out {holdout:.0%}")


def train_shipped(
    csv_file: Path, text_column: str, label_column: str, out: Path | None, json_output: bool
) -> None:
    """The shipped model's recipe (``nlu.recipe``) on the public file, saved and described."""
    from opsdesk.assistant import read_labelled_csv
    from opsdesk.assistant.nlu.recipe import file_digest, shipped_model_path, train_recipe

    try:
        data = read_labelled_csv(csv_file, text_column=text_column, label_column=label_column)
    except InvalidInput as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(1) from exc
    provenance = {"public_file": csv_file.name, "public_sha256": file_digest(csv_file)}
    with console.status(f"training on own phrases + {len(data.texts)} public messages…"):
        model = train_recipe(data.texts, data.labels, provenance=provenance)
    path = out or shipped_model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    model.save(path)
    size = path.stat().st_size
    summary = {"model": str(path), "bytes": size, "intents": model.intents,
               "temperature": model.linear.temperature, "provenance": model.provenance}  # fmt: skip
    if json_output:
        emit_json(summary)
        return
    console.print(f"saved {path} ({size / 1e6:.1f} MB): {len(model.intents)} intents")


@assistant_app.command("classify")
def classify(
    text: str = typer.Argument(..., help="A customer message."),
    model: Path | None = typer.Option(None, help=MODEL_HELP),
    today: str | None = typer.Option(None, help="Reference date for 'tomorrow' (YYYY-MM-DD)."),
    json_output: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show the intent, confidence, language and entities the assistant reads in a message."""
    from opsdesk.assistant import extract_entities

    try:
        reference = date.fromisoformat(today) if today else date.today()
    except ValueError as exc:
        console.print(f"[red]error:[/red] --today must be YYYY-MM-DD, got {today!r}")
        raise typer.Exit(1) from exc
    prediction = load_model(model).predict(text)
    entities = extract_entities(text, reference_date=reference, language=prediction.language)
    if json_output:
        emit_json({**prediction.as_dict(), "entities": [asdict(e) for e in entities]})
        return
    out = Console()
    out.print(f"intent: [bold]{prediction.intent}[/bold] ({prediction.confidence:.2f})")
    out.print(f"language: {prediction.language}")
    for label, confidence in prediction.alternatives:
        out.print(f"  or {label} ({confidence:.2f})")
    for entity in entities:
        out.print(
            f"{entity.kind.value}: {entity.value}"
            + (f" ({entity.country})" if entity.country else "")
        )
