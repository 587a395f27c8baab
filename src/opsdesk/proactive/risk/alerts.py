"""How early the risk model warns while parcels travel: live scans replayed over a history.

The hand-over AUC measures one moment. The product acts at every scan until the promise
runs out: a parcel's probability rises the longer it stays on the road (the transit
curves' conditional survival), and the built-in rule sends a delay notice once it
reaches :data:`NOTICE_THRESHOLD`. :func:`replay` does that over delivered history.
From each hand-over, every :data:`STEP_DAYS` until the parcel arrived or its promised
day ended, the parcel is scored as a live scan would score it then, and its first
crossing is kept.

Only what a scan at that moment knows enters: the parcel is still travelling, and for
how long. Olist-style histories hold no intermediate carrier scans, so silence is not
observed (counted as none), and no disruptions are declared. The baseline needs no
model: tell every parcel still travelling one day before its promised day ends.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk.model import History, RiskModel

# The built-in "Shipment at risk" rule's condition (risk >= 0.6; a test keeps them equal).
NOTICE_THRESHOLD = 0.6
STEP_DAYS = 0.25  # four scans a day; live scans run every 15 minutes
_CHUNK = 250_000  # scan rows scored at once
BASELINE = "no model: on the road a day before the promise ends"


@dataclass(frozen=True)
class AlertReport:
    """Who was warned before the promise ran out, how early, and how many needlessly."""

    name: str
    threshold: float | None  # None: not a probability threshold
    late: int
    warned_late: int  # late parcels warned before the end of their promised day
    warned_late_day_ahead: int  # … at least a day before it
    median_lead_days: float | None  # promise end − first warning, over warned late parcels
    on_time: int
    warned_on_time: int  # warned, then arrived in time after all

    @property
    def recall(self) -> float | None:
        return self.warned_late / self.late if self.late else None

    @property
    def precision(self) -> float | None:
        warned = self.warned_late + self.warned_on_time
        return self.warned_late / warned if warned else None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "recall": self.recall, "precision": self.precision}


def _scan_moments(history: History, step_days: float) -> tuple[NDArray[np.int64], f.FloatArray]:
    """(parcel index, moment) of every scan while a parcel travelled within its promise."""
    facts = history.facts
    handed = facts.handed_over_at
    stop = np.minimum(history.delivered_at, facts.promise_end)
    step = step_days * f.DAY
    counts = np.maximum(np.ceil((stop - handed) / step), 0).astype(np.int64)
    index = np.repeat(np.arange(len(facts), dtype=np.int64), counts)
    first_row = np.repeat(np.cumsum(counts) - counts, counts)
    k = np.arange(int(counts.sum()), dtype=np.int64) - first_row
    return index, handed[index] + k * step


def first_warnings(
    model: RiskModel,
    history: History,
    threshold: float = NOTICE_THRESHOLD,
    *,
    step_days: float = STEP_DAYS,
) -> f.FloatArray:
    """Per parcel, the first scan moment its risk reached ``threshold`` (inf: never)."""
    index, moments = _scan_moments(history, step_days)
    first = np.full(len(history.facts), np.inf)
    for start in range(0, len(index), _CHUNK):
        rows, at = index[start : start + _CHUNK], moments[start : start + _CHUNK]
        state = f.InFlightState(
            facts=history.facts.take(rows),
            last_scan_at=at,  # no scans in the history: silence unobserved, not assumed
            last_status=np.full(len(rows), "in_transit", dtype=object),
        )
        crossed = model.in_flight_at(state, at, []).probability >= threshold
        np.minimum.at(first, rows[crossed], at[crossed])
    return first


def summarise(
    name: str,
    threshold: float | None,
    late: NDArray[np.bool_],
    promise_end: f.FloatArray,
    first: f.FloatArray,
) -> AlertReport:
    """Count the notices given each parcel's first warning (inf: none) and outcome."""
    warned = np.isfinite(first)
    lead = (promise_end - first) / f.DAY
    hit = warned & late
    return AlertReport(
        name=name,
        threshold=threshold,
        late=int(late.sum()),
        warned_late=int(hit.sum()),
        warned_late_day_ahead=int((hit & (lead >= 1.0)).sum()),
        median_lead_days=float(np.median(lead[hit])) if hit.any() else None,
        on_time=int((~late).sum()),
        warned_on_time=int((warned & ~late).sum()),
    )


def baseline_warnings(history: History) -> f.FloatArray:
    """The no-model notice: one day before the promise ends, if the parcel is still out."""
    facts = history.facts
    day_before = facts.promise_end - f.DAY
    travelling = (facts.handed_over_at <= day_before) & (history.delivered_at > day_before)
    return np.where(travelling, day_before, np.inf)


def replay(
    model: RiskModel, history: History, threshold: float = NOTICE_THRESHOLD
) -> tuple[AlertReport, AlertReport]:
    """The model's warnings at ``threshold`` and the no-model baseline, on the same parcels."""
    late, end = history.late, history.facts.promise_end
    model_first = first_warnings(model, history, threshold)
    return (
        summarise("model", threshold, late, end, model_first),
        summarise(BASELINE, None, late, end, baseline_warnings(history)),
    )
