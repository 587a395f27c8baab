"""How many orders arrive on each day: weekly rhythm, seasons, promotions, growth.

Pure functions over dates and a NumPy generator, so tests can inspect the curve
without a database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

# Monday .. Sunday: shoppers browse most at the weekend.
WEEKDAY_FACTOR: tuple[float, ...] = (0.95, 0.9, 0.9, 0.95, 1.0, 1.2, 1.3)
# January .. December: a summer lull and a strong run-up to Christmas.
MONTH_FACTOR: tuple[float, ...] = (0.85, 0.8, 0.9, 0.95, 0.95, 0.85, 0.8, 0.8, 0.95, 1.0, 1.3, 1.6)
# Hour of day (store time): quiet nights, a lunch bump and an evening peak.
HOUR_WEIGHTS: tuple[float, ...] = (
    0.6, 0.3, 0.2, 0.15, 0.15, 0.2, 0.5, 1.0, 1.5, 1.8, 2.0, 2.2,
    2.6, 2.4, 2.1, 2.0, 2.1, 2.4, 2.9, 3.4, 3.8, 3.6, 2.6, 1.4,
)  # fmt: skip
GROWTH_OVER_WINDOW = 0.25


@dataclass(frozen=True)
class Promotion:
    name: str
    start: date
    days: int
    demand_factor: float
    discount_percent: int

    def covers(self, day: date) -> bool:
        return self.start <= day < self.start + timedelta(days=self.days)


def _black_friday(year: int) -> date:
    november_first = date(year, 11, 1)
    first_friday = november_first + timedelta(days=(4 - november_first.weekday()) % 7)
    return first_friday + timedelta(weeks=3)


def promotions_for_year(year: int) -> list[Promotion]:
    return [
        Promotion("Spring sale", date(year, 3, 14), 3, 2.2, 15),
        Promotion("Summer clearance", date(year, 7, 4), 4, 1.8, 20),
        Promotion("Black Friday", _black_friday(year), 4, 3.0, 25),
    ]


def promotions_between(first: date, last: date) -> list[Promotion]:
    found: list[Promotion] = []
    for year in range(first.year, last.year + 1):
        found += [p for p in promotions_for_year(year) if first <= p.start <= last]
    return found


def promotion_on(day: date, promotions: Sequence[Promotion]) -> Promotion | None:
    return next((p for p in promotions if p.covers(day)), None)


def day_weight(day: date, position: float, promotions: Sequence[Promotion]) -> float:
    """Relative demand of ``day``; ``position`` runs 0..1 across the window (growth)."""
    weight = WEEKDAY_FACTOR[day.weekday()] * MONTH_FACTOR[day.month - 1]
    if day.month == 12 and day.day >= 22:
        weight *= 0.55  # too late to arrive before Christmas
    promotion = promotion_on(day, promotions)
    if promotion is not None:
        weight *= promotion.demand_factor
    return weight * (1.0 + GROWTH_OVER_WINDOW * position)


def daily_weights(days: Sequence[date], promotions: Sequence[Promotion]) -> np.ndarray:
    span = max(len(days) - 1, 1)
    return np.array([day_weight(d, i / span, promotions) for i, d in enumerate(days)])


def orders_per_day(
    rng: np.random.Generator, days: Sequence[date], total: int, promotions: Sequence[Promotion]
) -> np.ndarray:
    """Split exactly ``total`` orders over ``days`` in proportion to their weights."""
    weights = daily_weights(days, promotions)
    return rng.multinomial(total, weights / weights.sum())


def times_of_day(rng: np.random.Generator, day_start: datetime, count: int) -> list[datetime]:
    """``count`` sorted order times within the day starting at ``day_start``."""
    hours = np.array(HOUR_WEIGHTS)
    picked = rng.choice(24, size=count, p=hours / hours.sum())
    seconds = np.sort(picked * 3600 + rng.integers(0, 3600, size=count))
    return [day_start + timedelta(seconds=int(s)) for s in seconds]
