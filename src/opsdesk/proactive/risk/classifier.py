"""A calibrated logistic regression kept as plain numbers (JSON), never as a pickle.

scikit-learn fits it — standardised inputs, L2 logistic regression, sigmoid (Platt)
calibration on out-of-fold scores, as ``CalibratedClassifierCV(ensemble=False)`` does —
and then only the coefficients and the calibration curve, tabulated on a grid, are kept:
scoring is a dot product and an ``np.interp``, fast on a million rows and readable as
reasons. The calibration is strictly increasing on purpose: isotonic steps gave whole
ranges of raw scores the same probability, and the ties cost ranking (ROC AUC) on a
time-ordered validation slice.

The regression may rank by another label than the one the probability is calibrated
to (``rank_by``): a rare outcome (a late parcel, 4 % of the history) gives the
regression few examples to learn from, and a commoner outcome that orders parcels the
same way (most of the slack used up) gives it many. The calibration always maps to
the outcome itself, on scores of rows the regression did not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
# Raw log-odds at which the calibration curve is tabulated; beyond it the curve is flat.
CALIBRATION_GRID = np.linspace(-20.0, 20.0, 801)


@dataclass(frozen=True)
class CalibratedLogistic:
    features: tuple[str, ...]
    mean: FloatArray
    scale: FloatArray
    coef: FloatArray
    intercept: float
    # Calibration: raw score (log-odds) → probability, interpolated on a grid.
    calibration_x: FloatArray
    calibration_y: FloatArray

    @classmethod
    def fit(
        cls,
        features: tuple[str, ...],
        x: FloatArray,
        y: NDArray[np.bool_],
        *,
        c: float = 0.3,
        rank_by: NDArray[np.bool_] | None = None,
    ) -> CalibratedLogistic:
        """Regression on ``rank_by`` (default ``y``), calibrated to ``y``."""
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold

        ranked = y if rank_by is None else rank_by
        if ranked.all() or not ranked.any():
            raise ValueError("the ranking label needs both outcomes")
        mean = x.mean(axis=0)
        scale = x.std(axis=0)
        scale[scale < 1e-9] = 1.0
        z = (x - mean) / scale
        # Out-of-fold raw scores for the calibration, folds stratified on the outcome.
        folds = max(2, min(5, int(min(y.sum(), (~y).sum()))))
        raw = np.empty(len(y), dtype=np.float64)
        for seen, held in StratifiedKFold(folds).split(z, y):
            if ranked[seen].all() or not ranked[seen].any():
                raw[held] = 0.0  # a fold without both outcomes has nothing to rank by
                continue
            part = LogisticRegression(C=c, max_iter=2000).fit(z[seen], ranked[seen])
            raw[held] = part.decision_function(z[held])
        regression = LogisticRegression(C=c, max_iter=2000).fit(z, ranked)
        return cls(
            features=features,
            mean=mean,
            scale=scale,
            coef=np.asarray(regression.coef_[0], dtype=np.float64),
            intercept=float(regression.intercept_[0]),
            calibration_x=CALIBRATION_GRID,
            calibration_y=_platt(raw, y, CALIBRATION_GRID),
        )

    @classmethod
    def trust_transit(cls, features: tuple[str, ...]) -> CalibratedLogistic:
        """Before any history: the probability is the transit model's, unchanged."""
        coef = np.array([1.0 if name == "transit_logit" else 0.0 for name in features])
        grid = np.linspace(-12.0, 12.0, 97)
        return cls(
            features=features,
            mean=np.zeros(len(features)),
            scale=np.ones(len(features)),
            coef=coef,
            intercept=0.0,
            calibration_x=grid,
            calibration_y=1.0 / (1.0 + np.exp(-grid)),
        )

    def contributions(self, x: FloatArray) -> FloatArray:
        """Each feature's share of the raw log-odds, relative to an average shipment."""
        return np.asarray(((x - self.mean) / self.scale) * self.coef, dtype=np.float64)

    def raw_score(self, x: FloatArray) -> FloatArray:
        return np.asarray(((x - self.mean) / self.scale) @ self.coef + self.intercept)

    def predict(self, x: FloatArray) -> FloatArray:
        calibrated = np.interp(self.raw_score(x), self.calibration_x, self.calibration_y)
        return np.asarray(calibrated, dtype=np.float64)

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
            "calibration_x": self.calibration_x.tolist(),
            "calibration_y": self.calibration_y.tolist(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CalibratedLogistic:
        return cls(
            features=tuple(data["features"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=float(data["intercept"]),
            calibration_x=np.asarray(data["calibration_x"], dtype=np.float64),
            calibration_y=np.asarray(data["calibration_y"], dtype=np.float64),
        )


def _platt(raw: FloatArray, y: NDArray[np.bool_], grid: FloatArray) -> FloatArray:
    """Platt's sigmoid fitted to (raw score, outcome), read on ``grid``.

    Targets are smoothed toward the prior as Platt proposed (and scikit-learn does), so a
    handful of late parcels cannot push the curve to 0 or 1. A fit that came out
    decreasing (raw scores that carry no signal) is replaced by the flat late share.
    """
    from scipy.optimize import minimize
    from scipy.special import expit

    positives, negatives = float(y.sum()), float((~y).sum())
    target = np.where(y, (positives + 1) / (positives + 2), 1 / (negatives + 2))

    def loss(params: FloatArray) -> tuple[float, FloatArray]:
        a, b = params
        logits = a * raw + b
        p = expit(logits)
        value = np.sum(np.logaddexp(0.0, logits) - target * logits)
        error = p - target
        return float(value), np.array([np.dot(error, raw), error.sum()])

    start = np.array([1.0, float(np.log((positives + 1) / (negatives + 1)))])
    a, b = minimize(loss, start, jac=True, method="L-BFGS-B").x
    if a <= 0:
        a, b = 0.0, float(np.log((positives + 1) / (negatives + 1)))
    return np.asarray(expit(a * grid + b), dtype=np.float64)
