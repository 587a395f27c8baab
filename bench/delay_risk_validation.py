"""Rolling validation of the delay-risk model inside a training period.

For each month M: fit on purchases before M, score the purchases of M at hand-over,
and report each month's ROC AUC, their mean and the AUC of all months' scores pooled.
This is where model changes are chosen; the test part of ``opsdesk eval delay-risk``
is only read after choosing. With ``--in-flight`` it also replays each month's parcels as
live scans see them (``alerts.replay``) and pools who was told before the promise ran out.

    .venv/bin/python bench/delay_risk_validation.py --data ../shared/data/olist \\
        --months 2017-04 2017-05 2017-06 2017-07 2017-08 2017-09 [--in-flight] [--blocks]
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from opsdesk.proactive.risk import alerts
from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk.evaluation import roc_auc
from opsdesk.proactive.risk.model import History, RiskModel
from opsdesk.proactive.risk.notice_rules import CURVE, NoticeRule
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


def in_flight(history: History, months: list[str]) -> list[alerts.AlertReport]:
    """Live notices replayed month by month and pooled: each rule of the trade-off curve
    (``notice_rules.CURVE``), then the no-model baseline."""
    placed = history.facts.placed_at
    late, ends, baseline = [], [], []
    firsts: dict[NoticeRule, list[np.ndarray]] = {rule: [] for rule in CURVE}
    for month in months:
        start, end = _month_bounds(month)
        test = history.where((placed >= start) & (placed < end))
        scans = alerts.scan_risks(RiskModel.fit(history.where(placed < start)), test)
        late.append(test.late)
        ends.append(test.facts.promise_end)
        baseline.append(alerts.baseline_warnings(test))
        for rule in CURVE:
            firsts[rule].append(scans.first_warnings(rule))
    labels, promise_end = np.concatenate(late), np.concatenate(ends)
    reports = [
        alerts.summarise(r.label(), r.threshold, labels, promise_end, np.concatenate(firsts[r]))
        for r in CURVE
    ]
    baseline_first = np.concatenate(baseline)
    return [*reports, alerts.summarise(alerts.BASELINE, None, labels, promise_end, baseline_first)]


def blocks(history: History, months_per_block: int = 2) -> list[tuple[str, int, int, float]]:
    """Grouped folds: each block of calendar months held out in turn, the model fitted on
    every other month (earlier and later): how the model carries to a season it never saw.
    (block, parcels, late, AUC) per block, then the mean as ``mean``."""
    month_of = f.month(history.facts.placed_at)
    block_of = (month_of - 1) // months_per_block
    rows = []
    for block in np.unique(block_of):
        held = block_of == block
        test = history.where(held)
        p = RiskModel.fit(history.where(~held)).at_handover(test.facts)
        first, last = block * months_per_block + 1, (block + 1) * months_per_block
        rows.append(
            (
                f"{first:02d}-{last:02d}",
                len(test.facts),
                int(test.late.sum()),
                roc_auc(test.late, p),
            )
        )
    rows.append(
        (
            "mean",
            sum(r[1] for r in rows),
            sum(r[2] for r in rows),
            float(np.mean([r[3] for r in rows])),
        )
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/olist"))
    parser.add_argument("--months", nargs="+", default=list(DEFAULT_MONTHS))
    parser.add_argument("--in-flight", action="store_true", help="also replay live notices")
    parser.add_argument("--blocks", action="store_true", help="also two-month grouped folds")
    args = parser.parse_args()
    history = read_history(args.data)
    results = rolling(history, args.months)
    for month, parcels, late, auc in results:
        print(f"{month:8s} {parcels:6d} parcels {late:4d} late  AUC {auc:.3f}")
    print(f"mean of months: {np.mean([r[3] for r in results[:-1]]):.4f}")
    if args.blocks:
        print("\ngrouped folds (months held out together, fitted on all other months):")
        for block, parcels, late, auc in blocks(history):
            print(f"  months {block:6s} {parcels:6d} parcels {late:4d} late  AUC {auc:.3f}")
    if not args.in_flight:
        return
    print("\nnotices while in flight, pooled over the months:")
    for a in in_flight(history, args.months):
        when = a.name
        lead = "-" if a.median_lead_days is None else f"{a.median_lead_days:.1f} d"
        print(
            f"  {when:52s} late told {a.warned_late:4d}/{a.late} "
            f"(>= 1 day ahead {a.warned_late_day_ahead:4d}), median lead {lead:>6s}, "
            f"on time told {a.warned_on_time:4d}/{a.on_time}"
        )


if __name__ == "__main__":
    main()
