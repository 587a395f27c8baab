"""From positions and demand to suggestions, pure: each SKU × warehouse gets its class,
its service level, its stock targets, a quantity to order and the reason in words."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from opsdesk.forecasting import StoredForecast
from opsdesk.replenishment import order_days, policy
from opsdesk.replenishment.inputs import Item

REVIEW_DAYS = order_days.DEFAULT_SPACING  # no order days: a buyer orders about weekly
NO_REVIEW = order_days.review(date.min, frozenset())


@dataclass(frozen=True)
class Demand:
    daily_mean: float
    daily_sd: float
    weekly: tuple[float, ...]  # what the class's variability is judged on
    source: str  # "forecast" or "history"
    model: str = ""


@dataclass(frozen=True)
class Suggestion:
    item: Item
    klass: str
    service_level: float
    demand: Demand
    targets: policy.Levels
    cover_days: float | None
    quantity: int
    reason: str
    review: order_days.Review = NO_REVIEW

    @property
    def key(self) -> str:
        return f"{self.item.variant_id}-{self.item.warehouse_id}"


def from_forecast(forecast: StoredForecast) -> Demand:
    """Daily rate and error spread of a stored forecast (weekly errors shrink by √7)."""
    per_day = forecast.period_days
    error_sd = forecast.error_sd
    if error_sd is None:  # no backtest: read the spread off the interval's half-width
        half = [(u - lo) / 2 for u, lo in zip(forecast.upper, forecast.lower, strict=True)]
        error_sd = (sum(half) / len(half) / 1.645) if half else 0.0
    weekly = tuple(m * 7 / per_day for m in forecast.mean)
    return Demand(forecast.daily_mean(), error_sd / math.sqrt(per_day), weekly,
                  "forecast", forecast.model)  # fmt: skip


def from_history(weekly: Sequence[float]) -> Demand:
    """The honest fallback: the average of the last weeks, its spread the weeks' spread."""
    n = len(weekly)
    mean = sum(weekly) / n if n else 0.0
    sd = math.sqrt(sum((w - mean) ** 2 for w in weekly) / (n - 1)) if n > 1 else mean
    return Demand(mean / 7, sd / math.sqrt(7), tuple(weekly), "history")


def suggest(
    items: Sequence[Item],
    demands: Mapping[tuple[int, int], Demand],
    *,
    class_levels: Mapping[str, float],
    overrides: Mapping[tuple[int, int], float],
    history_weeks: int,
    today: date | None = None,
    supplier_days: Mapping[int, frozenset[int]] | None = None,
) -> list[Suggestion]:
    """A suggestion for every item (quantity 0 where nothing is needed yet); a
    supplier's order days (``supplier_days``, seen from ``today``) stretch its items'
    cover to the next order day."""
    days_of = supplier_days or {}
    empty = Demand(0.0, 0.0, (), "history")
    by_key = {(i.variant_id, i.warehouse_id): demands.get((i.variant_id, i.warehouse_id), empty)
              for i in items}  # fmt: skip
    value = {n: by_key[(i.variant_id, i.warehouse_id)].daily_mean * i.price_minor
             for n, i in enumerate(items)}  # fmt: skip
    abc = policy.abc_classes(value)
    out = []
    for n, item in enumerate(items):
        key = (item.variant_id, item.warehouse_id)
        demand = by_key[key]
        klass = abc[n] + policy.xyz_class(demand.weekly)
        level = policy.level_for(klass, class_levels, overrides.get(key))
        days = days_of.get(item.supplier_id, frozenset()) if item.supplier_id else frozenset()
        cycle = order_days.review(today, days) if today is not None and days else NO_REVIEW
        out.append(_one(item, demand, klass, level, history_weeks, cycle))
    return out


def _one(
    item: Item, demand: Demand, klass: str, level: float, weeks: int, cycle: order_days.Review
) -> Suggestion:
    targets = policy.levels(
        daily_mean=demand.daily_mean, daily_sd=demand.daily_sd,
        lead_days=item.lead.days + cycle.wait, lead_sd=item.lead.sd, service_level=level,
        review_days=cycle.spacing,
    )  # fmt: skip
    quantity = policy.order_quantity(item.position, targets, item.terms)
    if demand.daily_mean <= 0 and item.position >= 0:
        quantity = 0  # nothing sells and nobody waits: no order however low the stock
    cover = policy.days_of_cover(item.position, demand.daily_mean)
    suggestion = Suggestion(item, klass, level, demand, targets, cover, quantity, "", cycle)
    return dataclasses.replace(suggestion, reason=reason(suggestion, weeks))


def reason(s: Suggestion, history_weeks: int) -> str:
    """Why this quantity, in the words a buyer checks it by."""
    cover = "no sales to cover" if s.cover_days is None else f"cover {s.cover_days:.0f} days"
    lead = s.item.lead
    lead_text = f"lead time {lead.days:.0f} ± {lead.sd:.0f} days" + (
        "" if lead.learned else " (stated; spread assumed)"
    )
    weekly = s.demand.daily_mean * 7
    shown = f"{weekly:.0f}" if weekly >= 10 else f"{weekly:.1f}".removesuffix(".0")
    if s.demand.source == "forecast":
        rate = f"forecast {shown}/week"
    else:
        rate = f"no forecast yet: {history_weeks}-week average {shown}/week"
    parts = [cover, lead_text, rate, f"service level {s.service_level * 100:.3g} %"]
    if s.review.next_day is not None:
        parts.append(f"next order day {s.review.next_day:%a %d %b} (+{s.review.wait} days)")
    if s.quantity and (s.item.terms.moq > 1 or s.item.terms.pack_size > 1):
        parts.append(f"MOQ {s.item.terms.moq}, packs of {s.item.terms.pack_size}")
    return ", ".join(parts)
