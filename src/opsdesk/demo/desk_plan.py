"""The demo's service desk as a plan (pure): which of the store's orders customers write
about, on which channel, when, and how far each conversation has got by "now".

Open work is about orders whose state invites an action (a parcel still on the road, a
faulty delivery, an order not yet shipped); solved tickets are about orders whose story
has ended the way the agent's last reply says (delivered, refunded, cancelled).
"""

from __future__ import annotations

import enum
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from opsdesk.support import sla

Priority = sla.Priority
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


class Fate(enum.StrEnum):
    """Where a ticket stands now."""

    NEW = "new"  # the customer's message, no answer yet
    AT_RISK = "at_risk"  # unanswered, and the first-response target is nearly used up
    BREACHED = "breached"  # unanswered past its first-response target
    OPEN = "open"  # answered, and the customer wrote again
    PENDING_CUSTOMER = "pending_customer"  # the agent asked the customer something
    PENDING_OPERATIONS = "pending_operations"  # the agent asked the warehouse or carrier
    SOLVED = "solved"  # answered and solved (some rated by the customer)


@dataclass(frozen=True)
class OrderFacts:
    """One order a customer may write about, with the moment its problem showed."""

    order_id: int
    number: str
    customer_id: int
    first_name: str
    locale: str
    item: str
    problem_at: datetime  # placed, shipped or delivered: the ticket comes after it
    settled_at: datetime | None = None  # delivered or refunded: a solved ticket ends then


@dataclass(frozen=True)
class Recipe:
    pool: str  # which orders (a key of the pools the store offers)
    kind: str  # what the customer writes about (a key of ``desk_texts.CUSTOMER``)
    fate: Fate
    weight: int


RECIPES: tuple[Recipe, ...] = (
    Recipe("delivered_late", "late", Fate.SOLVED, 12),
    Recipe("refunded", "return", Fate.SOLVED, 6),
    Recipe("refunded_faulty", "damaged", Fate.SOLVED, 3),
    Recipe("cancelled", "cancel", Fate.SOLVED, 4),
    Recipe("in_flight", "late", Fate.NEW, 6),
    Recipe("in_flight", "late", Fate.PENDING_OPERATIONS, 5),
    Recipe("in_flight", "late", Fate.OPEN, 4),
    Recipe("in_flight", "angry", Fate.BREACHED, 3),
    Recipe("in_flight", "angry", Fate.AT_RISK, 2),
    Recipe("faulty", "damaged", Fate.PENDING_CUSTOMER, 4),
    Recipe("faulty", "damaged", Fate.OPEN, 3),
    Recipe("faulty", "wrong_item", Fate.NEW, 3),
    Recipe("faulty", "wrong_item", Fate.PENDING_OPERATIONS, 2),
    Recipe("faulty", "damaged", Fate.AT_RISK, 1),
    Recipe("returning", "return", Fate.PENDING_OPERATIONS, 3),
    Recipe("returning", "return", Fate.NEW, 2),
    Recipe("cancellable", "cancel", Fate.NEW, 4),
    Recipe("cancellable", "cancel", Fate.AT_RISK, 1),
)
CHANNELS = (("email", 6), ("web", 3), ("chat", 2))
# Complaints are urgent; a ticket near its first-response target is one the target is
# short for (high); the rest wait a working day for an answer, so most clocks are calm.
PRIORITY_OF = {"angry": Priority.URGENT}
CSAT_SCORES = (5, 5, 5, 4, 4, 2)


@dataclass(frozen=True)
class Case:
    """One ticket to play: who writes about what, when, and how it went."""

    facts: OrderFacts
    kind: str
    fate: Fate
    channel: str
    priority: Priority
    created_at: datetime
    unassigned: bool = False
    # Later moments of the conversation, as offsets from ``created_at``.
    replied_after: timedelta = HOUR
    followed_up_after: timedelta = 2 * HOUR
    solved_after: timedelta = DAY
    csat: int | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)


def created_before(calendar: sla.BusinessCalendar, now: datetime, business: timedelta) -> datetime:
    """The instant from which ``business`` time of ``calendar`` has passed by ``now``: the
    creation time of a ticket whose SLA clock has used that much."""
    low, high = now - 30 * DAY, now
    for _ in range(40):  # bisection to well under a second
        middle = low + (high - low) / 2
        if calendar.business_time_between(middle, now) > business:
            low = middle
        else:
            high = middle
    return high


class Planner:
    def __init__(
        self, rng: random.Random, now: datetime, calendar: sla.BusinessCalendar,
        policies: Sequence[sla.SlaPolicy] = (),
    ) -> None:  # fmt: skip
        """``policies``: the desk's stored SLA policies (none: the built-in ones)."""
        self.rng, self.now, self.calendar, self.policies = rng, now, calendar, policies

    def first_response(self, channel: str, priority: Priority) -> timedelta:
        """The first-response target of the policy a ticket on ``channel`` gets (a chat's
        is minutes, an e-mail's hours)."""
        policy = sla.select_policy(self.policies, sla.TicketFacts(priority, channel=channel))
        return policy.target(priority, sla.Metric.FIRST_RESPONSE)

    def plan(self, pools: Mapping[str, Sequence[OrderFacts]], count: int) -> list[Case]:
        """Up to ``count`` cases, each order used once; in the order they were opened."""
        left = {name: list(orders) for name, orders in pools.items()}
        cases: list[Case] = []
        used: set[int] = set()
        while len(cases) < count:
            usable = [r for r in RECIPES if left.get(r.pool)]
            if not usable:
                break
            recipe = self.rng.choices(usable, weights=[r.weight for r in usable])[0]
            orders = left[recipe.pool]
            facts = orders.pop(self.rng.randrange(len(orders)))
            if facts.order_id not in used:  # an order shipped in two parcels is listed twice
                used.add(facts.order_id)
                cases.append(self.case(recipe, facts))
        return sorted(cases, key=lambda c: (c.created_at, c.facts.order_id))

    def case(self, recipe: Recipe, facts: OrderFacts) -> Case:
        rng = self.rng
        usual = Priority.HIGH if recipe.fate is Fate.AT_RISK else rng.choice(
            (Priority.MEDIUM, Priority.MEDIUM, Priority.LOW))  # fmt: skip
        priority = PRIORITY_OF.get(recipe.kind, usual)
        channel = rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0]
        created = self._created(recipe.fate, priority, facts, channel)
        tags = ("complaint",) if recipe.kind == "angry" else ()
        base = Case(facts, recipe.kind, recipe.fate, channel, priority, created, tags=tags)
        return self._later(base)

    def _created(
        self, fate: Fate, priority: Priority, facts: OrderFacts, channel: str
    ) -> datetime:  # fmt: skip
        rng, now = self.rng, self.now
        target = self.first_response(channel, priority)
        if fate is Fate.AT_RISK:
            return created_before(self.calendar, now, target * rng.uniform(0.8, 0.9))
        if fate is Fate.BREACHED:
            return created_before(self.calendar, now, target * rng.uniform(2.0, 6.0))
        if fate is Fate.SOLVED:
            return self._created_solved(facts)
        hours = {Fate.NEW: (0.1, 3.0), Fate.OPEN: (20.0, 60.0)}.get(fate, (10.0, 40.0))
        age = HOUR * rng.uniform(*hours)
        if fate is Fate.NEW:  # not answered yet, and not late with it either
            age = min(age, target / 2)
        created = now - age
        return min(max(created, facts.problem_at + 10 * MINUTE), now - 5 * MINUTE)

    def _created_solved(self, facts: OrderFacts) -> datetime:
        """Between the problem and its settling, leaving the agent time to reply."""
        end = min(facts.settled_at or self.now - DAY, self.now - 6 * HOUR)
        start = facts.problem_at + HOUR
        if end - start < 4 * HOUR:
            return max(facts.problem_at + MINUTE, end - 4 * HOUR)
        return start + (end - start - 3 * HOUR) * self.rng.random()

    def _later(self, case: Case) -> Case:
        """When the agent answered, the customer wrote again, the ticket was solved."""
        rng = self.rng
        room = self.now - case.created_at - MINUTE
        replied = min(HOUR * rng.uniform(0.3, 5.0), room * 0.4)
        if case.channel == "chat":  # a chat waits minutes, not hours
            replied = min(replied, self.first_response(case.channel, case.priority) * 0.9)
        followed = min(replied + HOUR * rng.uniform(1.0, 20.0), room * 0.8)
        solved = replied + HOUR * rng.uniform(2.0, 30.0)
        if case.facts.settled_at is not None:
            solved = max(solved, case.facts.settled_at - case.created_at + HOUR)
        solved = min(solved, room * 0.9)
        csat = rng.choice(CSAT_SCORES) if case.fate is Fate.SOLVED and rng.random() < 0.6 else None
        unassigned = case.fate is Fate.NEW and rng.random() < 0.35
        return replace(case, replied_after=replied, followed_up_after=followed,
                       solved_after=solved, csat=csat, unassigned=unassigned)  # fmt: skip
