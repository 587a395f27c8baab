"""Intent classification: which of the known intents a customer message expresses.

The shipped model is a file of arrays in this package (``intent-model.npz``, built by
``nlu.recipe`` from the own phrases and the public intents file; loaded at first use,
nothing downloaded); a checkout without it trains on the own phrases at first use. A
retailer can train a model on its own labelled messages and save it as an ``.npz`` file
(arrays only, no pickle).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from opsdesk.assistant.nlu.intents import LANGUAGES, Intent
from opsdesk.assistant.nlu.language import detect_language
from opsdesk.assistant.nlu.linear import (
    BlockSpec,
    DenseBlock,
    LinearTextModel,
    fit_linear_text_model,
)
from opsdesk.assistant.nlu.normalize import normalize
from opsdesk.assistant.nlu.static_embedding import shipped_embedding
from opsdesk.assistant.phrases import load_phrases

INTENT_FEATURES = (BlockSpec("word", 1, 2), BlockSpec("char_wb", 2, 5, min_df=2))
# Below this probability the best intent is a guess: answer "out of scope" and offer help.
DEFAULT_THRESHOLD = 0.25
ALTERNATIVES = 3
SHIPPED_MODEL_FILE = "intent-model.npz"


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
    def __init__(
        self,
        linear: LinearTextModel,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        provenance: dict[str, Any] | None = None,
    ) -> None:
        self.linear = linear
        self.threshold = threshold
        self.provenance: dict[str, Any] = dict(provenance or {})

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

    def predict_scored(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """The intent and confidence of each text, without language detection."""
        labels = self.linear.labels
        result = []
        for text in texts:
            probabilities = self.linear.probabilities(normalize(text))
            best = int(probabilities.argmax())
            confidence = float(probabilities[best])
            keep = confidence >= self.threshold
            result.append((labels[best] if keep else Intent.OUT_OF_SCOPE.value, confidence))
        return result

    def predict_intents(self, texts: Sequence[str]) -> list[str]:
        """Only the intent of each text: what an evaluation needs, without language detection."""
        return [intent for intent, _confidence in self.predict_scored(texts)]

    def save(self, path: Path) -> None:
        metadata = {"kind": "intent", "threshold": self.threshold, "provenance": self.provenance}
        self.linear.save(path, metadata)

    @classmethod
    def load(cls, path: Path) -> IntentModel:
        """A model with a sentence-vector block needs the very table it learnt with (the
        one shipped in this package); a different table is an error, not a silent drift."""
        linear, metadata = LinearTextModel.load(path, shipped_embedding)
        if metadata.get("kind") != "intent":
            raise ValueError(f"{path} is not an intent model")
        provenance = metadata.get("provenance") or {}
        embedding = shipped_embedding()
        recorded = provenance.get("embedding")
        if linear.dense is not None and (embedding is None or recorded != embedding.digest()):
            raise ValueError(f"{path} was trained with another sentence embedding table")
        return cls(linear, threshold=float(metadata["threshold"]), provenance=provenance)


def train_intent_model(
    texts: Sequence[str],
    intents: Sequence[str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    provenance: dict[str, Any] | None = None,
    groups: Sequence[int] | None = None,
    dense: DenseBlock | None = None,
) -> IntentModel:
    """A model for exactly the intents present in ``intents``, one label per text.
    ``groups`` (near-duplicate groups, -1 for none) keep the calibration split honest;
    ``dense`` appends a sentence vector to the n-gram features."""
    if len(texts) != len(intents) or (groups is not None and len(groups) != len(texts)):
        raise ValueError("texts, intents and groups differ in length")
    tags = groups if groups is not None else [-1] * len(texts)
    rows = [(normalize(t), i.strip(), g) for t, i, g in zip(texts, intents, tags, strict=True)]
    rows = [row for row in rows if row[0] and row[1]]
    linear = fit_linear_text_model(
        [t for t, _, _ in rows],
        [i for _, i, _ in rows],
        INTENT_FEATURES,
        groups=[g for _, _, g in rows] if groups is not None else None,
        dense=dense,
    )
    return IntentModel(linear, threshold=threshold, provenance=provenance)


def phrases_intent_model() -> IntentModel:
    """A model of OpsDesk's own phrases alone (the shipped model until issue 19)."""
    phrases = load_phrases(LANGUAGES)
    return train_intent_model([p.text for p in phrases], [p.intent for p in phrases])


@cache
def shipped_intent_model() -> IntentModel:
    """The model shipped in the package (own phrases + the public 8k file, see
    ``nlu.recipe``); a checkout without the file trains on the own phrases alone."""
    source = resources.files("opsdesk.assistant.nlu").joinpath(SHIPPED_MODEL_FILE)
    if not source.is_file():
        return phrases_intent_model()
    with resources.as_file(source) as path:
        return IntentModel.load(path)


def classify(text: str, *, model: IntentModel | None = None) -> IntentPrediction:
    """The intent of one customer message, with confidence, runners-up and language."""
    return (model or shipped_intent_model()).predict(text)
