"""How well intent models carry over to text they were not built beside.

Two measures, each with same-run baselines:

- **grouped cross-validation** on a labelled file: near-duplicate templates
  (``nlu.grouping``) stay on one side of every split; the shipped recipe is trained on
  the own phrases plus the training folds and scored on the held-out folds as written
  and with seeded typos. Baselines: the previous model (own phrases only, never trained
  on the file) and a plain TF-IDF model of the training folds alone.
- **a file scored as it is** (e.g. the out-of-template messages in ``tests/data/intents``)
  by the shipped and the previous model, per language.

Confidence is checked too: the share of messages the dialogue would act on (confidence
at least ``act_from``) and how often those are right, against the rest, which the
assistant answers with a clarifying question.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from opsdesk.assistant.nlu.classifier import IntentModel, phrases_intent_model, train_intent_model
from opsdesk.assistant.nlu.evaluation import EvaluationReport, LabelledTexts, score_predictions
from opsdesk.assistant.nlu.grouping import template_groups
from opsdesk.assistant.nlu.recipe import GROUP_THRESHOLD, train_recipe
from opsdesk.assistant.nlu.typos import typo_copies
from opsdesk.kernel.errors import InvalidInput

SHIPPED = "shipped recipe"
PREVIOUS = "previous model (own phrases only)"
PLAIN = "plain TF-IDF (file only)"
SPARSE = "shipped recipe without the sentence vector"
ACT_FROM = 0.5  # the dialogue acts on an intent from this confidence (dialogue.policy)
TYPOS_PER_MESSAGE = 2


@dataclass(frozen=True)
class Calibration:
    act_from: float
    acted_share: float
    acted_accuracy: float
    clarified_accuracy: float | None
    expected_calibration_error: float


@dataclass(frozen=True)
class ModelScores:
    name: str
    clean: EvaluationReport
    typos: EvaluationReport
    calibration: Calibration
    per_language: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class GroupedReport:
    examples: int
    folds: int
    groups: int
    group_threshold: float
    models: list[ModelScores]


@dataclass(frozen=True)
class FileReport:
    examples: int
    models: list[ModelScores]


@dataclass
class _Pooled:
    expected: list[str] = field(default_factory=list)
    clean: list[tuple[str, float]] = field(default_factory=list)
    typos: list[tuple[str, float]] = field(default_factory=list)

    def add(self, model: IntentModel, texts: list[str], typos: list[str], truth: list[str]) -> None:
        self.expected += truth
        self.clean += model.predict_scored(texts)
        self.typos += model.predict_scored(typos)


def calibration(
    expected: Sequence[str], scored: Sequence[tuple[str, float]], *, act_from: float = ACT_FROM
) -> Calibration:
    """Accuracy above and below ``act_from`` and the expected calibration error (ten bins)."""
    right = np.array([e == p for e, (p, _c) in zip(expected, scored, strict=True)], dtype=float)
    conf = np.array([c for _p, c in scored], dtype=float)
    acted = conf >= act_from
    bins = np.minimum((conf * 10).astype(int), 9)
    ece = sum(
        abs(right[bins == b].mean() - conf[bins == b].mean()) * (bins == b).mean()
        for b in range(10)
        if (bins == b).any()
    )
    return Calibration(
        act_from=act_from,
        acted_share=float(acted.mean()),
        acted_accuracy=float(right[acted].mean()) if acted.any() else 0.0,
        clarified_accuracy=float(right[~acted].mean()) if (~acted).any() else None,
        expected_calibration_error=float(ece),
    )


def _scores(name: str, pooled: _Pooled, languages: Sequence[str] | None = None) -> ModelScores:
    clean = [p for p, _c in pooled.clean]
    per_language: dict[str, float] = {}
    for language in sorted(set(languages or [])):
        rows = [i for i, lang in enumerate(languages or []) if lang == language]
        per_language[language] = sum(clean[i] == pooled.expected[i] for i in rows) / len(rows)
    return ModelScores(
        name=name,
        clean=score_predictions(pooled.expected, clean),
        typos=score_predictions(pooled.expected, [p for p, _c in pooled.typos]),
        calibration=calibration(pooled.expected, pooled.clean),
        per_language=per_language,
    )


def grouped_cross_validation(
    data: LabelledTexts,
    *,
    folds: int = 5,
    seed: int = 0,
    on_fold: Callable[[int], None] | None = None,
    recipe: Callable[[list[str], list[str]], IntentModel] = train_recipe,
    previous: IntentModel | None = None,
    sparse: Callable[[list[str], list[str]], IntentModel] | None = None,
) -> GroupedReport:
    """The shipped recipe and two baselines, scored on held-out groups of ``data``; with
    ``sparse`` (the recipe without its sentence vector) a third baseline."""
    from sklearn.model_selection import GroupKFold

    groups = template_groups(data.texts, threshold=GROUP_THRESHOLD)
    if len(set(groups)) < folds:
        raise InvalidInput(f"only {len(set(groups))} template groups; need at least {folds}")
    previous = previous or phrases_intent_model()
    pooled = {SHIPPED: _Pooled(), PREVIOUS: _Pooled(), PLAIN: _Pooled()}
    if sparse is not None:
        pooled[SPARSE] = _Pooled()
    splits = GroupKFold(n_splits=folds).split(data.texts, data.labels, groups)
    for fold, (train, test) in enumerate(splits):
        texts, labels = [data.texts[i] for i in train], [data.labels[i] for i in train]
        held, truth = [data.texts[i] for i in test], [data.labels[i] for i in test]
        typos = typo_copies(held, seed=seed * 100 + fold, count=TYPOS_PER_MESSAGE)
        models = [
            (SHIPPED, recipe(texts, labels)),
            (PREVIOUS, previous),
            (PLAIN, _plain(texts, labels, previous)),
        ]
        if sparse is not None:
            models.append((SPARSE, sparse(texts, labels)))
        for name, model in models:
            pooled[name].add(model, held, typos, truth)
        if on_fold:
            on_fold(fold)
    return GroupedReport(
        examples=len(data.texts),
        folds=folds,
        groups=len(set(groups)),
        group_threshold=GROUP_THRESHOLD,
        models=[_scores(name, p) for name, p in pooled.items()],
    )


def _plain(texts: list[str], labels: list[str], fallback: IntentModel) -> IntentModel:
    return train_intent_model(texts, labels) if len(set(labels)) > 1 else fallback


def score_file(
    data: LabelledTexts,
    models: Sequence[tuple[str, IntentModel]],
    *,
    languages: Sequence[str] | None = None,
    seed: int = 0,
) -> FileReport:
    """Each model on ``data`` as written and with seeded typos, per language if given."""
    if languages is not None and len(languages) != len(data.texts):
        raise InvalidInput("every message needs a language")
    typos = typo_copies(data.texts, seed=seed, count=TYPOS_PER_MESSAGE)
    scored = []
    for name, model in models:
        pooled = _Pooled()
        pooled.add(model, data.texts, typos, data.labels)
        scored.append(_scores(name, pooled, languages))
    return FileReport(examples=len(data.texts), models=scored)
