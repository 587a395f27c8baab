"""How early the risk model warns while parcels travel: live scans replayed over a history.

The hand-over AUC measures one moment. The product acts at every scan until the promise
runs out: a parcel's probability rises the longer it stays on the road (the transit
curves' conditional survival), and the built-in rule sends a delay notice once its
condition holds (``notice_rules.py``: the risk, optionally with how many calendar days
are left to the promised day). :func:`replay` does that over delivered history. From each
hand-over, every :data:`STEP_DAYS` until the parcel arrived or its promised day ended,
and at the first moment of the promised day itself (live scans run every 15 minutes,
so one runs then), the parcel is scored as a live scan would score it, and the first
moment the rule holds is kept.

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
from opsdesk.proactive.risk.notice_rules import BUILTIN_RULE, NoticeRule

# The built-in "Shipment at risk" rule's threshold (risk >= 0.6; a test keeps them equal).
NOTICE_THRESHOLD = BUILTIN_RULE.threshold
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

    def beats(self, other: AlertReport) -> bool:
        """At least as many late parcels told a day ahead, and no more told needlessly."""
        return (
            self.warned_late_day_ahead >= other.warned_late_day_ahead
            and self.warned_on_time <= other.warned_on_time
        )

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "recall": self.recall, "precision": self.precision}


@dataclass(frozen=True)
class ScanRisks:
    """Every replayed scan: which parcel, when, its risk and calendar days to its promise."""

    parcels: int
    index: NDArray[np.int64]
    moments: f.FloatArray
    risk: f.FloatArray
    days_to_promise: NDArray[np.int64]

    def first_warnings(self, rule: NoticeRule) -> f.FloatArray:
        """Per parcel, the first scan moment ``rule`` held (inf: never)."""
        first = np.full(self.parcels, np.inf)
        held = rule.holds(self.risk, self.days_to_promise)
        np.minimum.at(first, self.index[held], self.moments[held])
        return first


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


def _promised_day_moments(history: History) -> tuple[NDArray[np.int64], f.FloatArray]:
    """(parcel index, moment) of the scan at the start of the promised day (a day before
    the promise ends), for parcels handed over by then and still travelling."""
    start = history.facts.promise_end - f.DAY
    out = (history.facts.handed_over_at <= start) & (history.delivered_at > start)
    index = np.flatnonzero(out).astype(np.int64)
    return index, start[index]


def days_to_promise(promise_end: f.FloatArray, at: f.FloatArray) -> NDArray[np.int64]:
    """Calendar days (UTC) from ``at`` to the promised day, as the rule fact counts them."""
    promised_day = np.floor((promise_end - 1.0) / f.DAY)
    return np.asarray(promised_day - np.floor(at / f.DAY), dtype=np.int64)


def scan_risks(model: RiskModel, history: History, *, step_days: float = STEP_DAYS) -> ScanRisks:
    """Score every replayed scan once; rules are then read off the scores."""
    grid_index, grid_moments = _scan_moments(history, step_days)
    day_index, day_moments = _promised_day_moments(history)
    index = np.concatenate([grid_index, day_index])
    moments = np.concatenate([grid_moments, day_moments])
    risk = np.empty(len(index), dtype=np.float64)
    for start in range(0, len(index), _CHUNK):
        rows, at = index[start : start + _CHUNK], moments[start : start + _CHUNK]
        state = f.InFlightState(
            facts=history.facts.take(rows),
            last_scan_at=at,  # no scans in the history: silence unobserved, not assumed
            last_status=np.full(len(rows), "in_transit", dtype=object),
        )
        risk[start : start + len(rows)] = model.in_flight_at(state, at, []).probability
    ends = history.facts.promise_end[index]
    return ScanRisks(len(history.facts), index, moments, risk, days_to_promise(ends, moments))


def first_warnings(
    model: RiskModel,
    history: History,
    rule: NoticeRule | float = BUILTIN_RULE,
    *,
    step_days: float = STEP_DAYS,
) -> f.FloatArray:
    """Per parcel, the first scan moment ``rule`` held (a number: risk at or above it)."""
    chosen = rule if isinstance(rule, NoticeRule) else NoticeRule(rule)
    return scan_risks(model, history, step_days=step_days).first_warnings(chosen)


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


def rule_reports(
    scans: ScanRisks, history: History, rules: tuple[NoticeRule, ...]
) -> tuple[AlertReport, ...]:
    """Each rule's notices on the same replayed scans."""
    late, end = history.late, history.facts.promise_end
    return tuple(
        summarise(rule.label(), rule.threshold, late, end, scans.first_warnings(rule))
        for rule in rules
    )


def baseline_report(history: History) -> AlertReport:
    """The no-model rule's notices on ``history``."""
    first = baseline_warnings(history)
    return summarise(BASELINE, None, history.late, history.facts.promise_end, first)


def replay(
    model: RiskModel, history: History, rule: NoticeRule = BUILTIN_RULE
) -> tuple[AlertReport, AlertReport]:
    """The model's warnings under ``rule`` and the no-model baseline, on the same parcels."""
    (report,) = rule_reports(scan_risks(model, history), history, (rule,))
    return report, baseline_report(history)
