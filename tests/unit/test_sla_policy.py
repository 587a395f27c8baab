"""SLA policies: default targets, at-risk thresholds and which policy governs a ticket."""

from __future__ import annotations

from datetime import timedelta

import pytest

from opsdesk.kernel.errors import InvalidInput
from opsdesk.support.sla import (
    CHAT_POLICY,
    DEFAULT_POLICY,
    DEFAULT_TARGETS,
    AtRiskRule,
    Metric,
    Priority,
    SlaPolicy,
    SlaTargets,
    TicketFacts,
    select_policy,
)

VIP = SlaPolicy(name="vip", customer_tags=frozenset({"VIP"}))
CHAT = SlaPolicy(name="chat", channels=frozenset({"chat"}))
URGENT_ONLY = SlaPolicy(name="urgent", priorities=frozenset({Priority.URGENT}))
POLICIES = [URGENT_ONLY, CHAT, VIP]


@pytest.mark.parametrize(
    ("priority", "first_response", "resolution"),
    [
        (Priority.URGENT, timedelta(minutes=30), timedelta(hours=2)),
        (Priority.HIGH, timedelta(hours=1), timedelta(hours=4)),
        (Priority.MEDIUM, timedelta(hours=8), timedelta(hours=24)),
        (Priority.LOW, timedelta(hours=24), timedelta(hours=72)),
    ],
)
def test_the_default_policy_has_the_targets_of_the_issue(
    priority: Priority, first_response: timedelta, resolution: timedelta
) -> None:
    assert DEFAULT_POLICY.target(priority, Metric.FIRST_RESPONSE) == first_response
    assert DEFAULT_POLICY.target(priority, Metric.RESOLUTION) == resolution


def test_a_customer_tag_beats_a_channel_which_beats_a_priority() -> None:
    vip_chat = TicketFacts(Priority.URGENT, channel="chat", customer_tags=frozenset({"vip"}))
    assert select_policy(POLICIES, vip_chat) is VIP
    assert select_policy(POLICIES, TicketFacts(Priority.URGENT, channel="Chat")) is CHAT
    assert select_policy(POLICIES, TicketFacts(Priority.URGENT, channel="email")) is URGENT_ONLY


def test_every_condition_of_a_policy_must_match() -> None:
    vip_chat_only = SlaPolicy(
        name="vip-chat", channels=frozenset({"chat"}), customer_tags=frozenset({"vip"})
    )
    vip_by_email = TicketFacts(Priority.LOW, channel="email", customer_tags=frozenset({"vip"}))
    assert not vip_chat_only.applies_to(vip_by_email)
    assert select_policy([vip_chat_only, VIP], vip_by_email) is VIP


def test_equally_specific_policies_resolve_to_the_one_listed_first() -> None:
    first = SlaPolicy(name="first", channels=frozenset({"chat"}))
    second = SlaPolicy(name="second", channels=frozenset({"chat", "email"}))
    facts = TicketFacts(Priority.LOW, channel="chat")
    assert select_policy([first, second], facts) is first
    assert select_policy([second, first], facts) is second


def test_without_an_applicable_policy_the_default_governs() -> None:
    facts = TicketFacts(Priority.HIGH, channel="phone")
    assert select_policy([CHAT, VIP], facts) is DEFAULT_POLICY
    assert select_policy([], facts) is DEFAULT_POLICY


def test_without_an_applicable_policy_a_chat_gets_the_built_in_chat_policy() -> None:
    chat = TicketFacts(Priority.MEDIUM, channel="chat")
    assert select_policy([], chat) is CHAT_POLICY
    assert select_policy([VIP, URGENT_ONLY], chat) is CHAT_POLICY
    assert select_policy([CHAT], chat) is CHAT  # a stored chat policy replaces it
    targets = {p: CHAT_POLICY.target(p, Metric.FIRST_RESPONSE) for p in Priority}
    assert targets == {Priority.URGENT: timedelta(minutes=5), Priority.HIGH: timedelta(minutes=10),
                       Priority.MEDIUM: timedelta(minutes=15), Priority.LOW: timedelta(minutes=30)}  # fmt: skip
    assert all(
        CHAT_POLICY.target(p, Metric.RESOLUTION) == DEFAULT_POLICY.target(p, Metric.RESOLUTION)
        for p in Priority
    )


def test_a_policy_must_give_targets_for_every_priority() -> None:
    partial = {Priority.URGENT: DEFAULT_TARGETS[Priority.URGENT]}
    with pytest.raises(InvalidInput, match="high, medium, low"):
        SlaPolicy(name="partial", targets=partial)


def test_targets_must_be_positive() -> None:
    with pytest.raises(InvalidInput, match="positive"):
        SlaTargets(timedelta(0), timedelta(hours=1))


def test_the_at_risk_threshold_is_the_larger_of_fraction_and_margin() -> None:
    rule = AtRiskRule(fraction=0.25, margin=timedelta(minutes=45))
    assert rule.threshold(timedelta(hours=1)) == timedelta(minutes=45)
    assert rule.threshold(timedelta(hours=8)) == timedelta(hours=2)


@pytest.mark.parametrize(
    ("fraction", "margin"), [(1.0, timedelta(0)), (-0.1, timedelta(0)), (0.2, -timedelta(1))]
)
def test_nonsense_at_risk_rules_are_refused(fraction: float, margin: timedelta) -> None:
    with pytest.raises(InvalidInput):
        AtRiskRule(fraction=fraction, margin=margin)


def test_policies_are_hashable_values() -> None:
    assert len({VIP, CHAT, SlaPolicy(name="vip", customer_tags=frozenset({"vip"}))}) == 2
