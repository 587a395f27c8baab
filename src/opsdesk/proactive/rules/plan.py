"""Deciding what a rule would do for one subject — pure, so the preview and the real run
share every decision and only the real run writes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter

from opsdesk import fx
from opsdesk.proactive.rules import conditions as cond
from opsdesk.proactive.rules import policy
from opsdesk.proactive.rules.models import Outcome
from opsdesk.proactive.rules.schemas import (
    Action,
    CreateTicket,
    FlagOrder,
    IssueRemedy,
    NoteTeamLead,
    ScheduleFollowUp,
    SendMessage,
)
from opsdesk.proactive.rules.subjects import Subject
from opsdesk.proactive.rules.triggers import Trigger, facts_of

ACTIONS = TypeAdapter(list[Action])


@dataclass(frozen=True)
class ParsedRule:
    id: int
    name: str
    triggers: tuple[Trigger, ...]
    condition: cond.Condition
    actions: tuple[Action, ...]
    currency: str
    per_order_cap_minor: int
    per_day_cap_minor: int


def parse_rule(
    *,
    rule_id: int,
    name: str,
    triggers: Sequence[str],
    conditions: Any,
    actions: Sequence[Any],
    currency: str,
    per_order_cap_minor: int,
    per_day_cap_minor: int,
) -> ParsedRule:
    """Raises ConditionError / pydantic ValidationError for a rule that cannot run."""
    parsed_triggers = tuple(Trigger(t) for t in triggers)
    return ParsedRule(
        id=rule_id,
        name=name,
        triggers=parsed_triggers,
        condition=cond.parse(conditions, facts_of(parsed_triggers)),
        actions=tuple(ACTIONS.validate_python(list(actions))),
        currency=currency,
        per_order_cap_minor=per_order_cap_minor,
        per_day_cap_minor=per_day_cap_minor,
    )


@dataclass(frozen=True)
class Step:
    action: Action
    remedy: policy.Remedy | None = None

    def describe(self) -> dict[str, Any]:
        shown: dict[str, Any] = self.action.model_dump()
        if self.remedy is not None:
            shown |= self.remedy.describe()
        return shown


@dataclass(frozen=True)
class Plan:
    matched: bool
    outcome: Outcome | None  # None: the conditions did not hold, nothing is recorded
    reasons: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    @property
    def cost_minor(self) -> int:
        return sum(s.remedy.cost_minor for s in self.steps if s.remedy is not None)

    @property
    def remedy(self) -> policy.Remedy | None:
        return next((s.remedy for s in self.steps if s.remedy is not None), None)


def plan(
    rule: ParsedRule,
    subject: Subject,
    budget: policy.Budget,
    *,
    already_handled: bool,
    rates: fx.DayRates,
) -> Plan:
    """What ``rule`` does for ``subject`` given what its budget has left and the day's
    exchange rates from the rule's currency (``rates.base``)."""
    if not cond.holds(rule.condition, subject.facts):
        return Plan(False, None, [f"conditions not met: {cond.describe(rule.condition)}"])
    if already_handled:
        return Plan(True, Outcome.SUPPRESSED, [f"already handled: {subject.key}"])
    reasons = [f"conditions met: {cond.describe(rule.condition)}"]
    remedy = _remedy(rule, subject, budget, rates, reasons)
    steps = []
    for action in rule.actions:
        why_not = _cannot(action, subject, remedy)
        if why_not:
            reasons.append(f"{action.type} skipped: {why_not}")
            continue
        steps.append(Step(action, remedy if isinstance(action, IssueRemedy) else None))
    if not steps:
        return Plan(True, Outcome.SUPPRESSED, [*reasons, "nothing left to do"])
    return Plan(True, Outcome.FIRED, reasons, steps)


def _remedy(
    rule: ParsedRule,
    subject: Subject,
    budget: policy.Budget,
    rates: fx.DayRates,
    reasons: list[str],
) -> policy.Remedy | None:
    config = next((a for a in rule.actions if isinstance(a, IssueRemedy)), None)
    if config is None or subject.customer_id is None:
        return None
    assert rates.base == rule.currency.upper(), "rates from another currency than the budget's"
    order = subject.order
    currency = order.currency if order else rule.currency
    exchange = policy.Exchange(rule.currency, currency, rates.day, rates.to(currency))
    decision = policy.decide_remedy(config, order.total_minor if order else 0, budget, exchange)
    reasons.append(decision.reason)
    return decision.remedy


def _cannot(action: Action, subject: Subject, remedy: policy.Remedy | None) -> str:
    """Why ``action`` cannot run for ``subject`` ("" when it can)."""
    if subject.customer_id is None and not isinstance(action, NoteTeamLead | FlagOrder):
        return "no customer to write to"
    match action:
        case IssueRemedy():
            return "" if remedy else "no remedy fits"
        case SendMessage(message_type="discount_code"):
            return "" if remedy else "no code to send"
        case CreateTicket() | FlagOrder() | ScheduleFollowUp():
            return "" if subject.order is not None else "no order"
    return ""
