"""Pure decisions about how an order's life goes: delays, promises, carrier outcomes.

Kept apart from row building so that the shares (late deliveries, exceptions) can be
tested on thousands of draws without a database.
"""

from __future__ import annotations

import enum
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# Door-to-door days by (origin region, destination region); same region is fastest.
TRANSIT_DAYS: dict[tuple[str, str], int] = {
    ("eu-central", "eu-central"): 1,
    ("eu-central", "eu-west"): 2,
    ("eu-central", "eu-south"): 3,
    ("eu-south", "eu-south"): 1,
    ("eu-south", "eu-west"): 3,
    ("eu-south", "eu-central"): 3,
    ("sa-east", "sa-east"): 3,
}
INTERCONTINENTAL_DAYS = 7
HANDLING_DAYS = 2
LATE_SHARE = 0.085
EXCEPTION_SHARE = 0.015
PAYMENT_REVIEW_SHARE = 0.12
CANCEL_SHARE = 0.02
PACKING_ERROR_SHARE = 0.015
RETURN_SHARE = 0.06


class Outcome(enum.StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    EXCEPTION_THEN_DELIVERED = "exception_then_delivered"
    RETURNED_TO_SENDER = "returned_to_sender"
    LOST = "lost"


@dataclass(frozen=True)
class CarrierOutcome:
    outcome: Outcome
    days_vs_promise: int  # negative: early; positive: late
    exception_reason: str = ""

    @property
    def delivered(self) -> bool:
        return self.outcome in {Outcome.ON_TIME, Outcome.LATE, Outcome.EXCEPTION_THEN_DELIVERED}


def transit_days(origin_region: str, destination_region: str, service_level: str) -> int:
    days = TRANSIT_DAYS.get((origin_region, destination_region))
    if days is None:
        days = INTERCONTINENTAL_DAYS
    return max(1, days - 1) if service_level == "express" else days


def promised_delivery(
    placed_at: datetime, origin_region: str, destination_region: str, service_level: str
) -> date:
    """The date promised at checkout: handling plus transit, never on a Sunday."""
    days = HANDLING_DAYS + transit_days(origin_region, destination_region, service_level)
    promised = placed_at.date() + timedelta(days=days)
    return promised + timedelta(days=1) if promised.weekday() == 6 else promised


def draw_carrier_outcome(rng: random.Random, reasons: tuple[str, ...]) -> CarrierOutcome:
    """~8.5 % plainly late, ~1.5 % carrier exceptions (most of those arrive late)."""
    roll = rng.random()
    if roll < EXCEPTION_SHARE:
        reason = rng.choice(reasons)
        follow = rng.random()
        if follow < 0.7:
            return CarrierOutcome(Outcome.EXCEPTION_THEN_DELIVERED, rng.randint(2, 6), reason)
        if follow < 0.85:
            return CarrierOutcome(Outcome.RETURNED_TO_SENDER, rng.randint(5, 10), reason)
        return CarrierOutcome(Outcome.LOST, rng.randint(5, 10), reason)
    if roll < EXCEPTION_SHARE + LATE_SHARE:
        return CarrierOutcome(Outcome.LATE, rng.choice((1, 1, 1, 2, 2, 3, 4)))
    return CarrierOutcome(Outcome.ON_TIME, rng.choice((0, 0, 0, 0, -1, -1)))


@dataclass(frozen=True)
class StageDelays:
    """Time from one step of fulfilment to the next."""

    allocate: timedelta
    start_picking: timedelta
    pack: timedelta
    hand_over: timedelta


def draw_stage_delays(rng: random.Random) -> StageDelays:
    if rng.random() < PAYMENT_REVIEW_SHARE:
        allocate = timedelta(hours=rng.uniform(2, 30))  # held for a payment review
    else:
        allocate = timedelta(seconds=rng.randint(5, 180))
    return StageDelays(
        allocate=allocate,
        start_picking=timedelta(hours=rng.uniform(1.5, 20)),
        pack=timedelta(minutes=rng.uniform(15, 180)),
        hand_over=timedelta(hours=rng.uniform(1, 9)),
    )


def is_late(promised: date, delivered: date) -> bool:
    return delivered > promised
