"""What is known about shipments at a moment in time, as arrays (one entry per shipment).

Pure and vectorised: the same functions build training rows from history (at the
moment of hand-over) and score a million parcels in flight (at ``now``). Times are
epoch seconds (float64) so that arithmetic stays in NumPy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, time
from typing import Any

import numpy as np
from numpy.typing import NDArray

from opsdesk import shipping
from opsdesk.proactive.risk.arrays import distinct_rows

FloatArray = NDArray[np.float64]
DAY = 86_400.0
SERVICE_LEVELS = ("economy", "standard", "express")
# Weekday and month of the epoch second ``t`` (1970-01-01 was a Thursday).
_EPOCH_WEEKDAY = 3


def epoch(moment: datetime) -> float:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: risk features need aware timestamps")
    return moment.timestamp()


def end_of_day(day: date) -> float:
    """The promise holds until the end of the promised day (read in UTC)."""
    return datetime.combine(day, time.min, tzinfo=UTC).timestamp() + DAY


@dataclass(frozen=True)
class ShipmentFacts:
    """Facts fixed at hand-over: who carries it where, when it was promised, what it is."""

    carrier: NDArray[Any]
    service_level: NDArray[Any]
    origin_region: NDArray[Any]
    destination_region: NDArray[Any]
    lane_class: NDArray[Any]
    placed_at: FloatArray
    handed_over_at: FloatArray
    promise_end: FloatArray
    order_value: FloatArray
    freight_value: FloatArray
    weight_g: FloatArray
    item_count: FloatArray
    # Postal-code area of the destination (see ``areas.postal_area``); "" where not known.
    destination_area: NDArray[Any] | None = None
    # The place the parcel left from, finer than its region: the warehouse (a store's
    # own shipments) or the seller (marketplace history); "" where not known.
    origin_point: NDArray[Any] | None = None
    # The destination's postal district (see ``shifts.DISTRICT_PREFIX``); "" where not known.
    destination_district: NDArray[Any] | None = None

    def __post_init__(self) -> None:
        for name in ("destination_area", "origin_point", "destination_district"):
            if getattr(self, name) is None:  # callers that do not know it
                unknown = np.full(len(self.handed_over_at), "", dtype=object)
                object.__setattr__(self, name, unknown)

    def __len__(self) -> int:
        return len(self.handed_over_at)

    def take(self, index: NDArray[Any]) -> ShipmentFacts:
        return replace(self, **{f.name: getattr(self, f.name)[index] for f in fields(self)})


@dataclass(frozen=True)
class InFlightState:
    """What the carrier has told us so far about parcels still travelling."""

    facts: ShipmentFacts
    last_scan_at: FloatArray  # hand-over time when no scan came yet
    last_status: NDArray[Any]  # ShipmentStatus values as strings


def lane_classes(
    origin_country: NDArray[Any],
    origin_region: NDArray[Any],
    destination_country: NDArray[Any],
    destination_region: NDArray[Any],
) -> NDArray[Any]:
    """Same region / neighbouring / far, as the shipping module classifies a lane."""
    combos, inverse = distinct_rows(
        origin_country, origin_region, destination_country, destination_region
    )
    classes = [
        shipping.classify_lane(shipping.Place(oc, orr), shipping.Place(dc, dr)).value
        for oc, orr, dc, dr in combos
    ]
    return np.asarray(classes, dtype=object)[inverse]


def slack_days(facts: ShipmentFacts, at: FloatArray | float) -> FloatArray:
    """Days left between ``at`` and the end of the promised day (negative: promise missed)."""
    return np.asarray((facts.promise_end - at) / DAY, dtype=np.float64)


def elapsed_days(facts: ShipmentFacts, now: float | FloatArray) -> FloatArray:
    return np.asarray(np.maximum(now - facts.handed_over_at, 0.0) / DAY, dtype=np.float64)


def silence_days(state: InFlightState, now: float | FloatArray) -> FloatArray:
    """Days since the carrier last said anything (since hand-over when it never scanned)."""
    last = np.maximum(state.last_scan_at, state.facts.handed_over_at)
    return np.asarray(np.maximum(now - last, 0.0) / DAY, dtype=np.float64)


def weekday(moments: FloatArray) -> NDArray[np.int64]:
    """Monday = 0 … Sunday = 6 (UTC)."""
    days = np.floor(moments / DAY).astype(np.int64)
    return np.asarray((days + _EPOCH_WEEKDAY) % 7, dtype=np.int64)


def month(moments: FloatArray) -> NDArray[np.int64]:
    """1 … 12 (UTC), through NumPy's calendar arithmetic."""
    as_months = moments.astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)
    return np.asarray(as_months % 12 + 1, dtype=np.int64)


def lane_label(origin: str, destination: str) -> str:
    """``SP → AM`` as people read a lane."""
    return f"{origin or '?'} → {destination or '?'}"


# No month-of-year terms: a model fitted on the months before a cut never saw the month
# it scores, and sine/cosine of an unseen month only extrapolated (rolling validation
# 0.688 → 0.699 without them). Stored models that used them still score (see
# :data:`RETIRED_FEATURES`).
CLASSIFIER_FEATURES: tuple[str, ...] = (
    "transit_logit",
    "area_late_logit",
    "origin_transit_shift",
    "destination_transit_shift",
    "slack_days",
    "log_slack",
    "wait_days",
    "promise_window_days",
    "log_order_value",
    "freight_ratio",
    "log_weight",
    "item_count",
    "same_region",
    "far_lane",
    *(f"weekday_{d}" for d in range(7)),
    *(f"service_{level}" for level in SERVICE_LEVELS),
)
RETIRED_FEATURES: tuple[str, ...] = ("season_sin", "season_cos")


def logit(probability: FloatArray) -> FloatArray:
    p = np.clip(probability, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(p / (1 - p)), dtype=np.float64)


def _or_zeros(values: FloatArray | None, n: int) -> FloatArray:
    return np.zeros(n, dtype=np.float64) if values is None else values


def _indicator(values: NDArray[Any], wanted: object) -> Callable[[], FloatArray]:
    return lambda: np.asarray(values == wanted, dtype=np.float64)


def classifier_matrix(
    facts: ShipmentFacts,
    late_by_transit: FloatArray,
    area_late_share: FloatArray,
    origin_shift: FloatArray | None = None,
    destination_shift: FloatArray | None = None,
    names: tuple[str, ...] = CLASSIFIER_FEATURES,
) -> FloatArray:
    """The classifier's inputs at hand-over, one column per name in ``names``.

    ``late_by_transit`` is the transit model's P(late) at hand-over,
    ``area_late_share`` the destination area's past late share, ``origin_shift`` and
    ``destination_shift`` how much slower (log scale) than their lanes' usual the past
    parcels from the origin and to the destination district travelled (0 when
    unknown); the classifier learns how far to trust them and what else (slack,
    waiting, weekday …) moves the odds.
    """
    at = facts.handed_over_at
    slack = slack_days(facts, at)
    days = weekday(at)
    value = np.maximum(facts.order_value, 0.0)

    def season_angle() -> FloatArray:
        return np.asarray(2 * np.pi * (month(at) - 1) / 12, dtype=np.float64)

    columns: dict[str, Callable[[], FloatArray]] = {
        "transit_logit": lambda: logit(late_by_transit),
        "area_late_logit": lambda: logit(area_late_share),
        "origin_transit_shift": lambda: _or_zeros(origin_shift, len(facts)),
        "destination_transit_shift": lambda: _or_zeros(destination_shift, len(facts)),
        "slack_days": lambda: slack,
        "log_slack": lambda: np.log1p(np.maximum(slack, 0.0)),
        "wait_days": lambda: np.maximum(at - facts.placed_at, 0.0) / DAY,
        "promise_window_days": lambda: (facts.promise_end - facts.placed_at) / DAY,
        "log_order_value": lambda: np.log1p(value),
        "freight_ratio": lambda: (
            facts.freight_value / np.maximum(value + facts.freight_value, 1e-9)
        ),
        "log_weight": lambda: np.log1p(np.maximum(facts.weight_g, 0.0)),
        "item_count": lambda: facts.item_count,
        "same_region": lambda: (facts.lane_class == shipping.Lane.SAME_REGION.value).astype(float),
        "far_lane": lambda: (facts.lane_class == shipping.Lane.FAR.value).astype(float),
        "season_sin": lambda: np.sin(season_angle()),
        "season_cos": lambda: np.cos(season_angle()),
        **{f"weekday_{d}": _indicator(days, d) for d in range(7)},
        **{f"service_{level}": _indicator(facts.service_level, level) for level in SERVICE_LEVELS},
    }
    if not names:
        return np.zeros((len(facts), 0), dtype=np.float64)
    return np.column_stack([columns[name]() for name in names]).astype(np.float64)
