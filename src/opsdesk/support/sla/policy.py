"""SLA policies: response and resolution targets per priority, and which policy a ticket gets."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType

from opsdesk.kernel.errors import InvalidInput


class Priority(enum.StrEnum):
    URGENT = "urgent"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Metric(enum.StrEnum):
    FIRST_RESPONSE = "first_response"
    RESOLUTION = "resolution"


def _invalid(field_name: str, reason: str) -> InvalidInput:
    return InvalidInput(
        f"{field_name}: {reason}", details={"errors": [{"field": field_name, "reason": reason}]}
    )


@dataclass(frozen=True)
class SlaTargets:
    """Business time allowed until the first agent reply and until the ticket is solved."""

    first_response: timedelta
    resolution: timedelta

    def __post_init__(self) -> None:
        if self.first_response <= timedelta(0) or self.resolution <= timedelta(0):
            raise _invalid("targets", "SLA targets must be positive durations")

    def for_metric(self, metric: Metric) -> timedelta:
        return self.first_response if metric is Metric.FIRST_RESPONSE else self.resolution


DEFAULT_TARGETS: Mapping[Priority, SlaTargets] = MappingProxyType(
    {
        Priority.URGENT: SlaTargets(timedelta(minutes=30), timedelta(hours=2)),
        Priority.HIGH: SlaTargets(timedelta(hours=1), timedelta(hours=4)),
        Priority.MEDIUM: SlaTargets(timedelta(hours=8), timedelta(hours=24)),
        Priority.LOW: SlaTargets(timedelta(hours=24), timedelta(hours=72)),
    }
)


@dataclass(frozen=True)
class AtRiskRule:
    """A running target is at risk once its remaining business time is at most
    ``fraction`` of the target or at most ``margin``, whichever is larger."""

    fraction: float = 0.25
    margin: timedelta = timedelta(0)

    def __post_init__(self) -> None:
        if not 0 <= self.fraction < 1:
            raise _invalid("at_risk.fraction", "must be at least 0 and below 1")
        if self.margin < timedelta(0):
            raise _invalid("at_risk.margin", "must not be negative")

    def threshold(self, target: timedelta) -> timedelta:
        return max(target * self.fraction, self.margin)


@dataclass(frozen=True)
class TicketFacts:
    """What policy selection looks at; tags and channels compare case-insensitively."""

    priority: Priority
    channel: str | None = None
    customer_tags: frozenset[str] = frozenset()


def _folded(values: frozenset[str]) -> frozenset[str]:
    return frozenset(value.casefold() for value in values)


@dataclass(frozen=True)
class SlaPolicy:
    """Targets per priority and the tickets they apply to.

    Each condition left empty matches every ticket; a set condition matches when the
    ticket's channel (or priority) is in it, or when the customer has any of the tags.
    """

    name: str
    targets: Mapping[Priority, SlaTargets] = field(
        default_factory=lambda: DEFAULT_TARGETS, hash=False
    )
    channels: frozenset[str] = frozenset()
    customer_tags: frozenset[str] = frozenset()
    priorities: frozenset[Priority] = frozenset()
    pause_on_pending_operations: bool = False
    at_risk: AtRiskRule = AtRiskRule()

    def __post_init__(self) -> None:
        missing = [p.value for p in Priority if p not in self.targets]
        if missing:
            raise _invalid("targets", f"no targets for priority {', '.join(missing)}")
        object.__setattr__(self, "targets", MappingProxyType(dict(self.targets)))
        object.__setattr__(self, "channels", _folded(self.channels))
        object.__setattr__(self, "customer_tags", _folded(self.customer_tags))

    def applies_to(self, facts: TicketFacts) -> bool:
        channel = (facts.channel or "").casefold()
        return (
            (not self.channels or channel in self.channels)
            and (not self.customer_tags or bool(self.customer_tags & _folded(facts.customer_tags)))
            and (not self.priorities or facts.priority in self.priorities)
        )

    def specificity(self) -> tuple[bool, bool, bool]:
        """Rank for :func:`select_policy`: a customer tag beats a channel beats a priority."""
        return bool(self.customer_tags), bool(self.channels), bool(self.priorities)

    def target(self, priority: Priority, metric: Metric) -> timedelta:
        return self.targets[priority].for_metric(metric)


DEFAULT_POLICY = SlaPolicy(name="default")

# A chat is a conversation the customer waits in: a person answers within minutes, not
# within the working day e-mail gets. Solving what they asked about (a refund, a parcel
# the carrier lost) takes as long as on any channel.
CHAT_TARGETS: Mapping[Priority, SlaTargets] = MappingProxyType(
    {
        priority: SlaTargets(first_response, DEFAULT_TARGETS[priority].resolution)
        for priority, first_response in (
            (Priority.URGENT, timedelta(minutes=5)),
            (Priority.HIGH, timedelta(minutes=10)),
            (Priority.MEDIUM, timedelta(minutes=15)),
            (Priority.LOW, timedelta(minutes=30)),
        )
    }
)
CHAT_POLICY = SlaPolicy(name="chat", targets=CHAT_TARGETS, channels=frozenset({"chat"}))
BUILT_IN_POLICIES: tuple[SlaPolicy, ...] = (CHAT_POLICY, DEFAULT_POLICY)
"""What governs when no stored policy applies (and what ``seed_default_policy`` stores)."""


def select_policy(policies: Sequence[SlaPolicy], facts: TicketFacts) -> SlaPolicy:
    """The policy that governs a ticket with ``facts``.

    Precedence, documented because admins rely on it: only policies whose every set
    condition matches apply. Among those, one with a customer-tag condition wins over one
    without; then one with a channel condition; then one with a priority condition (so a
    "VIP customers" policy beats a "chat" policy, which beats an "urgent tickets" one).
    Equal rank goes to the policy listed first. When none applies, the built-in policies
    decide the same way (:data:`BUILT_IN_POLICIES`): :data:`CHAT_POLICY` for chats,
    :data:`DEFAULT_POLICY` (the issue's default targets, no pause while pending
    operations) for everything else.
    """
    applicable = [policy for policy in policies if policy.applies_to(facts)] or [
        policy for policy in BUILT_IN_POLICIES if policy.applies_to(facts)
    ]
    # max() keeps the first of equally ranked candidates, which is the listing order.
    return max(applicable, key=SlaPolicy.specificity)
