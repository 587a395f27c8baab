"""Rolling validation of the delay-risk model inside a training period.

For each month M: fit on purchases before M, score the purchases of M at hand-over,
and report each month's ROC AUC, their mean and the AUC of all months' scores pooled.
This is where model changes are chosen; the test part of ``opsdesk eval delay-risk``
is only read after choosing.

    .venv/bin/python bench/delay_risk_validation.py --data ../shared/data/olist \\
        --months 2017-04 2017-05 2017-06 2017-07 2017-08 2017-09
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from opsdesk.proactive.risk.evaluation import roc_auc
from opsdesk.proactive.risk.model import History, RiskModel
from opsdesk.proactive.risk.olist import read_history

DEFAULT_MONTHS = ("2017-04", "2017-05", "2017-06", "2017-07", "2017-08", "2017-09")


def _month_bounds(month: str) -> tuple[float, float]:
    start = datetime.strptime(month, "%Y-%m").replace(tzinfo=UTC)
    end = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    return start.timestamp(), end.timestamp()


def rolling(history: History, months: list[str]) -> list[tuple[str, int, int, float]]:
    """(month, parcels, late, AUC) per month, plus the pooled row labelled ``pooled``."""
    placed = history.facts.placed_at
    rows, labels, scores = [], [], []
    for month in months:
        start, end = _month_bounds(month)
        train = history.where(placed < start)
        test = history.where((placed >= start) & (placed < end))
        p = RiskModel.fit(train).at_handover(test.facts)
        rows.append((month, len(test.facts), int(test.late.sum()), roc_auc(test.late, p)))
        labels.append(test.late)
        scores.append(p)
    pooled_labels = np.concatenate(labels)
    pooled = roc_auc(pooled_labels, np.concatenate(scores))
    rows.append(("pooled", len(pooled_labels), int(pooled_labels.sum()), pooled))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/olist"))
    parser.add_argument("--months", nargs="+", default=list(DEFAULT_MONTHS))
    args = parser.parse_args()
    results = rolling(read_history(args.data), args.months)
    for month, parcels, late, auc in results:
        print(f"{month:8s} {parcels:6d} parcels {late:4d} late  AUC {auc:.3f}")
    print(f"mean of months: {np.mean([r[3] for r in results[:-1]]):.4f}")


if __name__ == "__main__":
    main()
