"""The coach's score for a reply in any of the five languages.

Two fitted models and one rule, composed so that each does what it can be trusted with:

1. English replies are scored by the full model (strategies and English words);
   German, French, Spanish and Portuguese replies by the strategies-only model over that
   language's cues, nudged by its grammatical register (formal address up, informal
   address down) — the strategies transfer across languages, English words do not.
2. Rude content then sets a ceiling (:mod:`opsdesk.tone.rudeness`): no "please",
   thanks or apology lifts a reply that tells the customer to stop asking.
"""

from __future__ import annotations

from dataclasses import dataclass

from opsdesk.tone.model import (
    Politeness,
    PolitenessModel,
    StrategyScore,
    shipped_model,
    shipped_strategy_model,
)
from opsdesk.tone.rudeness import Marker, ceiling, find_markers
from opsdesk.tone.strategies import Finding

# Log-odds added when a reply uses the language's formal or informal address. Hand-set:
# the English corpus has no register to fit them on. Small on purpose — a shop that
# speaks "du" to its customers still gets "polite" for a warm reply. An offer of further
# help weighs about as much as a greeting's half: it is the polite close of a service
# reply in German, French, Spanish and Portuguese, which Wikipedia requests do not have.
REGISTER_PRIORS = {"formal_address": 0.25, "informal_address": -0.25, "offer_help": 1.0}


@dataclass(frozen=True)
class CoachScore:
    politeness: Politeness  # score and label after the ceiling
    model_score: float  # before the ceiling
    markers: tuple[Marker, ...]
    ceiling: float | None


def _model_for(language: str, model: PolitenessModel | None) -> PolitenessModel:
    if model is not None:
        return model
    return shipped_model() if language == "en" else shipped_strategy_model()


def _weight(model: PolitenessModel, finding: Finding) -> float:
    prior = REGISTER_PRIORS.get(finding.strategy)
    if prior is not None:
        return prior
    return model.weights.coefficients.get(f"s:{finding.strategy}", 0.0)


def score_reply(
    text: str, language: str, findings: list[Finding], model: PolitenessModel | None = None
) -> CoachScore:
    """Politeness of ``text`` (written in ``language``, with its strategy ``findings``)."""
    chosen = _model_for(language, model)
    bias = sum(REGISTER_PRIORS.get(f.strategy, 0.0) for f in findings)
    probability = chosen.probability(text, findings, bias=bias)
    markers = find_markers(text, language)
    limit = ceiling(markers)
    capped = probability if limit is None else min(probability, limit)
    strategies = tuple(StrategyScore(f.strategy, f.spans, _weight(chosen, f)) for f in findings)
    return CoachScore(
        politeness=Politeness(capped, chosen.label(capped), strategies),
        model_score=probability,
        markers=tuple(markers),
        ceiling=limit,
    )
