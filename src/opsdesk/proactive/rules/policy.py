"""Pure decisions of the proactive rules: the remedy, the budget, the new date, the why.

No I/O here: the engine gathers the numbers, these functions decide.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN
from typing import Any

from opsdesk import fx
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
    cost_minor: int  # in the rule's currency: what its caps count


def remedy_options(order_value_minor: int, config: IssueRemedy) -> list[RemedyOption]:
    """The remedy the order's value (in the rule's currency) deserves first, then any
    cheaper fallback.

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
class Remedy:
    """An option as the customer gets it: a code worth ``value_minor`` of the order's
    ``currency``, costing the rule's budget ``option.cost_minor`` of the rule's currency.

    Converted with the day's rate and rounded *down* to the order currency's minor unit,
    so a code is never worth more than the budget counted for it (4.90 EUR at 0.86 is a
    4.21 GBP code, not 4.22)."""

    option: RemedyOption
    value_minor: int
    currency: str
    rate: fx.Rate  # the identity within one currency

    @classmethod
    def priced(cls, option: RemedyOption, rate: fx.Rate) -> Remedy:
        return cls(option, rate.convert(option.cost_minor, ROUND_DOWN), rate.quote, rate)

    @property
    def kind(self) -> RemedyKind:
        return self.option.kind

    @property
    def cost_minor(self) -> int:
        return self.option.cost_minor

    def describe(self) -> dict[str, Any]:
        """For the audit trail and the preview: what it costs, what it is worth, the rate."""
        shown: dict[str, Any] = {
            "remedy": self.kind.value,
            "cost_minor": self.cost_minor,
            "value_minor": self.value_minor,
            "currency": self.currency,
        }
        if self.rate.converts:
            shown |= {
                "rate": self.rate.equation,
                "rate_valid_from": self.rate.valid_from.isoformat(),
            }
        return shown

    def reason(self) -> str:
        if not self.rate.converts:
            return f"remedy {self.kind.value} ({self.cost_minor})"
        return (
            f"remedy {self.kind.value} ({self.cost_minor} {self.rate.base}): a code worth "
            f"{self.value_minor} {self.currency} at {self.rate}"
        )


@dataclass(frozen=True)
class RemedyDecision:
    remedy: Remedy | None
    reason: str

    @property
    def option(self) -> RemedyOption | None:
        return self.remedy.option if self.remedy else None


@dataclass(frozen=True)
class Exchange:
    """From the rule's budget currency into the order's, on the store's day of the
    remedy; ``rate`` is None when no rate for that pair is in effect that day."""

    budget_currency: str
    order_currency: str
    day: date
    rate: fx.Rate | None

    def missing(self) -> str:
        """Why no remedy can be priced: the rate operations would have to set."""
        budget, order = self.budget_currency.upper(), self.order_currency.upper()
        return (
            f"remedy withheld: no exchange rate {budget}→{order} in effect on {self.day} "
            f"(the budget is in {budget}, the order in {order}; set one with: "
            f"opsdesk fx set {budget} {order} RATE --from {self.day})"
        )


def decide_remedy(
    config: IssueRemedy, order_value_minor: int, budget: Budget, exchange: Exchange
) -> RemedyDecision:
    """The remedy for an order worth ``order_value_minor`` of its own currency: chosen by
    that value in the budget's currency, capped in the budget's currency, issued in the
    order's. Without the day's rate nothing is guessed: the remedy is withheld."""
    if exchange.rate is None:
        return RemedyDecision(None, exchange.missing())
    value = exchange.rate.convert_back(order_value_minor)
    return choose_remedy(remedy_options(value, config), budget, exchange.rate)


def choose_remedy(options: Iterable[RemedyOption], budget: Budget, rate: fx.Rate) -> RemedyDecision:
    """The first option that fits both caps, priced in the order's currency with
    ``rate``, or none with the reason in words."""
    candidates = list(options)
    if not candidates:
        return RemedyDecision(None, "remedy withheld: the rule's remedy costs nothing")
    priced = [p for p in (Remedy.priced(o, rate) for o in candidates) if p.value_minor > 0]
    if not priced:
        return RemedyDecision(
            None, f"remedy withheld: worth less than one minor unit of {rate.quote} at {rate}"
        )
    for remedy in priced:
        if remedy.cost_minor <= min(budget.left_for_order(), budget.left_today()):
            return RemedyDecision(remedy, remedy.reason())
    cheapest = min(p.cost_minor for p in priced)
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
