"""Empirical transit-time distributions per carrier, service level and lane, with shrinkage.

A group's survival curve S(t) = P(transit takes longer than t days) is read off a grid.
Groups form a hierarchy — everything → carrier/service/lane class → + destination
region → + origin region — and each curve is shrunk toward its parent's by
``n / (n + k)``, so a lane seen twelve times borrows most of its shape from the
destination, and a lane never seen uses the destination's (or coarser) curve.

Everything is arrays: scoring a million parcels is a few vectorised look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from opsdesk.proactive.risk.arrays import distinct_rows

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

GRID_STEP_DAYS = 0.25
GRID_MAX_DAYS = 60.0
GRID = np.arange(0.0, GRID_MAX_DAYS + GRID_STEP_DAYS / 2, GRID_STEP_DAYS)
ROOT = "*"
SEPARATOR = "|"
# Survival never reaches exactly 0 or 1: a parcel can always be later than ever seen.
FLOOR = 1e-3


def group_keys(
    carrier: NDArray[Any],
    service_level: NDArray[Any],
    lane_class: NDArray[Any],
    destination: NDArray[Any],
    origin: NDArray[Any],
) -> tuple[list[str], NDArray[np.int64]]:
    """The distinct finest keys (``carrier|service|class|dest|origin``) and each row's."""
    combos, inverse = distinct_rows(carrier, service_level, lane_class, destination, origin)
    return [SEPARATOR.join(part.strip().upper() for part in combo) for combo in combos], inverse


def parent_of(key: str) -> str:
    return key.rsplit(SEPARATOR, 1)[0] if SEPARATOR in key else ROOT


def _ancestors(key: str) -> list[str]:
    """``key`` and its coarser groups, finest first, ending with the root."""
    chain = [key]
    while chain[-1] != ROOT:
        chain.append(parent_of(chain[-1]))
    return chain


def empirical_survival(transit_days: FloatArray) -> FloatArray:
    """P(T > t) on :data:`GRID` for a sample of transit times."""
    ordered = np.sort(transit_days)
    below_or_equal = np.searchsorted(ordered, GRID, side="right")
    return 1.0 - below_or_equal / max(len(ordered), 1)


def shrink(own: FloatArray, count: int, parent: FloatArray, strength: float) -> FloatArray:
    """Blend a group's curve with its parent's, trusting the group as its sample grows."""
    weight = count / (count + strength)
    return weight * own + (1.0 - weight) * parent


@dataclass(frozen=True)
class TransitDistributions:
    """Fitted survival curves by group key; look-ups fall back to the nearest ancestor."""

    keys: tuple[str, ...]
    counts: tuple[int, ...]
    curves: FloatArray  # (groups, len(GRID))

    @classmethod
    def fit(
        cls,
        keys: tuple[list[str], NDArray[np.int64]],
        transit_days: FloatArray,
        *,
        strength: float = 30.0,
    ) -> TransitDistributions:
        """Fit on ``keys`` as :func:`group_keys` returns them (distinct keys, row codes)."""
        names, codes = keys
        samples: dict[str, list[float]] = {}
        for code, days in zip(codes.tolist(), transit_days.tolist(), strict=True):
            for group in _ancestors(names[code]):
                samples.setdefault(group, []).append(days)
        if ROOT not in samples:
            return cls.prior()
        ordered = sorted(samples, key=lambda k: (0 if k == ROOT else k.count(SEPARATOR) + 1, k))
        curves: dict[str, FloatArray] = {}
        for key in ordered:
            own = empirical_survival(np.asarray(samples[key], dtype=np.float64))
            if key == ROOT:
                curves[key] = own
            else:
                curves[key] = shrink(own, len(samples[key]), curves[parent_of(key)], strength)
        return cls(
            keys=tuple(ordered),
            counts=tuple(len(samples[k]) for k in ordered),
            curves=np.vstack([curves[k] for k in ordered]),
        )

    @classmethod
    def prior(cls, mean_days: float = 5.0, spread_days: float = 2.5) -> TransitDistributions:
        """A stand-in before any history exists: a gamma-shaped transit time."""
        shape = (mean_days / spread_days) ** 2
        rng = np.random.default_rng(7)
        draws = rng.gamma(shape, mean_days / shape, size=20_000)
        return cls(keys=(ROOT,), counts=(0,), curves=empirical_survival(draws)[None, :])

    def lookup(self, keys: tuple[list[str], NDArray[np.int64]]) -> IntArray:
        """Curve of the most specific fitted group for each row (root when nothing matches)."""
        names, codes = keys
        index = {key: i for i, key in enumerate(self.keys)}
        resolved = np.array(
            [next(index[g] for g in _ancestors(name) if g in index) for name in names],
            dtype=np.int64,
        )
        return resolved[codes] if len(names) else np.zeros(len(codes), dtype=np.int64)

    def survival(self, groups: IntArray, days: FloatArray) -> FloatArray:
        """P(transit > ``days``) per row, linearly interpolated on the grid."""
        position = np.clip(np.asarray(days, dtype=np.float64), 0.0, GRID_MAX_DAYS) / GRID_STEP_DAYS
        lower = np.floor(position).astype(np.int64)
        upper = np.minimum(lower + 1, len(GRID) - 1)
        fraction = position - lower
        low = self.curves[groups, lower]
        high = self.curves[groups, upper]
        return np.clip(low + (high - low) * fraction, FLOOR, 1.0 - FLOOR)

    def conditional_survival(
        self, groups: IntArray, promise_days: FloatArray, elapsed_days: FloatArray
    ) -> FloatArray:
        """P(transit > promise | still travelling after ``elapsed``) = S(promise) / S(elapsed)."""
        later = self.survival(groups, promise_days)
        so_far = self.survival(groups, np.minimum(elapsed_days, promise_days))
        return np.clip(later / so_far, FLOOR, 1.0 - FLOOR)

    def median_days(self, groups: IntArray) -> FloatArray:
        """The transit time half the group's parcels beat, per row."""
        first_below_half = np.argmax(self.curves <= 0.5, axis=1)
        return np.asarray(GRID[first_below_half][groups], dtype=np.float64)

    def to_dict(self) -> dict[str, Any]:
        return {
            "grid_step_days": GRID_STEP_DAYS,
            "grid_max_days": GRID_MAX_DAYS,
            "keys": list(self.keys),
            "counts": list(self.counts),
            "curves": np.round(self.curves, 5).tolist(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TransitDistributions:
        if data.get("grid_step_days") != GRID_STEP_DAYS or data.get("grid_max_days") != (
            GRID_MAX_DAYS
        ):
            raise ValueError("transit curves were fitted on another grid; retrain the model")
        return cls(
            keys=tuple(data["keys"]),
            counts=tuple(int(c) for c in data["counts"]),
            curves=np.asarray(data["curves"], dtype=np.float64),
        )
