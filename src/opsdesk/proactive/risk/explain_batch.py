"""Reasons for a whole scored batch at once, word for word what :func:`explain` says.

A million parcels share a few thousand distinct reason lists: the sentences depend on
rounded day counts, a lane, a weekday and which contributions are the strongest. Each
candidate sentence gets an integer id per row (one formatting per distinct value), the
ranking is an argsort over the rows' weights, and each distinct combination of chosen
sentences becomes a list once. Rows whose notable weights tie exactly (the scalar code
breaks ties by the sentence text) are handed to :func:`explain` itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk.arrays import factorize
from opsdesk.proactive.risk.explain import (
    _WEEKDAYS,
    MAX_REASONS,
    NOTABLE_LOGIT,
    _day_label,
    _days,
    explain,
)
from opsdesk.proactive.risk.matching import ActiveDisruption
from opsdesk.proactive.risk.model import RiskBreakdown

IntArray = NDArray[np.int64]
_HANDOVER = ("wait", "weekday", "parcel", "area", "origin")
_CONSTANT = {
    "status": "the carrier reported a problem",
    "parcel": "a parcel of a kind that is often late",
    "area": "deliveries to this area are often late",
    "origin": "parcels from this sender have taken longer than usual on their lanes",
}


@dataclass(frozen=True)
class BatchReasons:
    """Distinct reason lists and, per row, which one is its own."""

    lists: list[list[str]]
    index: IntArray

    def of(self, row: int) -> list[str]:
        return list(self.lists[int(self.index[row])])


class _Texts:
    """Sentences by id: each distinct sentence is formatted and stored once."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def add(self, texts: list[str]) -> int:
        self.texts.extend(texts)
        return len(self.texts) - len(texts)

    def by_value(self, values: NDArray[Any], render: Any) -> IntArray:
        """Ids per row of ``render(value)`` over the distinct ``values`` (rows of a matrix)."""
        distinct, inverse = _distinct(values)
        start = self.add([render(v) for v in distinct.tolist()])
        return np.asarray(start + inverse, dtype=np.int64)


def _distinct(values: NDArray[Any]) -> tuple[NDArray[Any], IntArray]:
    """``np.unique(values, axis=0)`` with the inverse; integer matrices are packed into one
    integer per row first (a 1-D sort is several times faster than a row-wise one)."""
    if values.ndim == 2 and values.dtype.kind == "i" and len(values):
        low = values.min(axis=0)
        spans = values.max(axis=0) - low + 1
        if float(np.prod(spans.astype(np.float64))) < 2.0**62:
            packed = np.zeros(len(values), dtype=np.int64)
            for column, span, start in zip(values.T, spans.tolist(), low.tolist(), strict=True):
                packed = packed * span + (column - start)
            __keys, first, inverse = np.unique(packed, return_index=True, return_inverse=True)
            return values[first], inverse.reshape(-1).astype(np.int64)
    distinct, inverse = np.unique(values, return_inverse=True, axis=0)
    return distinct, np.asarray(inverse.reshape(-1), dtype=np.int64)


def _rounded(values: NDArray[np.float64]) -> IntArray:
    """``round()`` of each value, as :func:`_days` rounds (half to even)."""
    return np.rint(values).astype(np.int64)


def _transit_ids(texts: _Texts, b: RiskBreakdown, facts: f.ShipmentFacts) -> IntArray:
    origins, origin_code = factorize(facts.origin_region)
    destinations, destination_code = factorize(facts.destination_region)
    keys = np.stack(
        [
            origin_code,
            destination_code,
            _rounded(b.lane_median_days),
            _rounded(np.maximum(b.slack_left_days, 0.0)),
        ],
        axis=1,
    )

    def render(key: list[int]) -> str:
        lane = f.lane_label(origins[key[0]], destinations[key[1]])
        return f"lane {lane} usually takes {_days(key[2])}, {_days(key[3])} of slack left"

    return texts.by_value(keys, render)


def _floor_ids(texts: _Texts, b: RiskBreakdown) -> IntArray:
    left = _rounded(np.maximum(b.slack_left_days, 0.0))
    share = _rounded(b.remaining_floor * 100)  # what ``:.0%`` prints

    def render(key: list[int]) -> str:
        when = f"{_days(key[0])} before the promised day" if key[0] else "on the promised day"
        return f"still on the road {when}; {key[1]}% of such parcels arrived late"

    return texts.by_value(np.stack([left, share], axis=1), render)


def _candidates(
    texts: _Texts,
    b: RiskBreakdown,
    facts: f.ShipmentFacts,
    disruptions: list[ActiveDisruption],
) -> tuple[NDArray[np.float64], IntArray]:
    """Weights (−inf where a sentence is not said or not notable) and sentence ids."""
    n = len(b.probability)
    absent = np.full(n, -np.inf)
    weekdays = texts.add([f"handed over on a {day}" for day in _WEEKDAYS])
    described = texts.add([d.describe() for d in disruptions])
    position = b.disruption_index
    waited = (facts.handed_over_at - facts.placed_at) / f.DAY
    columns: list[tuple[NDArray[np.float64], IntArray]] = [
        (b.transit_logit, _transit_ids(texts, b, facts)),
        (
            np.where(position >= 0, b.disruption_logit, absent),
            described + np.maximum(position, 0),
        ),
        (
            np.where(b.silence_logit > 0, b.silence_logit, absent),
            texts.by_value(_rounded(b.silence_days), lambda d: f"no carrier scan for {_days(d)}"),
        ),
        (
            np.where(b.status_logit > 0, b.status_logit, absent),
            np.full(n, texts.add([_CONSTANT["status"]])),
        ),
        (
            b.group_logit["wait"],
            texts.by_value(
                _rounded(waited), lambda d: f"handed to the carrier {_days(d)} after the order"
            ),
        ),
        (b.group_logit["weekday"], weekdays + f.weekday(facts.handed_over_at)),
        *((b.group_logit[g], np.full(n, texts.add([_CONSTANT[g]]))) for g in _HANDOVER[2:]),
    ]
    weights = np.column_stack([np.asarray(w, dtype=np.float64) for w, _ in columns])
    weights[~(weights >= NOTABLE_LOGIT)] = -np.inf
    ids = np.column_stack([i for _, i in columns]).astype(np.int64)
    return weights, ids


def _chosen(
    texts: _Texts, b: RiskBreakdown, facts: f.ShipmentFacts, disruptions: list[ActiveDisruption]
) -> tuple[IntArray, NDArray[np.bool_]]:
    """Per row the ids of the sentences said, in order (−1 pads), and rows with ties."""
    weights, ids = _candidates(texts, b, facts, disruptions)
    order = np.argsort(-weights, axis=1, kind="stable")
    ranked = np.take_along_axis(weights, order, axis=1)
    said = np.take_along_axis(ids, order, axis=1)
    said[~np.isfinite(ranked)] = -1
    notable = np.isfinite(ranked)
    tied = (notable[:, 1:] & (ranked[:, 1:] == ranked[:, :-1])).any(axis=1)
    raised = b.remaining_floor > 0
    floor = np.where(raised, _floor_ids(texts, b), -1)
    chosen = np.column_stack([floor, said[:, :MAX_REASONS]])
    shifted = np.where(raised[:, None], chosen[:, :MAX_REASONS], chosen[:, 1:])
    nothing = shifted[:, 0] < 0  # nothing notable: the transit sentence alone
    shifted[nothing, 0] = ids[nothing, 0]
    missed = b.promise_missed.astype(bool)
    shifted[missed] = -1
    shifted[missed, 0] = texts.by_value(
        facts.promise_end[missed],
        lambda end: f"the promised delivery date ({_day_label(end)}) has passed without delivery",
    )
    return shifted, tied & ~missed


def explain_batch(
    breakdown: RiskBreakdown, facts: f.ShipmentFacts, disruptions: list[ActiveDisruption]
) -> BatchReasons:
    """Every row's :func:`explain`, as distinct lists and an index into them."""
    if len(facts) == 0:
        return BatchReasons([], np.zeros(0, dtype=np.int64))
    texts = _Texts()
    chosen, tied = _chosen(texts, breakdown, facts, disruptions)
    distinct, index = _distinct(chosen)
    lists = [[texts.texts[i] for i in row if i >= 0] for row in distinct.tolist()]
    index = index.copy()
    for row in np.flatnonzero(tied).tolist():
        index[row] = len(lists)
        lists.append(explain(breakdown, facts, row, disruptions))
    return BatchReasons(lists, index)
