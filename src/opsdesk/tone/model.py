"""The politeness score: a linear model over strategy features and word n-grams.

Scoring needs no machine-learning library: the shipped ``weights.json`` holds one
coefficient per feature name (strategies, words, word pairs — no sentences), an
intercept, and a Platt calibration fitted on out-of-fold decisions, so the score is a
probability that raters would call the message polite rather than impolite.
"""

from __future__ import annotations

import enum
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from opsdesk.tone.features import features
from opsdesk.tone.strategies import Finding, Span, detect

WEIGHTS_FILE = "weights.json"
STRATEGY_WEIGHTS_FILE = "strategy_weights.json"
FORMAT_VERSION = 1


class ToneLabel(enum.StrEnum):
    POLITE = "polite"
    NEUTRAL = "neutral"
    IMPOLITE = "impolite"


@dataclass(frozen=True)
class ToneWeights:
    """Everything scoring needs, as plain numbers keyed by feature name."""

    intercept: float
    coefficients: Mapping[str, float]
    calibration_slope: float = 1.0
    calibration_intercept: float = 0.0
    # Probabilities below the first are impolite, at or above the second polite.
    thresholds: tuple[float, float] = (0.35, 0.65)
    provenance: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format_version": FORMAT_VERSION,
            "provenance": dict(self.provenance),
            "intercept": self.intercept,
            "calibration": {
                "slope": self.calibration_slope,
                "intercept": self.calibration_intercept,
            },
            "thresholds": list(self.thresholds),
            "coefficients": dict(sorted(self.coefficients.items())),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ToneWeights:
        if data.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"unsupported tone weights format: {data.get('format_version')!r}")
        low, high = data["thresholds"]
        return cls(
            intercept=float(data["intercept"]),
            coefficients={str(k): float(v) for k, v in data["coefficients"].items()},
            calibration_slope=float(data["calibration"]["slope"]),
            calibration_intercept=float(data["calibration"]["intercept"]),
            thresholds=(float(low), float(high)),
            provenance=dict(data.get("provenance", {})),
        )

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n")

    @classmethod
    def load(cls, path: Path) -> ToneWeights:
        return cls.from_json(json.loads(path.read_text()))


@dataclass(frozen=True)
class StrategyScore:
    """A strategy found in the message and how much it moved the score (log-odds)."""

    name: str
    spans: tuple[Span, ...]
    weight: float


@dataclass(frozen=True)
class Politeness:
    score: float
    label: ToneLabel
    strategies: tuple[StrategyScore, ...]


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


class PolitenessModel:
    def __init__(self, weights: ToneWeights) -> None:
        self.weights = weights

    def decision(self, text: str, findings: list[Finding]) -> float:
        """The raw linear score (log-odds before calibration)."""
        coefficients = self.weights.coefficients
        return self.weights.intercept + sum(
            coefficients.get(name, 0.0) for name in features(text, findings)
        )

    def probability(
        self, text: str, findings: list[Finding] | None = None, bias: float = 0.0
    ) -> float:
        """Calibrated probability of "polite"; ``bias`` adds to the log-odds (hand-set
        nudges that the fitted weights cannot know, such as a language's formal address)."""
        found = detect(text) if findings is None else findings
        w = self.weights
        decision = self.decision(text, found) + bias
        return _sigmoid(w.calibration_slope * decision + w.calibration_intercept)

    def label(self, probability: float) -> ToneLabel:
        low, high = self.weights.thresholds
        if probability >= high:
            return ToneLabel.POLITE
        if probability < low:
            return ToneLabel.IMPOLITE
        return ToneLabel.NEUTRAL

    def assess(self, text: str, findings: list[Finding] | None = None) -> Politeness:
        found = detect(text) if findings is None else findings
        probability = self.probability(text, found)
        strategies = tuple(
            StrategyScore(
                f.strategy, f.spans, self.weights.coefficients.get(f"s:{f.strategy}", 0.0)
            )
            for f in found
        )
        return Politeness(probability, self.label(probability), strategies)


def _shipped(name: str) -> PolitenessModel:
    text = resources.files("opsdesk.tone").joinpath(name).read_text()
    return PolitenessModel(ToneWeights.from_json(json.loads(text)))


@cache
def shipped_model() -> PolitenessModel:
    """The model fitted on the politeness corpus and shipped with OpsDesk (loaded once):
    strategies and English words, for English replies."""
    return _shipped(WEIGHTS_FILE)


@cache
def shipped_strategy_model() -> PolitenessModel:
    """The strategies-only model fitted on the same corpus (``opsdesk tone fit
    --strategies-only``): it weighs no words, so it scores every language's strategies."""
    return _shipped(STRATEGY_WEIGHTS_FILE)
