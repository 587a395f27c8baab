"""Intent classification: which of the known intents a customer message expresses.

The shipped model is trained at first use from the phrases in ``assistant/phrases`` (a few
seconds, cached in memory, nothing downloaded). A retailer can train a model on its own
labelled messages and save it as an ``.npz`` file (arrays only, no pickle).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import numpy as np

from opsdesk.assistant.nlu.intents import LANGUAGES, Intent
from opsdesk.assistant.nlu.language import detect_language
from opsdesk.assistant.nlu.linear import BlockSpec, LinearTextModel, fit_linear_text_model
from opsdesk.assistant.nlu.normalize import normalize
from opsdesk.assistant.phrases import load_phrases

INTENT_FEATURES = (BlockSpec("word", 1, 2), BlockSpec("char_wb", 2, 5, min_df=2))
# Below this probability the best intent is a guess: answer "out of scope" and offer help.
DEFAULT_THRESHOLD = 0.25
ALTERNATIVES = 3


@dataclass(frozen=True)
class IntentPrediction:
    """``confidence`` is the probability of the best-scoring label. When it falls below the
    model's threshold, ``intent`` is ``out_of_scope`` and that label leads ``alternatives``."""

    intent: str
    confidence: float
    alternatives: tuple[tuple[str, float], ...]
    language: str

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["alternatives"] = [{"intent": i, "confidence": c} for i, c in self.alternatives]
        return data


class IntentModel:
    def __init__(self, linear: LinearTextModel, *, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.linear = linear
        self.threshold = threshold

    @property
    def intents(self) -> list[str]:
        return list(self.linear.labels)

    def predict(self, text: str, *, language: str | None = None) -> IntentPrediction:
        probabilities = self.linear.probabilities(normalize(text))
        ranked = np.argsort(probabilities)[::-1][: ALTERNATIVES + 1]
        scored = [(self.linear.labels[i], round(float(probabilities[i]), 4)) for i in ranked]
        intent, confidence = scored[0]
        if confidence < self.threshold:
            intent, alternatives = Intent.OUT_OF_SCOPE.value, scored[:ALTERNATIVES]
        else:
            alternatives = scored[1:]
        return IntentPrediction(
            intent=intent,
            confidence=confidence,
            alternatives=tuple(alternatives),
            language=language or detect_language(text).language,
        )

    def predict_intents(self, texts: Sequence[str]) -> list[str]:
        """Only the intent of each text: what an evaluation needs, without language detection."""
        labels = self.linear.labels
        result = []
        for text in texts:
            probabilities = self.linear.probabilities(normalize(text))
            best = int(probabilities.argmax())
            keep = probabilities[best] >= self.threshold
            result.append(labels[best] if keep else Intent.OUT_OF_SCOPE.value)
        return result

    def save(self, path: Path) -> None:
        self.linear.save(path, {"kind": "intent", "threshold": self.threshold})

    @classmethod
    def load(cls, path: Path) -> IntentModel:
        linear, metadata = LinearTextModel.load(path)
        if metadata.get("kind") != "intent":
            raise ValueError(f"{path} is not an intent model")
        return cls(linear, threshold=float(metadata["threshold"]))


def train_intent_model(
    texts: Sequence[str], intents: Sequence[str], *, threshold: float = DEFAULT_THRESHOLD
) -> IntentModel:
    """A model for exactly the intents present in ``intents``, one label per text."""
    if len(texts) != len(intents):
        raise ValueError("texts and intents differ in length")
    pairs = [(normalize(t), i.strip()) for t, i in zip(texts, intents, strict=True)]
    pairs = [(t, i) for t, i in pairs if t and i]
    linear = fit_linear_text_model([t for t, _ in pairs], [i for _, i in pairs], INTENT_FEATURES)
    return IntentModel(linear, threshold=threshold)


@cache
def shipped_intent_model() -> IntentModel:
    """The model trained on OpsDesk's own phrases in all supported languages."""
    phrases = load_phrases(LANGUAGES)
    return train_intent_model([p.text for p in phrases], [p.intent for p in phrases])


def classify(text: str, *, model: IntentModel | None = None) -> IntentPrediction:
    """The intent of one customer message, with confidence, runners-up and language."""
    return (model or shipped_intent_model()).predict(text)
