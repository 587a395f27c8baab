"""How often a parcel still on the road r days before its promised day ends arrives late.

The store's own history answers it directly: of the past parcels handed over at least r
days before their promise ran out and not delivered by then, the share that was late.
Close to the promise that share is high (on the shared Olist history: about 0.86 one day
before, 0.6 three days before), and it is what the live risk of a travelling parcel may
not fall below. The hand-over model and the transit curves' conditional survival tend to
say less there: they are fitted on all parcels and stay near the calm base rate, while
being late is mostly decided by the parcels that are still out when the promise nears.
Replaying live scans over the Olist history, this floor is what lets delay notices go at
least a day ahead for most late parcels (``bench`` figures in docs/benchmarks.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from opsdesk.proactive.risk.features import DAY, FloatArray

GRID_STEP_DAYS = 0.25
GRID_MAX_DAYS = 30.0
# A share needs this many parcels behind it, else that far from the promise gets no floor.
MIN_PARCELS = 20
# Pseudo-parcels at the overall late share pulling thin shares towards it.
PRIOR_STRENGTH = 10.0


@dataclass(frozen=True)
class RemainingDaysCurve:
    """Late share of parcels still travelling, by days left to the end of the promise."""

    days: FloatArray = field(default_factory=lambda: np.zeros(0))
    late_share: FloatArray = field(default_factory=lambda: np.zeros(0))

    @classmethod
    def fit(
        cls, handed_over_at: FloatArray, promise_end: FloatArray, delivered_at: FloatArray
    ) -> RemainingDaysCurve:
        """From delivered history: hand-over, end of the promised day, delivery (epoch s)."""
        if not len(delivered_at):
            return cls()
        late = delivered_at > promise_end
        base = float(late.mean())
        days = np.arange(0.0, GRID_MAX_DAYS + GRID_STEP_DAYS / 2, GRID_STEP_DAYS)
        # A parcel is on the road r days before its promise ends for r in (first, last]:
        # last = days from hand-over to the promise's end, first = days from delivery to it.
        last = (promise_end - handed_over_at) / DAY
        first = (promise_end - delivered_at) / DAY
        count = _on_the_road(first, last, days)
        late_count = _on_the_road(first[late], last[late], days)
        shares = (late_count + PRIOR_STRENGTH * base) / (count + PRIOR_STRENGTH)
        return cls(days, _settle(shares, count >= MIN_PARCELS))

    def floor(self, days_left: FloatArray) -> FloatArray:
        """The late share at each parcel's days left (0 beyond what history covers)."""
        if not len(self.days):
            return np.zeros(len(days_left), dtype=np.float64)
        left = np.maximum(np.asarray(days_left, dtype=np.float64), 0.0)
        return np.asarray(np.interp(left, self.days, self.late_share, right=0.0), dtype=np.float64)

    def to_dict(self) -> dict[str, Any]:
        return {"days": self.days.tolist(), "late_share": self.late_share.tolist()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RemainingDaysCurve:
        """Models stored before the curve existed read as an empty one (no floor)."""
        days = np.asarray(data.get("days", []), dtype=np.float64)
        return cls(days, np.asarray(data.get("late_share", []), dtype=np.float64))


def _settle(shares: FloatArray, known: NDArray[np.bool_]) -> FloatArray:
    """Where too few parcels speak, the next known share further from the promise (0 past
    the last); then never higher further from the promise: more days left, more room."""
    settled = np.zeros(len(shares), dtype=np.float64)
    further = 0.0
    for i in range(len(shares) - 1, -1, -1):
        if known[i]:
            further = float(shares[i])
        settled[i] = further
    return np.asarray(np.minimum.accumulate(settled), dtype=np.float64)


def _on_the_road(first: FloatArray, last: FloatArray, days: FloatArray) -> NDArray[np.int64]:
    """How many intervals (first, last] hold each of ``days`` (first <= last always)."""
    from_last = len(last) - np.searchsorted(np.sort(last), days, side="left")
    from_first = len(first) - np.searchsorted(np.sort(first), days, side="left")
    return np.asarray(from_last - from_first, dtype=np.int64)
