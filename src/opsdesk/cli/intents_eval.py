"""``opsdesk eval intents`` beyond one file: grouped cross-validation, typos, an external
file and same-run baselines (issue 19). Rendering and orchestration; the measures live
in ``opsdesk.assistant.nlu.generalisation``."""

from __future__ import annotations

import csv
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from opsdesk.cli.base import console, emit_json, stage_progress

if TYPE_CHECKING:
    from collections.abc import Callable

    from opsdesk.assistant.nlu.classifier import IntentModel
    from opsdesk.assistant.nlu.evaluation import LabelledTexts
    from opsdesk.assistant.nlu.generalisation import FileReport, GroupedReport, ModelScores


def trained_on(path: Path) -> bool:
    """Whether the shipped model learnt from this very file (then its score is no evidence)."""
    from opsdesk.assistant.nlu.classifier import shipped_intent_model
    from opsdesk.assistant.nlu.recipe import file_digest

    recorded = shipped_intent_model().provenance.get("public_sha256")
    return recorded is not None and path.is_file() and recorded == file_digest(path)


def sparse_recipe() -> Callable[[list[str], list[str]], IntentModel] | None:
    """The shipped recipe without its sentence vector (the model before the static
    embedding), as a same-run baseline; None when the package carries no embedding."""
    from opsdesk.assistant.nlu.recipe import train_recipe
    from opsdesk.assistant.nlu.static_embedding import shipped_embedding

    if shipped_embedding() is None:
        return None
    return lambda texts, labels: train_recipe(texts, labels, alpha=0.0)


def run_grouped(data: LabelledTexts, folds: int) -> GroupedReport:
    from opsdesk.assistant.nlu.generalisation import grouped_cross_validation

    with stage_progress() as progress:
        task = progress.add_task("grouped cross-validation", total=folds)
        return grouped_cross_validation(
            data, folds=folds, on_fold=lambda _fold: progress.advance(task), sparse=sparse_recipe()
        )


def read_external(path: Path) -> LabelledTexts:
    """An external or out-of-template file: columns text, intent and (optional) language."""
    from opsdesk.assistant.nlu.evaluation import read_labelled_csv

    with path.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh), [])
    language = "language" if "language" in header else None
    return read_labelled_csv(
        path, text_column="text", label_column="intent", language_column=language
    )


def run_file(data: LabelledTexts, extra: list[tuple[str, IntentModel]] | None = None) -> FileReport:
    from opsdesk.assistant.nlu.classifier import phrases_intent_model, shipped_intent_model
    from opsdesk.assistant.nlu.generalisation import PREVIOUS, SHIPPED, score_file

    with console.status("scoring the shipped and the previous model…"):
        models = [(SHIPPED, shipped_intent_model()), (PREVIOUS, phrases_intent_model())]
        return score_file(data, [*models, *(extra or [])], languages=data.languages)


def sparse_baseline(csv_file: Path, data: LabelledTexts) -> list[tuple[str, IntentModel]]:
    """When ``csv_file`` is the public file the shipped model learnt from, the same recipe
    without the sentence vector, trained here: the model before it, in the same run."""
    from opsdesk.assistant.nlu.generalisation import SPARSE

    recipe = sparse_recipe()
    if recipe is None or not trained_on(csv_file):
        return []
    with console.status("training the recipe without the sentence vector…"):
        return [(SPARSE, recipe(data.texts, data.labels))]


def _model_row(scores: ModelScores) -> list[str]:
    c = scores.calibration
    clarified = "—" if c.clarified_accuracy is None else f"{c.clarified_accuracy:.1%}"
    languages = ", ".join(f"{k} {v:.0%}" for k, v in scores.per_language.items()) or "—"
    return [
        scores.name,
        f"{scores.clean.accuracy:.1%}",
        f"{scores.clean.macro_f1:.3f}",
        f"{scores.typos.accuracy:.1%}",
        f"{c.acted_share:.0%} at {c.acted_accuracy:.1%}",
        clarified,
        f"{c.expected_calibration_error:.3f}",
        languages,
    ]


def models_table(title: str, models: list[ModelScores]) -> Table:
    columns = ("model", "accuracy", "macro-F1", "with typos", "acted on (≥ 0.5)",
               "clarified: right", "ECE", "per language")  # fmt: skip
    table = Table(*columns, title=title)
    for scores in models:
        table.add_row(*_model_row(scores))
    return table


def weakest_table(scores: ModelScores, top: int = 8) -> Table:
    table = Table("intent", "recall", "F1", "support", title=f"weakest intents: {scores.name}")
    for s in sorted(scores.clean.per_intent, key=lambda s: s.f1)[:top]:
        table.add_row(s.intent, f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.support))
    return table


def report_generalisation(
    csv_file: Path,
    grouped: GroupedReport | None,
    as_written: FileReport,
    external: FileReport | None,
    json_output: bool,
) -> None:
    on_file = trained_on(csv_file)
    if json_output:
        emit_json({
            "file": str(csv_file),
            "shipped_model_trained_on_this_file": on_file,
            "grouped_cv": asdict(grouped) if grouped else None,
            "as_written": asdict(as_written),
            "external": asdict(external) if external else None,
        })  # fmt: skip
        return
    out = Console()
    if grouped:
        title = (f"{csv_file.name}: {grouped.folds}-fold cross-validation over "
                 f"{grouped.groups} template groups ({grouped.examples} messages)")  # fmt: skip
        out.print(models_table(title, grouped.models))
        out.print(weakest_table(grouped.models[0]))
    note = " — the shipped model learnt from this file: no evidence" if on_file else ""
    out.print(models_table(f"{csv_file.name} as written{note}", as_written.models))
    if external:
        out.print(models_table("external / out-of-template file", external.models))
        out.print(weakest_table(external.models[0]))


def evaluate_generalisation(
    csv_file: Path, data: LabelledTexts, folds: int, external: Path | None, json_output: bool
) -> None:
    """The whole issue-19 report; bad input is a message and exit code 1."""
    from opsdesk.kernel.errors import InvalidInput

    try:
        outside = read_external(external) if external else None
        grouped = run_grouped(data, folds) if folds else None
        extra = sparse_baseline(csv_file, data)
        as_written = run_file(data, extra)
        external_report = run_file(outside, extra) if outside else None
    except (InvalidInput, OSError) as exc:
        console.print(f"[red]error:[/red] {getattr(exc, 'message', exc)}")
        raise typer.Exit(1) from exc
    report_generalisation(csv_file, grouped, as_written, external_report, json_output)
