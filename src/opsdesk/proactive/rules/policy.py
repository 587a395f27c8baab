"""Pure decisions of the proactive rules: the remedy, the budget, the new date, the why.

No I/O here: the engine gathers the numbers, these functions decide.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from opsdesk.proactive.rules.schemas import IssueRemedy

COMPLAINT = "complaint"
# Without a carrier estimate past the promise, a parcel the model expects to be late is
# announced this many business days after the promise (the usual slip of a late parcel).
CAUTIOUS_SLIP_DAYS = 2
OPEN_RETURN_STATUSES = frozenset({"requested", "approved", "received", "inspected"})
DISRUPTION_REASONS = frozenset({"weather", "hub_closure", "strike", "carrier_outage"})


class RemedyKind(enum.StrEnum):
    SHIPPING_UPGRADE = "shipping_upgrade"  # free faster shipping on the next order
    DISCOUNT = "discount"  # an amount off the next order


@dataclass(frozen=True)
class RemedyOption:
    kind: RemedyKind
    cost_minor: int


def remedy_options(order_value_minor: int, config: IssueRemedy) -> list[RemedyOption]:
    """The remedy the order's value deserves first, then any cheaper fallback.

    Small orders get the shipping upgrade; larger ones a discount code, or the upgrade
    when the code no longer fits the budget. Zero-cost options are left out.
    """
    upgrade = RemedyOption(RemedyKind.SHIPPING_UPGRADE, config.shipping_upgrade_minor)
    discount = RemedyOption(RemedyKind.DISCOUNT, config.discount_minor)
    if order_value_minor < config.upgrade_below_minor:
        ordered = [upgrade]
    else:
        ordered = [discount, upgrade] if discount.cost_minor > upgrade.cost_minor else [discount]
    return [o for o in ordered if o.cost_minor > 0]


@dataclass(frozen=True)
class Budget:
    """A rule's caps and what it has spent on this order and on this (store-local) day."""

    per_order_cap_minor: int
    per_day_cap_minor: int
    spent_on_order_minor: int
    spent_today_minor: int

    def left_for_order(self) -> int:
        return max(0, self.per_order_cap_minor - self.spent_on_order_minor)

    def left_today(self) -> int:
        return max(0, self.per_day_cap_minor - self.spent_today_minor)

    def spend(self, cost_minor: int) -> Budget:
        return Budget(
            self.per_order_cap_minor,
            self.per_day_cap_minor,
            self.spent_on_order_minor + cost_minor,
            self.spent_today_minor + cost_minor,
        )


@dataclass(frozen=True)
class RemedyDecision:
    option: RemedyOption | None
    reason: str


def choose_remedy(
    options: Iterable[RemedyOption], budget: Budget, *, order_currency: str, store_currency: str
) -> RemedyDecision:
    """The first option that fits both caps, or none with the reason in words."""
    candidates = list(options)
    if not candidates:
        return RemedyDecision(None, "remedy withheld: the rule's remedy costs nothing")
    if order_currency.upper() != store_currency.upper():
        return RemedyDecision(
            None,
            f"remedy withheld: the order is in {order_currency.upper()}, "
            f"the budget in {store_currency.upper()}",
        )
    for option in candidates:
        if option.cost_minor <= min(budget.left_for_order(), budget.left_today()):
            return RemedyDecision(option, f"remedy {option.kind.value} ({option.cost_minor})")
    cheapest = min(o.cost_minor for o in candidates)
    if cheapest > budget.left_for_order():
        which = "per-order"
        spent, cap = budget.spent_on_order_minor, budget.per_order_cap_minor
    else:
        which = "per-day"
        spent, cap = budget.spent_today_minor, budget.per_day_cap_minor
    return RemedyDecision(
        None,
        f"remedy withheld: {which} budget exhausted "
        f"(spent {spent} of {cap}, the cheapest remedy costs {cheapest})",
    )


def add_business_days(start: date, days: int) -> date:
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def new_delivery_date(promised: date, carrier_estimate: date | None, today: date) -> date:
    """The date to announce: the carrier's estimate when it is past the promise, else a
    cautious business-day slip after the promise (or after today once it has passed).
    Always a date after the promise — never "soon"."""
    if carrier_estimate is not None and carrier_estimate > promised:
        return max(carrier_estimate, today)
    return add_business_days(max(promised, today), CAUTIOUS_SLIP_DAYS)


def delay_reason(
    *, disruption_kind: str | None, shipment_status: str, carrier_moved_estimate: bool
) -> str:
    """Which of our phrases explains the delay to the customer (never the model's words)."""
    if disruption_kind in DISRUPTION_REASONS:
        return str(disruption_kind)
    if shipment_status == "exception":
        return "carrier_problem"
    if carrier_moved_estimate:
        return "carrier_delay"
    return "slow_transit"


def is_complaint(reason: str | None, tags: Iterable[str]) -> bool:
    """A complaint ticket: its reason is ``complaint`` or it carries that tag."""
    return (reason or "").lower() == COMPLAINT or COMPLAINT in {t.lower() for t in tags}


def follow_up_blocked(open_complaints: int, open_returns: int) -> str | None:
    """Why a follow-up must not go now, or None when it may."""
    if open_complaints:
        return f"the customer has {open_complaints} open complaint ticket(s)"
    if open_returns:
        return f"the customer has {open_returns} open return(s)"
    return None
