"""A small JSON condition language over the facts a trigger provides — parsed, never eval'd.

A condition is one of::

    {"all": [condition, ...]}          every one holds (an empty list holds)
    {"any": [condition, ...]}          at least one holds
    {"not": condition}                 the condition does not hold
    {"fact": "risk", "op": ">=", "value": 0.6}

Facts have a type (:class:`FactType`) and each type allows some operators. Money
values are written ``{"amount": "100.00", "currency": "EUR"}`` and compare only with a
fact in the same currency (another currency never matches). A fact a subject does not
have (``None``) makes its comparison false. :func:`parse` reports every problem at
once, each with the path of the offending part (``conditions.all.1.value``).
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import get_currency_precision

MAX_DEPTH = 6
MAX_NODES = 60


class FactType(enum.StrEnum):
    NUMBER = "number"
    MONEY = "money"
    TEXT = "text"
    BOOL = "bool"
    TAGS = "tags"  # a list of texts


@dataclass(frozen=True)
class Amount:
    """Money in minor units of an ISO currency."""

    minor: int
    currency: str


_ORDERING = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}
OPERATORS: dict[FactType, frozenset[str]] = {
    FactType.NUMBER: frozenset({*_ORDERING, "in", "not_in"}),
    FactType.MONEY: frozenset(_ORDERING),
    FactType.TEXT: frozenset({"==", "!=", "in", "not_in"}),
    FactType.BOOL: frozenset({"==", "!="}),
    FactType.TAGS: frozenset({"contains", "not_contains"}),
}


@dataclass(frozen=True)
class Compare:
    fact: str
    op: str
    value: Any


@dataclass(frozen=True)
class All:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    part: Condition


Condition = Compare | All | AnyOf | Not
ALWAYS: Condition = All(())


@dataclass(frozen=True)
class Problem:
    field: str
    reason: str


class ConditionError(ValueError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.reason}" for p in problems))
        self.problems = list(problems)


def parse(raw: Any, facts: Mapping[str, FactType], *, path: str = "conditions") -> Condition:
    """The condition tree of ``raw`` (``None`` = always), or :class:`ConditionError`."""
    if raw is None:
        return ALWAYS
    parser = _Parser(facts)
    condition = parser.node(raw, path, 1)
    if parser.nodes > MAX_NODES:
        parser.problems.append(Problem(path, f"at most {MAX_NODES} conditions are allowed"))
    if parser.problems:
        raise ConditionError(parser.problems)
    return condition


class _Parser:
    def __init__(self, facts: Mapping[str, FactType]) -> None:
        self.facts = facts
        self.problems: list[Problem] = []
        self.nodes = 0

    def fail(self, path: str, reason: str) -> Condition:
        self.problems.append(Problem(path, reason))
        return ALWAYS

    def node(self, raw: Any, path: str, depth: int) -> Condition:
        self.nodes += 1
        if depth > MAX_DEPTH:
            return self.fail(path, f"conditions nest at most {MAX_DEPTH} levels deep")
        if not isinstance(raw, dict):
            return self.fail(path, "a condition is a JSON object")
        keys = set(raw)
        if keys == {"all"} or keys == {"any"}:
            (key,) = keys
            return self.group(key, raw[key], f"{path}.{key}", depth)
        if keys == {"not"}:
            return Not(self.node(raw["not"], f"{path}.not", depth + 1))
        if keys == {"fact", "op", "value"}:
            return self.compare(raw, path)
        return self.fail(path, "expected all, any, not, or fact/op/value")

    def group(self, key: str, raw: Any, path: str, depth: int) -> Condition:
        if not isinstance(raw, list):
            return self.fail(path, f"{key} takes a list of conditions")
        parts = tuple(self.node(p, f"{path}.{i}", depth + 1) for i, p in enumerate(raw))
        return All(parts) if key == "all" else AnyOf(parts)

    def compare(self, raw: dict[str, Any], path: str) -> Condition:
        fact, op = raw["fact"], raw["op"]
        kind = self.facts.get(fact) if isinstance(fact, str) else None
        if kind is None:
            known = ", ".join(sorted(self.facts))
            return self.fail(f"{path}.fact", f"unknown fact {fact!r}; known: {known}")
        if op not in OPERATORS[kind]:
            allowed = ", ".join(sorted(OPERATORS[kind]))
            return self.fail(f"{path}.op", f"{kind.value} facts allow {allowed}")
        try:
            value = _value(kind, op, raw["value"])
        except ValueError as exc:
            return self.fail(f"{path}.value", str(exc))
        return Compare(fact, op, value)


def _value(kind: FactType, op: str, raw: Any) -> Any:
    if op in ("in", "not_in"):
        if not isinstance(raw, list) or not raw:
            raise ValueError(f"{op} takes a non-empty list")
        return frozenset(_scalar(kind, item) for item in raw)
    return _scalar(kind, raw)


def _scalar(kind: FactType, raw: Any) -> Any:
    match kind:
        case FactType.NUMBER:
            if isinstance(raw, bool) or not isinstance(raw, int | float):
                raise ValueError("expected a number")
            return raw
        case FactType.MONEY:
            return money(raw)
        case FactType.BOOL:
            if not isinstance(raw, bool):
                raise ValueError("expected true or false")
            return raw
        case _:
            if not isinstance(raw, str) or not raw.strip() or len(raw) > 100:
                raise ValueError("expected a text of 1 to 100 characters")
            return raw.strip().lower() if kind is FactType.TAGS else raw.strip()


def money(raw: Any) -> Amount:
    """``{"amount": "100.00", "currency": "EUR"}`` as minor units; ValueError otherwise."""
    if not isinstance(raw, dict) or set(raw) != {"amount", "currency"}:
        raise ValueError('expected {"amount": "100.00", "currency": "EUR"}')
    currency = raw["currency"]
    if not isinstance(currency, str) or len(currency) != 3 or not currency.isalpha():
        raise ValueError("currency must be a three-letter ISO code")
    amount = raw["amount"]
    if isinstance(amount, bool) or not isinstance(amount, int | float | str):
        raise ValueError("amount must be a number or a decimal text")
    try:
        decimal = Decimal(str(amount))
    except InvalidOperation as exc:
        raise ValueError("amount must be a number or a decimal text") from exc
    scaled = decimal.scaleb(get_currency_precision(currency.upper()))
    if not decimal.is_finite() or scaled != scaled.to_integral_value():
        raise ValueError(f"amount has more decimals than {currency.upper()} allows")
    return Amount(int(scaled), currency.upper())


# -- evaluation ---------------------------------------------------------------------------


def holds(condition: Condition, facts: Mapping[str, Any]) -> bool:
    """Whether ``condition`` holds for a subject's ``facts`` (missing facts never match)."""
    match condition:
        case All(parts):
            return all(holds(p, facts) for p in parts)
        case AnyOf(parts):
            return any(holds(p, facts) for p in parts)
        case Not(part):
            return not holds(part, facts)
        case Compare():
            return _compare(condition, facts.get(condition.fact))
    raise TypeError(f"not a condition: {condition!r}")


def _compare(condition: Compare, actual: Any) -> bool:
    if actual is None:
        return False
    op, wanted = condition.op, condition.value
    if op == "contains":
        return wanted in {str(t).lower() for t in actual}
    if op == "not_contains":
        return wanted not in {str(t).lower() for t in actual}
    if op == "in":
        return bool(actual in wanted)
    if op == "not_in":
        return bool(actual not in wanted)
    if isinstance(wanted, Amount):
        if not isinstance(actual, Amount) or actual.currency != wanted.currency:
            return False
        actual, wanted = actual.minor, wanted.minor
    compare: Callable[[Any, Any], bool] = _ORDERING[op]
    return bool(compare(actual, wanted))


def describe(condition: Condition) -> str:
    """The condition as one readable line for the audit trail and the preview."""
    match condition:
        case All(()):
            return "always"
        case All(parts):
            return " and ".join(_grouped(p) for p in parts)
        case AnyOf(parts):
            return " or ".join(_grouped(p) for p in parts)
        case Not(part):
            return f"not {_grouped(part)}"
        case Compare(fact, op, value):
            return f"{fact} {op} {_shown(value)}"
    raise TypeError(f"not a condition: {condition!r}")


def _grouped(condition: Condition) -> str:
    text = describe(condition)
    return f"({text})" if isinstance(condition, All | AnyOf) and len(condition.parts) > 1 else text


def _shown(value: Any) -> str:
    if isinstance(value, Amount):
        digits = get_currency_precision(value.currency)
        return f"{value.minor / 10**digits:.{digits}f} {value.currency}"
    if isinstance(value, frozenset):
        return "[" + ", ".join(sorted(map(str, value))) + "]"
    return str(value).lower() if isinstance(value, bool) else str(value)
