"""Forward splits at several dates: fit on purchases before each cut, score the rest.

One forward split measures one season. The shared history is one year, and the model
has to hold up on parcels of other seasons and years, so ``opsdesk eval delay-risk
--forward`` cuts the same history at several dates and scores every cut's later part
at hand-over with the model, its transit curves alone and the naive slack ranking,
all in the same run. The test parts overlap (every cut's test runs to the end of the
history), so the mean over cuts is a summary, not a pooled figure.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from statistics import mean
from typing import Any

import numpy as np

from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk.evaluation import roc_auc
from opsdesk.proactive.risk.model import History, RiskModel

MODEL = "model"
TRANSIT = "transit distributions only"
NAIVE = "naive: less slack = riskier"
SCORES = (MODEL, TRANSIT, NAIVE)


@dataclass(frozen=True)
class ForwardSplit:
    cut: str  # purchases before this day trained
    train_rows: int
    test_rows: int
    test_late: int
    auc: dict[str, float]


@dataclass(frozen=True)
class ForwardReport:
    splits: tuple[ForwardSplit, ...]

    def mean_auc(self, name: str) -> float:
        return mean(s.auc[name] for s in self.splits)

    def as_dict(self) -> dict[str, Any]:
        return {
            "splits": [asdict(s) for s in self.splits],
            "mean_auc": {name: self.mean_auc(name) for name in SCORES},
        }


def _cut_at(day: datetime) -> float:
    return (day if day.tzinfo else day.replace(tzinfo=UTC)).timestamp()


def forward_split(history: History, cut: datetime) -> ForwardSplit:
    """Fit on purchases before ``cut``, score the purchases from it at hand-over."""
    early = history.facts.placed_at < _cut_at(cut)
    train, test = history.where(early), history.where(~early)
    if not len(test.facts) or test.late.all() or not test.late.any():
        raise ValueError(f"no late and on-time parcels to score after {cut:%Y-%m-%d}")
    model = RiskModel.fit(train)
    labels, facts = test.late, test.facts
    slack = f.slack_days(facts, facts.handed_over_at)
    return ForwardSplit(
        cut=f"{cut:%Y-%m-%d}",
        train_rows=len(train.facts),
        test_rows=len(facts),
        test_late=int(labels.sum()),
        auc={
            MODEL: roc_auc(labels, model.at_handover(facts)),
            TRANSIT: roc_auc(labels, model.late_by_transit(facts)),
            NAIVE: roc_auc(labels, np.asarray(-slack)),
        },
    )


def forward_splits(history: History, cuts: list[datetime]) -> ForwardReport:
    """Each cut in turn (ValueError when a cut leaves too little to fit or to score)."""
    if not cuts:
        raise ValueError("give at least one date to cut at")
    return ForwardReport(tuple(forward_split(history, cut) for cut in sorted(cuts)))
