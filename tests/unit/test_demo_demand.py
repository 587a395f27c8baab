"""The demo store's demand curve: weekly rhythm, seasons, promotions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np

from opsdesk.demo.demand import (
    daily_weights,
    orders_per_day,
    promotions_between,
    promotions_for_year,
    times_of_day,
)

YEAR = [date(2025, 1, 1) + timedelta(days=i) for i in range(365)]


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def test_december_before_christmas_sells_more_than_september() -> None:
    weights = dict(zip(YEAR, daily_weights(YEAR, []), strict=True))
    december = [w for d, w in weights.items() if d.month == 12 and d.day < 20]
    september = [w for d, w in weights.items() if d.month == 9]
    assert _mean(december) > 1.4 * _mean(september)


def test_weekends_sell_more_than_midweek_days() -> None:
    weights = dict(zip(YEAR, daily_weights(YEAR, []), strict=True))
    weekend = [w for d, w in weights.items() if d.weekday() >= 5]
    midweek = [w for d, w in weights.items() if d.weekday() in (1, 2)]
    assert _mean(weekend) > 1.25 * _mean(midweek)


def test_black_friday_is_a_spike_over_the_week_before() -> None:
    promotions = promotions_between(YEAR[0], YEAR[-1])
    black_friday = next(p for p in promotions if p.name == "Black Friday")
    assert black_friday.start == date(2025, 11, 28)
    assert black_friday.start.weekday() == 4
    counts = orders_per_day(np.random.default_rng(1), YEAR, 100_000, promotions)
    index = YEAR.index(black_friday.start)
    assert counts[index] > 2.5 * counts[index - 7]


def test_orders_per_day_hits_the_total_and_repeats_with_the_seed() -> None:
    promotions = promotions_for_year(2025)
    first = orders_per_day(np.random.default_rng(7), YEAR, 4_321, promotions)
    again = orders_per_day(np.random.default_rng(7), YEAR, 4_321, promotions)
    other = orders_per_day(np.random.default_rng(8), YEAR, 4_321, promotions)
    assert int(first.sum()) == 4_321
    assert first.tolist() == again.tolist()
    assert first.tolist() != other.tolist()


def test_order_times_fall_within_the_day_in_order_and_peak_in_the_evening() -> None:
    start = datetime(2025, 5, 5, tzinfo=UTC)
    times = times_of_day(np.random.default_rng(3), start, 5_000)
    assert times == sorted(times)
    assert all(start <= t < start + timedelta(days=1) for t in times)
    evening = sum(1 for t in times if 18 <= t.hour < 22)
    small_hours = sum(1 for t in times if 2 <= t.hour < 6)
    assert evening > 8 * small_hours
