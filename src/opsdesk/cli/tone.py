"""``opsdesk tone``: refit the politeness weights; report helpers for ``opsdesk eval politeness``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from opsdesk.cli.base import app, console, emit_json
from opsdesk.kernel.errors import InvalidInput

tone_app = typer.Typer(help="Politeness model of the tone coach.", no_args_is_help=True)
app.add_typer(tone_app, name="tone")

# The paper's Wikipedia in-domain figures (binary, top vs bottom quartile).
PAPER_CLASSIFIER_ACCURACY = 0.838
HUMAN_ACCURACY = 0.867


@dataclass(frozen=True)
class PolitenessReport:
    file: str
    requests: int
    polite: int
    impolite: int
    folds: int
    fold_accuracies: list[float]
    chosen_c: list[float]
    cv_accuracy: float
    cv_std: float
    shipped_accuracy: float
    shipped_source: str
    cv_capped_accuracy: float = 0.0
    shipped_capped_accuracy: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "requests": self.requests,
            "quartile_requests": {"polite": self.polite, "impolite": self.impolite},
            "cross_validation": {
                "folds": self.folds,
                "accuracy": round(self.cv_accuracy, 4),
                "std": round(self.cv_std, 4),
                "fold_accuracies": [round(a, 4) for a in self.fold_accuracies],
                "chosen_c": self.chosen_c,
                "accuracy_with_rude_ceiling": round(self.cv_capped_accuracy, 4),
            },
            "shipped_weights": {
                "accuracy": round(self.shipped_accuracy, 4),
                "accuracy_with_rude_ceiling": round(self.shipped_capped_accuracy, 4),
                "fitted_on": self.shipped_source,
                "note": "in-sample when this file is the one the weights were fitted on",
            },
            "reference": {"paper_classifier": PAPER_CLASSIFIER_ACCURACY, "humans": HUMAN_ACCURACY},
        }


def evaluate_politeness(csv_file: Path, folds: int, c: float | None) -> PolitenessReport:
    from opsdesk.tone import fitting, shipped_model

    scored = fitting.read_scored_requests(csv_file)
    data = fitting.quartile_extremes(scored)
    with console.status(f"cross-validating over {folds} folds…"):
        cv = fitting.cross_validate(data, folds=folds, c=c)
    model = shipped_model()
    return PolitenessReport(
        file=csv_file.name,
        requests=len(scored),
        polite=sum(data.labels),
        impolite=len(data.labels) - sum(data.labels),
        folds=folds,
        fold_accuracies=cv.fold_accuracies,
        chosen_c=cv.chosen_c,
        cv_accuracy=cv.accuracy,
        cv_std=cv.std,
        shipped_accuracy=fitting.accuracy(model, data),
        shipped_source=str(model.weights.provenance.get("source", "unknown")),
        cv_capped_accuracy=cv.capped_accuracy,
        shipped_capped_accuracy=fitting.accuracy(model, data, capped=True),
    )


def print_politeness_report(report: PolitenessReport) -> None:
    table = Table(title=f"Politeness, top vs bottom quartile — {report.file}")
    table.add_column("measure")
    table.add_column("accuracy", justify="right")
    table.add_row(
        f"{report.folds}-fold cross-validation (fitted per fold)",
        f"{report.cv_accuracy:.1%} ± {report.cv_std:.1%}",
    )
    table.add_row(
        "  the same, with the coach's rude-wording ceiling", f"{report.cv_capped_accuracy:.1%}"
    )
    table.add_row(
        f"shipped weights (fitted on {report.shipped_source}; in-sample there)",
        f"{report.shipped_accuracy:.1%}",
    )
    table.add_row("paper: linguistically informed classifier", f"{PAPER_CLASSIFIER_ACCURACY:.1%}")
    table.add_row("paper: humans", f"{HUMAN_ACCURACY:.1%}")
    Console().print(table)
    typer.echo(
        f"{report.requests} requests, {report.polite} polite / {report.impolite} impolite in the"
        f" quartiles; C per fold: {', '.join(f'{c:g}' for c in report.chosen_c)}"
    )
    typer.echo(f"cross-validated accuracy: {report.cv_accuracy:.4f}")


@tone_app.command("fit")
def fit_weights(
    csv_file: Path = typer.Argument(
        ..., help="Scored requests (columns Request, Normalized Score)."
    ),
    out: Path = typer.Option(..., "--out", help="Where to write the weights JSON."),
    c: float | None = typer.Option(None, "--c", help="Fixed regularisation; default: inner CV."),
    strategies_only: bool = typer.Option(
        False,
        "--strategies-only",
        help="Fit on the politeness strategies alone (no words): the weights that score "
        "German, French, Spanish and Portuguese replies (shipped as strategy_weights.json).",
    ),
) -> None:
    """Fit the politeness weights on the top and bottom quartile of a scored file."""
    from opsdesk.tone import fitting

    try:
        data = fitting.quartile_extremes(fitting.read_scored_requests(csv_file))
        with console.status(f"fitting on {len(data.labels)} requests…"):
            weights = fitting.fit(data, source=csv_file.name, c=c, strategies_only=strategies_only)
    except InvalidInput as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(1) from exc
    weights.save(out)
    emit_json(
        {
            "out": str(out),
            "features": len(weights.coefficients),
            "c": weights.provenance.get("c"),
            "training_requests": len(data.labels),
        }
    )


def evaluate_reply_set(path: Path) -> dict[str, Any]:
    """The coach on a hand-written reply set: accuracy per language and kind, and misses."""
    from opsdesk.tone import reply_set

    results = reply_set.evaluate(reply_set.read_replies(path))
    return {
        "file": path.name,
        "languages": {
            language: {
                "accuracy": round(result.accuracy, 4),
                "replies": sum(result.total.values()),
                "right_per_kind": {k: f"{result.right[k]}/{n}" for k, n in result.total.items()},
                "misses": [
                    {"kind": m.reply.kind, "label": m.label.value, "score": round(m.score, 3),
                     "text": m.reply.text}
                    for m in result.misses
                ],
            }
            for language, result in sorted(results.items())
        },
    }  # fmt: skip


def print_reply_set_report(report: dict[str, Any]) -> None:
    table = Table(title=f"Tone coach on hand-written replies — {report['file']}")
    for column in ("language", "replies", "polite", "rude", "gamed", "accuracy"):
        table.add_column(column, justify="left" if column == "language" else "right")
    for language, row in report["languages"].items():
        kinds = row["right_per_kind"]
        table.add_row(
            language, str(row["replies"]), *(kinds.get(k, "–") for k in ("polite", "rude", "gamed")),
            f"{row['accuracy']:.1%}",
        )  # fmt: skip
    Console().print(table)
    for language, row in report["languages"].items():
        for miss in row["misses"]:
            typer.echo(f"miss [{language}, {miss['kind']} → {miss['label']}] {miss['text']}")
