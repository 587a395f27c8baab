"""Carrier outcomes and delivery promises of the demo store."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime

from opsdesk.demo.outcomes import (
    Outcome,
    draw_carrier_outcome,
    draw_stage_delays,
    promised_delivery,
    transit_days,
)

REASONS = ("address could not be found",)


def test_about_one_in_eleven_parcels_arrive_late_and_one_to_two_percent_hit_an_exception() -> None:
    rng = random.Random(11)
    outcomes = [draw_carrier_outcome(rng, REASONS) for _ in range(40_000)]
    delivered = [o for o in outcomes if o.delivered]
    late = sum(1 for o in delivered if o.days_vs_promise > 0) / len(delivered)
    kinds = Counter(o.outcome for o in outcomes)
    exceptions = (len(outcomes) - kinds[Outcome.ON_TIME] - kinds[Outcome.LATE]) / len(outcomes)
    assert 0.08 <= late <= 0.11
    assert 0.01 <= exceptions <= 0.02
    assert all(o.exception_reason for o in outcomes if o.outcome is Outcome.LOST)


def test_promises_skip_sundays_and_express_is_faster() -> None:
    saturday_evening = datetime(2025, 6, 5, 20, tzinfo=UTC)  # Thursday + 2 handling days
    standard = promised_delivery(saturday_evening, "eu-central", "eu-central", "standard")
    assert standard.weekday() != 6
    assert transit_days("eu-central", "eu-south", "express") < transit_days(
        "eu-central", "eu-south", "standard"
    )
    assert transit_days("eu-central", "sa-east", "standard") > transit_days(
        "sa-east", "sa-east", "standard"
    )


def test_most_orders_are_allocated_within_minutes_some_wait_for_payment_review() -> None:
    rng = random.Random(5)
    delays = [draw_stage_delays(rng).allocate.total_seconds() for _ in range(5_000)]
    quick = sum(1 for d in delays if d <= 180) / len(delays)
    assert 0.8 < quick < 0.95
    assert max(delays) > 2 * 3600
