"""A rule's conditions and actions as form fields: rows of fact / operator / value, and one
fieldset per action type. Reads the rule into fields and the typed fields back into the
rule's JSON; every unreadable field is refused by its own name (``condition-2-value``,
``issue_remedy-discount_minor``). What the values mean is still judged by the service.

Conditions the rows cannot show (``not``, nested groups) and actions used twice stay in
the raw JSON editor (``representable`` is False for them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from opsdesk.proactive.rules.conditions import OPERATORS, FactType
from opsdesk.proactive.rules.schemas import (
    CreateTicket,
    FlagOrder,
    IssueRemedy,
    NoteTeamLead,
    ScheduleFollowUp,
    SendMessage,
)
from opsdesk.web.ui.admin_forms import FieldProblem, FormRefused, parse_amount, show_amount

COMBINE = {"all": "all of these hold", "any": "any of these holds"}
OPERATOR_WORDS = {
    ">": "is more than", ">=": "is at least", "<": "is less than", "<=": "is at most",
    "==": "is", "!=": "is not", "in": "is one of", "not_in": "is none of",
    "contains": "includes", "not_contains": "does not include",
}  # fmt: skip
SPARE_ROWS = 2
ACTION_MODELS = {m.model_fields["type"].default: m for m in (
    SendMessage, IssueRemedy, CreateTicket, FlagOrder, NoteTeamLead, ScheduleFollowUp)}  # fmt: skip
MONEY_FIELDS = frozenset({"upgrade_below_minor", "shipping_upgrade_minor", "discount_minor"})
INT_FIELDS = frozenset({"valid_days", "after_days"})
BOOL_FIELDS = frozenset({"tell_customer"})


@dataclass
class ConditionRow:
    fact: str = ""
    op: str = ""
    value: str = ""


# -- reading the stored rule into fields ----------------------------------------------------


def rows_of(conditions: Mapping[str, Any] | None) -> tuple[str, list[ConditionRow]] | None:
    """``(combine, rows)`` for a flat condition, None when only JSON can show it."""
    if conditions is None:
        return "all", []
    if set(conditions) == {"fact", "op", "value"}:
        combine, parts = "all", [conditions]
    elif set(conditions) in ({"all"}, {"any"}) and isinstance(
        next(iter(conditions.values())), list
    ):
        ((combine, parts),) = conditions.items()
    else:
        return None
    if not all(isinstance(p, dict) and set(p) == {"fact", "op", "value"} for p in parts):
        return None
    return combine, [ConditionRow(str(p["fact"]), str(p["op"]), _shown(p["value"])) for p in parts]


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value)
    if isinstance(value, dict) and set(value) == {"amount", "currency"}:
        return f"{value['amount']} {value['currency']}"
    return str(value).lower() if isinstance(value, bool) else str(value)


def fields_of(actions: Sequence[Mapping[str, Any]], currency: str) -> dict[str, dict[str, str]]:
    """Every action type's fields (stored values, else the defaults), with ``on`` = "on"
    for the types the rule uses. Raises ValueError when a type is used twice."""
    used = {str(a.get("type")): a for a in actions}
    if len(used) != len(actions) or set(used) - set(ACTION_MODELS):
        raise ValueError("an action type is used twice or unknown")
    fields: dict[str, dict[str, str]] = {}
    for kind, model in ACTION_MODELS.items():
        values = {n: f.default for n, f in model.model_fields.items() if n != "type"}
        values.update({k: v for k, v in used.get(kind, {}).items() if k != "type"})
        shown = {n: _field_text(n, v, currency) for n, v in values.items()}
        fields[kind] = {**shown, "on": "on" if kind in used else ""}
    return fields


def _field_text(name: str, value: Any, currency: str) -> str:
    if name in MONEY_FIELDS and isinstance(value, int):
        return show_amount(value, currency)
    if name in BOOL_FIELDS:
        return "on" if value else ""
    return "" if value is None else str(value)


# -- reading the typed fields back ------------------------------------------------------------


def conditions_from(
    combine: str, rows: Iterable[ConditionRow], facts: Mapping[str, FactType], currency: str
) -> tuple[dict[str, Any] | None, list[int]]:
    """The condition JSON and, per part, the row it came from; blank rows are skipped."""
    problems: list[FieldProblem] = []
    parts: list[dict[str, Any]] = []
    origin: list[int] = []
    for index, row in enumerate(rows):
        if not (row.fact or row.value.strip()):
            continue
        part = _part(index, row, facts, currency, problems)
        if part is not None:
            parts.append(part)
            origin.append(index)
    if problems:
        raise FormRefused(problems)
    if not parts:
        return None, []
    return {combine if combine in COMBINE else "all": parts}, origin


def _part(
    index: int, row: ConditionRow, facts: Mapping[str, FactType], currency: str,
    problems: list[FieldProblem],
) -> dict[str, Any] | None:  # fmt: skip
    name = f"condition-{index}"
    kind = facts.get(row.fact)
    if kind is None:
        known = ", ".join(sorted(facts)) or "none (pick a trigger first)"
        problems.append(FieldProblem(f"{name}-fact", f"pick a fact the triggers offer: {known}"))
        return None
    if row.op not in OPERATORS[kind]:
        allowed = ", ".join(OPERATOR_WORDS[o] for o in sorted(OPERATORS[kind]))
        problems.append(FieldProblem(f"{name}-op", f"“{row.fact}” can be compared with: {allowed}"))
        return None
    try:
        return {"fact": row.fact, "op": row.op, "value": _typed(kind, row.op, row.value, currency)}
    except ValueError as error:
        problems.append(FieldProblem(f"{name}-value", str(error)))
        return None


def _typed(kind: FactType, op: str, text: str, currency: str) -> Any:
    if op in ("in", "not_in"):
        items = [t.strip() for t in text.split(",") if t.strip()]
        if not items:
            raise ValueError("one or more values, separated by commas")
        return [_scalar(kind, item, currency) for item in items]
    return _scalar(kind, text.strip(), currency)


def _scalar(kind: FactType, text: str, currency: str) -> Any:
    if kind is FactType.BOOL:
        if text.lower() not in ("true", "false"):
            raise ValueError("yes or no")
        return text.lower() == "true"
    if kind in (FactType.NUMBER, FactType.MONEY):
        amount, _, code = text.partition(" ")
        try:
            number = Decimal(amount)
        except InvalidOperation:
            example = (
                f"an amount like 50.00 (in {currency}) or 50.00 GBP"
                if kind is FactType.MONEY
                else "a number like 0.6 or 3"
            )
            raise ValueError(example) from None
        if kind is FactType.MONEY:
            return {"amount": amount, "currency": (code.strip() or currency).upper()}
        return int(number) if number == number.to_integral_value() else float(number)
    if not text:
        raise ValueError("a value is needed")
    return text


def actions_from(fields: Mapping[str, Mapping[str, str]], currency: str) -> list[dict[str, Any]]:
    """The ticked actions with their typed parameters, in the editor's order."""
    problems: list[FieldProblem] = []
    actions: list[dict[str, Any]] = []
    for kind, model in ACTION_MODELS.items():
        typed = fields.get(kind, {})
        if typed.get("on") != "on":
            continue
        action: dict[str, Any] = {"type": kind}
        for name in model.model_fields:
            if name == "type":
                continue
            try:
                action[name] = _action_value(f"{kind}-{name}", name, typed.get(name, ""), currency)
            except FormRefused as refused:
                problems.extend(refused.problems)
        actions.append(action)
    if problems:
        raise FormRefused(problems)
    if not actions:
        raise FormRefused([FieldProblem("actions", "tick at least one action")])
    return actions


def _action_value(field: str, name: str, text: str, currency: str) -> Any:
    if name in MONEY_FIELDS:
        return parse_amount(field, text, currency)
    if name in BOOL_FIELDS:
        return text == "on"
    if name in INT_FIELDS:
        try:
            return int(text.strip())
        except ValueError:
            raise FormRefused([FieldProblem(field, "a whole number of days")]) from None
    return text.strip()


def field_of_problem(path: str, origin: Sequence[int], kinds: Sequence[str]) -> str:
    """The form field a service or schema problem is about: ``conditions.all.1.value`` →
    ``condition-<row>-value``, ``actions.0.discount_minor`` → ``issue_remedy-discount_minor``."""
    parts = path.split(".")
    if parts[0] == "conditions" and len(parts) >= 4 and parts[2].isdigit():
        row = int(parts[2])
        if row < len(origin) and parts[3] in ("fact", "op", "value"):
            return f"condition-{origin[row]}-{parts[3]}"
    if parts[0] == "actions" and len(parts) >= 2 and parts[1].isdigit():
        k = int(parts[1])
        if k < len(kinds):
            rest = [p for p in parts[2:] if p != kinds[k]]
            return f"{kinds[k]}-{rest[0]}" if rest else kinds[k]
    return path
