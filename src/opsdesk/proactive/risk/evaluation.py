"""Measuring the delay-risk model at the moment of hand-over, against the naive baseline.

Only what is known at hand-over enters a prediction: the delivery time of a test
parcel is used for its label and nothing else. The naive baseline ranks parcels by
how little slack they have between hand-over and the promised day. Beside it, the
same test parcels are replayed as live scans see them (``alerts.replay``): who gets a
delay notice before the promise runs out, how early, and how many needlessly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from opsdesk.proactive.risk import alerts
from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk.alerts import AlertReport
from opsdesk.proactive.risk.model import History, RiskModel
from opsdesk.proactive.risk.notice_rules import BUILTIN_RULE, CURVE

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
    in_flight: tuple[AlertReport, ...] = ()  # the model's notices, then the baseline's
    # Other notice rules on the same replayed scans (``notice_rules.CURVE``).
    notice_curve: tuple[AlertReport, ...] = ()

    def score(self, name: str) -> ScoreReport:
        return next(s for s in self.scores if s.name == name)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["in_flight"] = [a.as_dict() for a in self.in_flight]
        data["notice_curve"] = [a.as_dict() for a in self.notice_curve]
        return data


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
    scans = alerts.scan_risks(model, test)
    (told,) = alerts.rule_reports(scans, test, (BUILTIN_RULE,))
    return EvaluationReport(
        train_rows=len(train.facts),
        test_rows=len(facts),
        train_late_share=float(train.late.mean()) if len(train.facts) else 0.0,
        test_late_share=float(labels.mean()) if len(facts) else 0.0,
        threshold=threshold,
        train_period=_period(train),
        test_period=_period(test),
        scores=scores,
        in_flight=(told, alerts.baseline_report(test)),
        notice_curve=alerts.rule_reports(scans, test, CURVE),
    )


@dataclass(frozen=True)
class CrossValidationReport:
    """K-fold cross-validation over the parcels of one history (one parcel per order).

    Every parcel is scored once, by the model fitted on the other folds; ``pooled``
    measures those out-of-fold scores together, ``fold_auc`` each fold on its own.
    The folds interleave in time, so a model may learn from parcels delivered after the
    ones it scores — the setting of a random hold-out, not of forecasting a later
    period (for that: :func:`evaluate` on a split by purchase time).
    """

    folds: int
    seed: int
    rows: int
    late_share: float
    threshold: float
    period: tuple[str, str]
    pooled: tuple[ScoreReport, ...]
    fold_auc: dict[str, list[float]]

    def score(self, name: str) -> ScoreReport:
        return next(s for s in self.pooled if s.name == name)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def cross_validate(
    history: History,
    *,
    folds: int = 5,
    seed: int = 0,
    threshold: float = DEFAULT_ALERT_THRESHOLD,
) -> CrossValidationReport:
    """Fit on all folds but one, score that one at hand-over; every fold in turn."""
    count = len(history.facts)
    if folds < 2 or folds > count:
        raise ValueError(f"folds must be between 2 and the {count} parcels")
    fold_of = np.random.default_rng(seed).permutation(count) % folds
    model_p = np.zeros(count, dtype=np.float64)
    transit_p = np.zeros(count, dtype=np.float64)
    for fold in range(folds):
        held = fold_of == fold
        model = RiskModel.fit(history.where(~held))
        facts = history.where(held).facts
        model_p[held] = model.at_handover(facts)
        transit_p[held] = model.late_by_transit(facts)
    labels = history.late
    slack = -f.slack_days(history.facts, history.facts.handed_over_at)
    naive = "naive: less slack = riskier"
    per_fold = {
        name: [roc_auc(labels[fold_of == k], score[fold_of == k]) for k in range(folds)]
        for name, score in (
            ("model", model_p),
            ("transit distributions only", transit_p),
            (naive, slack),
        )
    }
    return CrossValidationReport(
        folds=folds,
        seed=seed,
        rows=count,
        late_share=float(labels.mean()),
        threshold=threshold,
        period=_period(history),
        pooled=(
            _probability_report("model", labels, model_p, threshold),
            _probability_report("transit distributions only", labels, transit_p, threshold),
            ScoreReport(naive, roc_auc(labels, slack), None, None, None, None),
        ),
        fold_auc=per_fold,
    )
