"""Scoring an intent model on labelled messages: accuracy, macro-F1, per-intent scores and
the pairs it confuses most. Also reads labelled CSV files for training and evaluation."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from opsdesk.assistant.nlu.classifier import IntentModel
from opsdesk.assistant.nlu.linear import can_stratify
from opsdesk.kernel.errors import InvalidInput


@dataclass(frozen=True)
class LabelledTexts:
    texts: list[str]
    labels: list[str]
    languages: list[str] | None = None


@dataclass(frozen=True)
class IntentScore:
    intent: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class ConfusedPair:
    expected: str
    predicted: str
    count: int


@dataclass(frozen=True)
class EvaluationReport:
    examples: int
    accuracy: float
    macro_f1: float
    per_intent: list[IntentScore] = field(default_factory=list)
    confused_pairs: list[ConfusedPair] = field(default_factory=list)


def read_labelled_csv(
    path: Path, *, text_column: str, label_column: str, language_column: str | None = None
) -> LabelledTexts:
    """Rows with a non-empty text and label; a missing column or an empty file is an error."""
    wanted = {text_column, label_column} | ({language_column} if language_column else set())
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = wanted - set(reader.fieldnames or [])
            if missing:
                raise InvalidInput(
                    f"{path.name} has no column {', '.join(sorted(missing))}; "
                    f"columns: {', '.join(reader.fieldnames or [])}"
                )
            rows = [
                (r[text_column] or "", r[label_column] or "", r.get(language_column or "") or "")
                for r in reader
            ]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InvalidInput(f"cannot read {path}: {exc}") from exc
    kept = [(t.strip(), x.strip(), lang.strip()) for t, x, lang in rows if t.strip() and x.strip()]
    if not kept:
        raise InvalidInput(f"{path.name} has no labelled rows")
    languages = [lang or "?" for _, _, lang in kept] if language_column else None
    return LabelledTexts([t for t, _, _ in kept], [x for _, x, _ in kept], languages)


def stratified_split(
    data: LabelledTexts, *, test_share: float = 0.2, seed: int = 42
) -> tuple[LabelledTexts, LabelledTexts]:
    """A reproducible train/test split that keeps each label's share in both parts."""
    from sklearn.model_selection import train_test_split

    stratify = data.labels if can_stratify(data.labels, test_share) else None
    train_x, test_x, train_y, test_y = train_test_split(
        data.texts, data.labels, test_size=test_share, random_state=seed, stratify=stratify
    )
    return LabelledTexts(list(train_x), list(train_y)), LabelledTexts(list(test_x), list(test_y))


def confused_pairs(
    expected: Sequence[str], predicted: Sequence[str], *, top: int = 10
) -> list[ConfusedPair]:
    mistakes = Counter((e, p) for e, p in zip(expected, predicted, strict=True) if e != p)
    return [ConfusedPair(e, p, n) for (e, p), n in mistakes.most_common(top)]


def score_predictions(
    expected: Sequence[str], predicted: Sequence[str], *, top_confusions: int = 10
) -> EvaluationReport:
    from sklearn.metrics import precision_recall_fscore_support

    if not expected:
        raise InvalidInput("nothing to evaluate")
    intents = sorted(set(expected))
    precision, recall, f1, support = precision_recall_fscore_support(
        expected, predicted, labels=intents, zero_division=0
    )
    per_intent = [
        IntentScore(intent, float(p), float(r), float(f), int(s))
        for intent, p, r, f, s in zip(intents, precision, recall, f1, support, strict=True)
    ]
    correct = sum(e == p for e, p in zip(expected, predicted, strict=True))
    return EvaluationReport(
        examples=len(expected),
        accuracy=correct / len(expected),
        macro_f1=sum(s.f1 for s in per_intent) / len(per_intent),
        per_intent=per_intent,
        confused_pairs=confused_pairs(expected, predicted, top=top_confusions),
    )


def evaluate_model(model: IntentModel, data: LabelledTexts) -> EvaluationReport:
    """Macro-F1 averages over the intents present in the data, so unknown labels count."""
    return score_predictions(data.labels, model.predict_intents(data.texts))
