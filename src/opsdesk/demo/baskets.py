"""Who buys what, when: the order drafts fed to the order builder, in time order."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import numpy as np

from opsdesk.demo.catalog import VariantSpec
from opsdesk.demo.demand import orders_per_day, promotion_on, promotions_between, times_of_day
from opsdesk.demo.orders import OrderDraft

LINE_COUNTS = (1, 2, 3, 4, 5)
LINE_COUNT_WEIGHTS = (60, 27, 9, 3, 1)
QUANTITIES = (1, 2, 3)
QUANTITY_WEIGHTS = (80, 15, 5)
CHANNELS = ("web", "app", "phone")
CHANNEL_WEIGHTS = (72, 24, 4)
EXPRESS_SHARE = 0.15


class BasketMaker:
    """Draws customers (a few loyal ones buy often) and products (a long tail)."""

    def __init__(
        self, rng: random.Random, variants: list[VariantSpec], customer_count: int
    ) -> None:
        self._rng = rng
        self._variants = variants
        self._variant_cum = list(itertools.accumulate(v.popularity for v in variants))
        loyalty = [1.0 / (rank + 10) ** 0.6 for rank in range(customer_count)]
        rng.shuffle(loyalty)
        self._customer_cum = list(itertools.accumulate(loyalty))

    def customer(self) -> int:
        point = self._rng.random() * self._customer_cum[-1]
        return bisect.bisect_right(self._customer_cum, point) + 1

    def items(self) -> tuple[tuple[VariantSpec, int], ...]:
        rng = self._rng
        count = rng.choices(LINE_COUNTS, weights=LINE_COUNT_WEIGHTS)[0]
        chosen: dict[int, tuple[VariantSpec, int]] = {}
        for _ in range(count):
            point = rng.random() * self._variant_cum[-1]
            variant = self._variants[bisect.bisect_right(self._variant_cum, point)]
            chosen[variant.id] = (variant, rng.choices(QUANTITIES, weights=QUANTITY_WEIGHTS)[0])
        return tuple(chosen.values())


def window(now: datetime, days: int) -> list[date]:
    first = (now - timedelta(days=days - 1)).date()
    return [first + timedelta(days=i) for i in range(days)]


def drafts(
    rng: random.Random,
    nrng: np.random.Generator,
    baskets: BasketMaker,
    now: datetime,
    days: int,
    total: int,
) -> Iterator[OrderDraft]:
    """``total`` orders (fewer on the last day: those after ``now`` are not placed yet)."""
    calendar = window(now, days)
    promotions = promotions_between(calendar[0], calendar[-1])
    for day, count in zip(calendar, orders_per_day(nrng, calendar, total, promotions), strict=True):
        promotion = promotion_on(day, promotions)
        start = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=1)
        for placed_at in times_of_day(nrng, start, int(count)):
            if placed_at > now:
                return
            yield OrderDraft(
                placed_at=placed_at,
                customer_id=baskets.customer(),
                channel=rng.choices(CHANNELS, weights=CHANNEL_WEIGHTS)[0],
                service_level="express" if rng.random() < EXPRESS_SHARE else "standard",
                items=baskets.items(),
                discount_percent=promotion.discount_percent if promotion else 0,
            )
