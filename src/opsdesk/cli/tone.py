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
            },
            "shipped_weights": {
                "accuracy": round(self.shipped_accuracy, 4),
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
) -> None:
    """Fit the politeness weights on the top and bottom quartile of a scored file."""
    from opsdesk.tone import fitting

    try:
        data = fitting.quartile_extremes(fitting.read_scored_requests(csv_file))
        with console.status(f"fitting on {len(data.labels)} requests…"):
            weights = fitting.fit(data, source=csv_file.name, c=c)
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
