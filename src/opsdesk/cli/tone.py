"""``opsdesk tone``: refit the politeness weights; report helpers for ``opsdesk eval politeness``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table

from opsdesk.cli.base import app, console, emit_json, stage_progress
from opsdesk.kernel.errors import InvalidInput

if TYPE_CHECKING:
    from opsdesk.tone.model import PolitenessModel

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
    dev_checks: dict[str, Any]  # from tone.evaluation.dev_file_checks
    shipped_accuracy: float
    shipped_source: str
    shipped_capped_accuracy: float = 0.0
    baseline: dict[str, Any] | None = None  # previous weights on this file
    registers: dict[str, Any] | None = None
    agent_replies: dict[str, Any] | None = None

    def cv(self, recipe: str = "transfer") -> Any:
        return self.dev_checks["recipes"][recipe]["grouped_cv"]

    def as_dict(self) -> dict[str, Any]:
        cv = self.cv()
        recipes = self.dev_checks["recipes"]
        return {
            "file": self.file,
            "requests": self.requests,
            "quartile_requests": {"polite": self.polite, "impolite": self.impolite},
            "cross_validation": {
                "folds": self.folds,
                "grouped": True,
                "near_duplicate_groups": self.dev_checks["groups"],
                "recipe": "transfer",
                "accuracy": round(cv.accuracy, 4),
                "std": round(cv.std, 4),
                "fold_accuracies": [round(a, 4) for a in cv.fold_accuracies],
                "chosen_c": cv.chosen_c,
                "accuracy_with_rude_ceiling": round(cv.capped_accuracy, 4),
                "baseline_recipe_accuracy": round(self.cv("previous").accuracy, 4),
                "baseline_recipe_std": round(self.cv("previous").std, 4),
            },
            "held_out": {
                **self.dev_checks["held_out"],
                "accuracy": _rounded(recipes["transfer"]["held_out_accuracy"]),
                "baseline_recipe_accuracy": _rounded(recipes["previous"]["held_out_accuracy"]),
            },
            "shipped_weights": {
                "accuracy": round(self.shipped_accuracy, 4),
                "accuracy_with_rude_ceiling": round(self.shipped_capped_accuracy, 4),
                "fitted_on": self.shipped_source,
                "note": "in-sample when this file is the one the weights were fitted on",
            },
            "baseline_weights": self.baseline,
            "other_registers": self.registers,
            "agent_replies": self.agent_replies,
            "reference": {"paper_classifier": PAPER_CLASSIFIER_ACCURACY, "humans": HUMAN_ACCURACY},
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _baseline_model(path: Path | None) -> PolitenessModel | None:
    from opsdesk.tone.model import PolitenessModel, ToneWeights

    if path is None:
        return None
    try:
        return PolitenessModel(ToneWeights.load(path))
    except (OSError, ValueError, KeyError) as exc:
        raise InvalidInput(f"cannot read baseline weights {path}: {exc}") from exc


def evaluate_politeness(
    csv_file: Path,
    folds: int,
    c: float | None,
    registers: Path | None = None,
    replies: Sequence[Path] = (),
    baseline_file: Path | None = None,
) -> PolitenessReport:
    from opsdesk.tone import evaluation, fitting, shipped_model

    scored = fitting.read_scored_requests(csv_file)
    data = fitting.quartile_extremes(scored)
    baseline = _baseline_model(baseline_file)
    model = shipped_model()
    with stage_progress(transient=True) as progress:
        task = progress.add_task("politeness", total=4 + bool(registers) + bool(replies))

        def step(stage: str) -> None:
            progress.update(task, description=stage[:30], advance=1)

        checks = evaluation.dev_file_checks(data, folds, c, step)
        reg = evaluation.register_checks(registers, model, baseline) if registers else None
        step("other registers")
        agents = evaluation.agent_reply_checks(replies, baseline) if replies else None
    return PolitenessReport(
        file=csv_file.name,
        requests=len(scored),
        polite=sum(data.labels),
        impolite=len(data.labels) - sum(data.labels),
        folds=folds,
        dev_checks=checks,
        shipped_accuracy=fitting.accuracy(model, data),
        shipped_source=str(model.weights.provenance.get("source", "unknown")),
        shipped_capped_accuracy=fitting.accuracy(model, data, capped=True),
        baseline=None if baseline is None else {
            "file": str(baseline_file), "accuracy": round(fitting.accuracy(baseline, data), 4)},
        registers=reg,
        agent_replies=agents,
    )  # fmt: skip


def _figures(
    table: Table, label: str, shipped: dict[str, float], base: dict[str, float] | None
) -> None:
    for key, value in shipped.items():
        before = "–" if base is None else f"{base[key]:.1%}"
        table.add_row(f"{label}: {key}", f"{value:.1%}", before)


def print_politeness_report(report: PolitenessReport) -> None:
    d = report.as_dict()
    cv, held = d["cross_validation"], d["held_out"]
    table = Table(title=f"Politeness, top vs bottom quartile — {report.file}")
    for column in ("measure", "shipped", "baseline"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    table.add_row(
        f"{report.folds}-fold grouped CV (refitted per fold)",
        f"{cv['accuracy']:.1%} ± {cv['std']:.1%}",
        f"{cv['baseline_recipe_accuracy']:.1%} ± {cv['baseline_recipe_std']:.1%}",
    )
    table.add_row(
        "  the same, with the coach's rude-wording ceiling",
        f"{cv['accuracy_with_rude_ceiling']:.1%}",
        "–",
    )
    table.add_row(
        f"held-out {held['percent']} % ({held['requests']} requests; refitted on the rest)",
        _percent(held["accuracy"]),
        _percent(held["baseline_recipe_accuracy"]),
    )
    base = d["baseline_weights"]
    table.add_row(
        f"shipped weights on this file (fitted on {report.shipped_source}; in-sample there)",
        f"{report.shipped_accuracy:.1%}",
        "–" if base is None else f"{base['accuracy']:.1%}",
    )
    if report.registers:
        _figures(
            table, "other registers", report.registers["shipped"], report.registers.get("baseline")
        )
    if report.agent_replies:
        _figures(
            table,
            "agent replies",
            report.agent_replies["shipped"],
            report.agent_replies.get("baseline"),
        )
    table.add_row(
        "paper: linguistically informed classifier", f"{PAPER_CLASSIFIER_ACCURACY:.1%}", ""
    )
    table.add_row("paper: humans", f"{HUMAN_ACCURACY:.1%}", "")
    Console().print(table)
    typer.echo(
        f"{report.requests} requests, {report.polite} polite / {report.impolite} impolite in the"
        f" quartiles; C per fold: {', '.join(f'{c:g}' for c in cv['chosen_c'])}"
    )
    typer.echo(f"cross-validated accuracy: {cv['accuracy']:.4f}")  # fmt: skip


@tone_app.command("fit")
def fit_weights(
    csv_file: Path = typer.Argument(
        ..., help="Scored requests (columns Request, Normalized Score)."
    ),
    out: Path = typer.Option(..., "--out", help="Where to write the weights JSON."),
    c: float | None = typer.Option(None, "--c", help="Fixed regularisation; default: inner CV."),
    recipe: str = typer.Option(
        "transfer", "--recipe", help="transfer (shipped since issue 19) or previous."
    ),
    strategies_only: bool = typer.Option(
        False,
        "--strategies-only",
        help="Fit on the politeness strategies alone (no words): the weights that score "
        "German, French, Spanish and Portuguese replies (shipped as strategy_weights.json).",
    ),
) -> None:
    """Fit the politeness weights on the top and bottom quartile of a scored file."""
    from opsdesk.tone import fitting

    recipes = {r.name: r for r in (fitting.SHIPPED_RECIPE, fitting.PREVIOUS_RECIPE)}
    if recipe not in recipes:
        console.print(f"[red]error:[/red] --recipe must be one of {', '.join(recipes)}")
        raise typer.Exit(2)
    try:
        data = fitting.quartile_extremes(fitting.read_scored_requests(csv_file))
        with console.status(f"fitting on {len(data.labels)} requests…"):
            weights = fitting.fit(data, source=csv_file.name, c=c,
                                  strategies_only=strategies_only, recipe=recipes[recipe])  # fmt: skip
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
