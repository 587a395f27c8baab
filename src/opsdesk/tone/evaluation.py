"""The figures ``opsdesk eval politeness`` reports, each beside a same-run baseline.

- the dev file: grouped nested CV and a fixed held-out part, for the shipped recipe and
  the previous one (refitted on the same folds);
- other registers (our own e-mails, forum questions, reviews): the shipped weights and
  the baseline weights, per register;
- the coach on hand-written agent replies in five languages, with the shipped English
  weights and with the baseline ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from opsdesk.tone import fitting, reply_set, transfer
from opsdesk.tone.model import PolitenessModel

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def dev_file_checks(
    data: fitting.LabelledSet, folds: int, c: float | None, progress: Progress = _quiet
) -> dict[str, Any]:
    """Grouped CV and the held-out part, shipped recipe against the previous one."""
    groups = transfer.near_duplicate_groups(data.texts)
    rest, held = transfer.split_held_out(data, groups)
    out: dict[str, Any] = {
        "groups": len(set(groups)),
        "held_out": {
            "percent": transfer.HELD_OUT_PERCENT,
            "fitted_on_requests": len(rest.labels),
            "requests": len(held.labels),
            "note": "fitted on the rest of the dev file with each recipe, scored on this part",
        },
        "recipes": {},
    }
    for recipe in (fitting.SHIPPED_RECIPE, fitting.PREVIOUS_RECIPE):
        progress(f"{recipe.name} recipe: {folds}-fold grouped cross-validation")
        cv = fitting.cross_validate(data, folds=folds, c=c, recipe=recipe, groups=groups)
        progress(f"{recipe.name} recipe: held-out part")
        out["recipes"][recipe.name] = {
            "grouped_cv": cv,
            "held_out_accuracy": _held_out_accuracy(rest, held, c, recipe),
        }
    return out


def _held_out_accuracy(
    rest: fitting.LabelledSet, held: fitting.LabelledSet, c: float | None, recipe: fitting.Recipe
) -> float | None:
    """None when the file is too small to leave both classes on both sides."""
    if not held.labels or min(sum(rest.labels), len(rest.labels) - sum(rest.labels)) < 2:
        return None
    model = PolitenessModel(fitting.fit(rest, c=c, recipe=recipe))
    return fitting.accuracy(model, held)


def register_checks(
    path: Path, shipped: PolitenessModel, baseline: PolitenessModel | None
) -> dict[str, Any]:
    texts = transfer.read_register_texts(path)
    report: dict[str, Any] = {
        "path": str(path),
        "texts": len(texts),
        "shipped": transfer.register_accuracy(shipped, texts),
    }
    if baseline is not None:
        report["baseline"] = transfer.register_accuracy(baseline, texts)
    return report


def _per_language(
    replies: Sequence[reply_set.Reply], english: PolitenessModel | None
) -> dict[str, float]:
    results = reply_set.evaluate(replies, english_model=english)
    right = sum(sum(r.right.values()) for r in results.values())
    per = {language: round(r.accuracy, 4) for language, r in sorted(results.items())}
    return {**per, "all": round(right / len(replies), 4)}  # fmt: skip


def agent_reply_checks(paths: Sequence[Path], baseline: PolitenessModel | None) -> dict[str, Any]:
    """The coach's accuracy per language on the reply sets (English scored by the shipped
    weights, and by the baseline weights when given; other languages by the strategies)."""
    replies = [r for path in paths for r in reply_set.read_replies(path)]
    report: dict[str, Any] = {
        "paths": [str(p) for p in paths],
        "replies": len(replies),
        "shipped": _per_language(replies, None),
    }
    if baseline is not None:
        report["baseline"] = _per_language(replies, baseline)
    return report
