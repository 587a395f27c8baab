"""Replaying daily demand against a reordering rule, every series at once (numpy).

Each day: deliveries due arrive, demand is served from the shelf (what the shelf cannot
serve is lost — a customer who finds nothing buys elsewhere), then the rule looks at the
stock position (on hand plus on order) and may order; the order arrives after a lead
time drawn from the supplier's distribution. The rules:

- ``MinMax`` — what stores use today: order up to ``max`` when the position falls to
  ``min``; min = average daily demand × mean lead time, max = 2 × min, fixed for the year.
- ``ForecastPolicy`` — ours: a reorder point and order-up-to level recomputed from the
  latest forecast (refreshed weekly) with safety stock from its backtest errors and the
  lead-time spread (``policy.levels``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from opsdesk.replenishment import policy

Array = NDArray[np.float64]


@dataclass(frozen=True)
class LeadTimes:
    mean: float
    sd: float

    def draw(self, rng: np.random.Generator, n: int) -> NDArray[np.int64]:
        days = np.rint(rng.normal(self.mean, self.sd, n))
        return np.clip(days, 1, 3 * self.mean + 1).astype(np.int64)


@dataclass(frozen=True)
class Outcome:
    """Scores over the scored days, summed across series."""

    demand: float
    served: float
    stockout_days: int  # series × days with demand left unserved
    series_days: int
    average_on_hand: float  # units, mean per series and day
    orders: int

    @property
    def fill_rate(self) -> float:
        return self.served / self.demand if self.demand else 1.0

    @property
    def stockout_share(self) -> float:
        return self.stockout_days / self.series_days if self.series_days else 0.0


class Rule(Protocol):
    def targets(self, day: int) -> tuple[Array, Array]:
        """Reorder point and order-up-to level per series on ``day``."""
        ...


@dataclass(frozen=True)
class MinMax:
    minimum: Array

    def targets(self, day: int) -> tuple[Array, Array]:
        return self.minimum, 2 * self.minimum


@dataclass(frozen=True)
class Forecasts:
    """Per refresh: the day it applies from, daily rate and weekly error spread per series."""

    starts: NDArray[np.int64]
    daily: Array  # refreshes × series
    weekly_sd: Array  # refreshes × series


@dataclass(frozen=True)
class ForecastPolicy:
    forecasts: Forecasts
    lead: LeadTimes
    service_level: float
    review_days: float

    def targets(self, day: int) -> tuple[Array, Array]:
        row = max(int(np.searchsorted(self.forecasts.starts, day, side="right")) - 1, 0)
        rate = np.maximum(self.forecasts.daily[row], 0.0)
        daily_sd = self.forecasts.weekly_sd[row] / np.sqrt(7.0)
        spread = np.sqrt(self.lead.mean * daily_sd**2 + rate**2 * self.lead.sd**2)
        reorder = rate * self.lead.mean + policy.z_for(self.service_level) * spread
        return reorder, reorder + rate * self.review_days


def replay(demand: Array, rule: Rule, lead: LeadTimes, *, start: int, seed: int = 7) -> Outcome:
    """Run every day of ``demand`` (series × days); score the days from ``start`` on
    (the days before warm the stock up). Starts at the rule's order-up-to level."""
    series, days = demand.shape
    rng = np.random.default_rng(seed)
    arrivals = np.zeros((series, days + int(3 * lead.mean) + 2))
    on_hand = np.ceil(rule.targets(0)[1])
    on_order = np.zeros(series)
    served_total = stockouts = orders = 0
    held = 0.0
    for day in range(days):
        on_hand += arrivals[:, day]
        on_order -= arrivals[:, day]
        served = np.minimum(on_hand, demand[:, day])
        on_hand -= served
        reorder, up_to = rule.targets(day)
        position = on_hand + on_order
        wanted = np.where(position <= reorder, np.ceil(np.maximum(up_to - position, 0.0)), 0.0)
        placing = np.flatnonzero(wanted > 0)
        if placing.size:
            arrivals[placing, day + lead.draw(rng, placing.size)] += wanted[placing]
            on_order += wanted
        if day >= start:
            served_total += served.sum()
            stockouts += int(np.count_nonzero(served < demand[:, day]))
            held += on_hand.sum()
            orders += placing.size
    scored = days - start
    return Outcome(
        demand=float(demand[:, start:].sum()),
        served=float(served_total),
        stockout_days=stockouts,
        series_days=series * scored,
        average_on_hand=held / (series * scored) if scored else 0.0,
        orders=orders,
    )
