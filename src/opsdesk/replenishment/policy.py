"""The replenishment maths, pure: classes, service levels, safety stock, reorder point,
order-up-to level, days of cover and the supplier's ordering terms. No I/O here.

Safety stock uses the demand-and-lead-time formula
``sigma_LT = sqrt(L * sigma_d**2 + d**2 * sigma_L**2)`` with ``z`` from the target
service level (a cycle service level: the chance of not running out while an order is
on its way). ``sigma_d`` is the forecast's own error spread per day, not the spread of
demand: a good forecast needs less buffer than a noisy history suggests.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

ABC_CUTS = (0.8, 0.95)  # cumulative share of value: A up to 80 %, B to 95 %, C the rest
XYZ_CUTS = (0.5, 1.0)  # coefficient of variation of weekly demand: X below 0.5, Y below 1

# Target service level per ABC × XYZ class until someone edits it.
DEFAULT_LEVELS: Mapping[str, float] = {
    "AX": 0.99, "AY": 0.98, "AZ": 0.97,
    "BX": 0.98, "BY": 0.97, "BZ": 0.95,
    "CX": 0.95, "CY": 0.93, "CZ": 0.90,
}  # fmt: skip
CLASSES = tuple(DEFAULT_LEVELS)
MIN_LEVEL, MAX_LEVEL = 0.5, 0.999


@dataclass(frozen=True)
class Terms:
    """The supplier's ordering terms for one SKU: least quantity and carton size."""

    moq: int = 1
    pack_size: int = 1


@dataclass(frozen=True)
class Levels:
    """Stock targets of one SKU × warehouse, in units (floats; rounded when ordering)."""

    safety_stock: float
    reorder_point: float
    order_up_to: float


def abc_classes(values: Mapping[int, float]) -> dict[int, str]:
    """A, B or C per key by its share of the total value (highest first, Pareto cuts)."""
    total = sum(max(v, 0.0) for v in values.values())
    ranked = sorted(values, key=lambda k: (-values[k], k))
    classes: dict[int, str] = {}
    running = 0.0
    for key in ranked:
        share_before = running / total if total > 0 else 1.0
        running += max(values[key], 0.0)
        classes[key] = (
            "A" if share_before < ABC_CUTS[0] else "B" if share_before < ABC_CUTS[1] else "C"
        )
    return classes


def xyz_class(weekly: Sequence[float]) -> str:
    """X (steady), Y (variable) or Z (erratic) by the coefficient of variation."""
    if len(weekly) < 2:
        return "Z"
    mean = sum(weekly) / len(weekly)
    if mean <= 0:
        return "Z"
    sd = math.sqrt(sum((w - mean) ** 2 for w in weekly) / (len(weekly) - 1))
    cv = sd / mean
    return "X" if cv < XYZ_CUTS[0] else "Y" if cv < XYZ_CUTS[1] else "Z"


def check_level(level: float) -> float:
    if not MIN_LEVEL <= level <= MAX_LEVEL:
        raise ValueError(f"a service level is between {MIN_LEVEL:.0%} and {MAX_LEVEL:.1%}")
    return level


def z_for(level: float) -> float:
    """The standard normal quantile of a service level (0.98 → 2.054)."""
    return NormalDist().inv_cdf(check_level(level))


def lead_time_sigma(daily_mean: float, daily_sd: float, lead_days: float, lead_sd: float) -> float:
    """Spread of demand over an uncertain lead time."""
    lead_days, lead_sd = max(lead_days, 0.0), max(lead_sd, 0.0)
    return math.sqrt(lead_days * daily_sd**2 + daily_mean**2 * lead_sd**2)


def levels(
    *,
    daily_mean: float,
    daily_sd: float,
    lead_days: float,
    lead_sd: float,
    service_level: float,
    review_days: float,
) -> Levels:
    """Safety stock, reorder point (demand over the lead time plus buffer) and the level
    an order fills up to (plus one review period's demand). Never negative."""
    daily_mean, daily_sd = max(daily_mean, 0.0), max(daily_sd, 0.0)
    safety = max(z_for(service_level), 0.0) * lead_time_sigma(
        daily_mean, daily_sd, lead_days, lead_sd
    )
    reorder = daily_mean * max(lead_days, 0.0) + safety
    return Levels(safety, reorder, reorder + daily_mean * max(review_days, 0.0))


def round_to_terms(quantity: float, terms: Terms) -> int:
    """The smallest orderable quantity covering ``quantity``: zero stays zero, anything
    else at least the MOQ and a whole number of packs."""
    if quantity <= 0:
        return 0
    pack = max(terms.pack_size, 1)
    wanted = max(math.ceil(quantity - 1e-9), max(terms.moq, 1))
    return math.ceil(wanted / pack) * pack


def order_quantity(position: float, target: Levels, terms: Terms) -> int:
    """What to order now: nothing while the position is above the reorder point, else
    up to the order-up-to level, rounded to the supplier's terms."""
    if position > target.reorder_point:
        return 0
    return round_to_terms(target.order_up_to - position, terms)


def days_of_cover(units: float, daily_mean: float) -> float | None:
    """How many days ``units`` last at the forecast rate; None when nothing sells."""
    if daily_mean <= 0:
        return None
    return max(units, 0.0) / daily_mean


def level_for(klass: str, table: Mapping[str, float], override: float | None = None) -> float:
    """The target service level: the SKU × warehouse override, else its class's."""
    if override is not None:
        return override
    return table.get(klass, DEFAULT_LEVELS.get(klass, 0.95))
