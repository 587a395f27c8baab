"""Measuring the delay-risk model at the moment of hand-over, against the naive baseline.

Only what is known at hand-over enters a prediction: the delivery time of a test
parcel is used for its label and nothing else. The naive baseline ranks parcels by
how little slack they have between hand-over and the promised day.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk.model import History, RiskModel

DEFAULT_ALERT_THRESHOLD = 0.3


@dataclass(frozen=True)
class ScoreReport:
    name: str
    roc_auc: float
    brier: float | None  # None: the score is not a probability
    precision: float | None
    recall: float | None
    flagged: int | None


@dataclass(frozen=True)
class EvaluationReport:
    train_rows: int
    test_rows: int
    train_late_share: float
    test_late_share: float
    threshold: float
    train_period: tuple[str, str]
    test_period: tuple[str, str]
    scores: tuple[ScoreReport, ...]

    def score(self, name: str) -> ScoreReport:
        return next(s for s in self.scores if s.name == name)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def roc_auc(labels: NDArray[np.bool_], scores: NDArray[np.float64]) -> float:
    """Probability that a late parcel outranks an on-time one (ties count half)."""
    from scipy.stats import rankdata

    positives = int(labels.sum())
    negatives = len(labels) - positives
    if positives == 0 or negatives == 0:
        return float("nan")
    ranks = rankdata(scores)
    return float((ranks[labels].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def _probability_report(
    name: str, labels: NDArray[np.bool_], p: NDArray[np.float64], threshold: float
) -> ScoreReport:
    flagged = p >= threshold
    hits = int((flagged & labels).sum())
    return ScoreReport(
        name=name,
        roc_auc=roc_auc(labels, p),
        brier=float(np.mean((p - labels) ** 2)),
        precision=hits / int(flagged.sum()) if flagged.any() else None,
        recall=hits / int(labels.sum()) if labels.any() else None,
        flagged=int(flagged.sum()),
    )


def _period(history: History) -> tuple[str, str]:
    if not len(history.facts):
        return ("", "")
    placed = history.facts.placed_at.astype("datetime64[s]").astype("datetime64[D]")
    return (str(placed.min()), str(placed.max()))


def evaluate(
    train: History, test: History, *, threshold: float = DEFAULT_ALERT_THRESHOLD
) -> EvaluationReport:
    """Fit on ``train``, score ``test`` at hand-over; the model, its transit part alone,
    and the slack baseline are measured on the same parcels."""
    model = RiskModel.fit(train)
    labels = test.late
    facts = test.facts
    transit_only = model.late_by_transit(facts)
    slack = f.slack_days(facts, facts.handed_over_at)
    scores = (
        _probability_report("model", labels, model.at_handover(facts), threshold),
        _probability_report("transit distributions only", labels, transit_only, threshold),
        ScoreReport("naive: less slack = riskier", roc_auc(labels, -slack), None, None, None, None),
    )
    return EvaluationReport(
        train_rows=len(train.facts),
        test_rows=len(facts),
        train_late_share=float(train.late.mean()) if len(train.facts) else 0.0,
        test_late_share=float(labels.mean()) if len(facts) else 0.0,
        threshold=threshold,
        train_period=_period(train),
        test_period=_period(test),
        scores=scores,
    )
