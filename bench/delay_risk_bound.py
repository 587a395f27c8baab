"""How much of the forward delay-risk gap is the test window's own regime.

Scores each test parcel of a purchase-time split with a model fitted on everything
before the cut *plus* the other folds of the test window, so the model has seen the
weeks it scores (the Black Friday surge on the shared Olist history). The forward
figure (``opsdesk eval delay-risk``) is printed beside it. An upper bound for what a
forward model could reach with the same features, not a forecast.

    .venv/bin/python bench/delay_risk_bound.py --data ../shared/data/olist \\
        [--split 0.7 | --split-date 2017-10-01] [--folds 5] [--seeds 0 1 2]
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from opsdesk.proactive.risk.evaluation import roc_auc
from opsdesk.proactive.risk.model import RiskModel
from opsdesk.proactive.risk.olist import read_history


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/olist"))
    parser.add_argument("--split", type=float, default=None)
    parser.add_argument("--split-date", type=datetime.fromisoformat, default=None)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    args = parser.parse_args()
    history = read_history(args.data)
    placed = history.facts.placed_at
    if args.split_date is not None:
        cut = args.split_date.replace(tzinfo=args.split_date.tzinfo or UTC).timestamp()
    else:
        cut = float(np.quantile(placed, args.split if args.split is not None else 0.7))
    before, window = placed < cut, np.flatnonzero(placed >= cut)
    test = history.where(placed >= cut)
    forward = roc_auc(test.late, RiskModel.fit(history.where(before)).at_handover(test.facts))
    print(f"{len(window)} test parcels, {test.late.mean():.1%} late; forward AUC {forward:.3f}")
    for seed in args.seeds:
        fold = np.random.default_rng(seed).permutation(len(window)) % args.folds
        scores = np.zeros(len(window))
        for k in range(args.folds):
            seen = before.copy()
            seen[window[fold != k]] = True  # the window's other folds join the training
            held = np.zeros(len(placed), dtype=bool)
            held[window[fold == k]] = True
            model = RiskModel.fit(history.where(seen))
            scores[fold == k] = model.at_handover(history.where(held).facts)
        auc = roc_auc(test.late, scores)
        print(f"seed {seed}: AUC with the window's other parcels in training {auc:.3f}")


if __name__ == "__main__":
    main()
