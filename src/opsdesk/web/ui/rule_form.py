"""The rule editor's form: the stored rule as editable fields, and back to a ``RuleUpdate``.

Conditions and actions are edited as rows and fieldsets (:mod:`rule_fields`), or as raw
JSON when asked (``editor == "json"``) or when the rows cannot show them (nested
conditions). What they mean is judged by the rules service; its problems carry paths
such as ``conditions.all.1.op``, which :meth:`RuleForm.field_of` maps onto the fields.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from opsdesk import proactive
from opsdesk.proactive.rules.schemas import RuleUpdate
from opsdesk.proactive.rules.triggers import Trigger, facts_of
from opsdesk.web.ui import rule_fields
from opsdesk.web.ui.admin_forms import (
    FieldProblem,
    FormRefused,
    from_validation,
    parse_amount,
    show_amount,
)
from opsdesk.web.ui.formatting import money
from opsdesk.web.ui.rule_fields import ConditionRow


@dataclass
class RuleForm:
    """The editor's fields as text, exactly as typed (re-shown when refused)."""

    name: str = ""
    description: str = ""
    triggers: list[str] = field(default_factory=list)
    conditions: str = ""
    actions: str = "[]"
    per_order_cap: str = "0"
    per_day_cap: str = "0"
    editor: str = "json"  # "form": the rows and fieldsets below are what counts
    combine: str = "all"
    rows: list[ConditionRow] = field(default_factory=list)
    fields: dict[str, dict[str, str]] = field(default_factory=dict)
    origin: list[int] = field(default_factory=list)  # per condition part, its row

    @classmethod
    def of(cls, rule: proactive.Rule) -> RuleForm:
        return cls(
            name=rule.name,
            description=rule.description,
            triggers=list(rule.triggers),
            conditions="" if rule.conditions is None else json.dumps(rule.conditions, indent=2),
            actions=json.dumps(rule.actions, indent=2),
            per_order_cap=show_amount(rule.per_order_cap_minor, rule.currency),
            per_day_cap=show_amount(rule.per_day_cap_minor, rule.currency),
        ).with_fields(rule.conditions, rule.actions, rule.currency)

    def with_fields(
        self, conditions: dict[str, Any] | None, actions: list[dict[str, Any]], currency: str
    ) -> RuleForm:
        """Fill the rows and fieldsets from stored JSON; raw JSON when they cannot show it."""
        flat = rule_fields.rows_of(conditions)
        try:
            self.fields = rule_fields.fields_of(actions, currency)
        except ValueError:
            self.fields = rule_fields.fields_of([], currency)
            flat = None
        self.editor = "form" if flat is not None else "json"
        self.combine, self.rows = flat or ("all", [])
        return self

    @property
    def shown_rows(self) -> list[ConditionRow]:
        """The rows plus a few blank ones to add conditions without script."""
        return [*self.rows, *(ConditionRow() for _ in range(rule_fields.SPARE_ROWS))]

    @property
    def chosen_actions(self) -> list[str]:
        return [kind for kind, typed in self.fields.items() if typed.get("on") == "on"]

    def field_of(self, path: str) -> str:
        if self.editor != "form":
            return path
        return rule_fields.field_of_problem(path, self.origin, self.chosen_actions)

    def update(self, currency: str) -> RuleUpdate:
        """The change to send to the service, or FormRefused listing every problem."""
        problems: list[FieldProblem] = []
        values: dict[str, Any] = {"name": self.name, "description": self.description,
                                  "triggers": self.triggers}  # fmt: skip
        try:
            values.update(self._conditions_and_actions(currency))
        except FormRefused as refused:
            problems.extend(refused.problems)
        for name, text in (("per_order_cap_minor", self.per_order_cap),
                           ("per_day_cap_minor", self.per_day_cap)):  # fmt: skip
            try:
                values[name] = parse_amount(name, text, currency)
            except FormRefused as refused:
                problems.extend(refused.problems)
        if problems:
            raise FormRefused(problems)
        try:
            return RuleUpdate.model_validate(values)
        except ValidationError as invalid:
            found = from_validation(invalid)
            raise FormRefused(
                [FieldProblem(self.field_of(p.field), p.reason) for p in found]
            ) from None

    def _conditions_and_actions(self, currency: str) -> dict[str, Any]:
        problems: list[FieldProblem] = []
        values: dict[str, Any] = {}
        if self.editor == "form":
            facts = facts_of(Trigger(t) for t in self.triggers if t in set(Trigger))
            steps: tuple[tuple[str, Any], ...] = (
                ("conditions", lambda: self._rows_json(facts, currency)),
                ("actions", lambda: rule_fields.actions_from(self.fields, currency)),
            )
        else:
            steps = (("conditions", lambda: _json("conditions", self.conditions, None)),
                     ("actions", lambda: _json("actions", self.actions, [])))  # fmt: skip
        for name, read in steps:
            try:
                values[name] = read()
            except FormRefused as refused:
                problems.extend(refused.problems)
        if problems:
            raise FormRefused(problems)
        return values

    def _rows_json(self, facts: dict[str, Any], currency: str) -> dict[str, Any] | None:
        conditions, self.origin = rule_fields.conditions_from(
            self.combine, self.rows, facts, currency
        )
        return conditions


def _json(name: str, text: str, empty: Any) -> Any:
    """The JSON in ``text``; an empty box means ``empty`` (no conditions: always)."""
    if not text.strip():
        return empty
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise FormRefused([FieldProblem(name, f"not valid JSON ({where}): {error.msg}")]) from None


def action_summary(action: dict[str, Any], currency: str) -> str:
    """One planned action in words for the preview: ``send delay_notice``,
    ``remedy discount_code worth €10.00``."""
    kind = str(action.get("type", ""))
    if kind == "send_message":
        return f"send {action.get('message_type', 'a message')}"
    if kind == "issue_remedy":
        remedy = str(action.get("remedy", "a remedy")).replace("_", " ")
        cost = action.get("cost_minor")
        worth = f" worth {money(int(cost), currency)}" if isinstance(cost, int) else ""
        return f"remedy: {remedy}{worth}{_converted(action, currency)}"
    if kind == "flag_order":
        return f"flag the order “{action.get('flag', '')}”"
    if kind == "create_ticket":
        return f"open a {action.get('priority', '')} priority ticket"
    if kind == "schedule_follow_up":
        return f"follow up after {action.get('after_days', '?')} days"
    return kind.replace("_", " ")


def _converted(action: dict[str, Any], currency: str) -> str:
    """`` (a £4.21 code at 1 EUR = 0.86 GBP)`` for a remedy in the order's other currency."""
    value, code_currency = action.get("value_minor"), action.get("currency")
    if not isinstance(value, int) or not isinstance(code_currency, str):
        return ""
    if code_currency == currency:
        return ""
    rate = f" at {action['rate']}" if action.get("rate") else ""
    return f" (a {money(value, code_currency)} code{rate})"
