"""The rule condition language: parsing, validation errors with paths, evaluation."""

from __future__ import annotations

import pytest

from opsdesk.proactive.rules import conditions as c
from opsdesk.proactive.rules.triggers import FACTS, Trigger, facts_of

AT_RISK = FACTS[Trigger.SHIPMENT_AT_RISK]
EUR = c.Amount


def _facts(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "risk": 0.72,
        "order_value": EUR(12_000, "EUR"),
        "carrier": "DHL",
        "region": "BE",
        "customer_tags": ["VIP", "wholesale"],
    }
    return base | overrides


def test_risk_above_threshold_and_order_value_in_euros_both_hold() -> None:
    rule = c.parse(
        {"all": [
            {"fact": "risk", "op": ">=", "value": 0.6},
            {"fact": "order_value", "op": ">=", "value": {"amount": "100.00", "currency": "EUR"}},
        ]},
        AT_RISK,
    )  # fmt: skip
    assert c.holds(rule, _facts())
    assert not c.holds(rule, _facts(risk=0.59))
    assert not c.holds(rule, _facts(order_value=EUR(9_999, "EUR")))


def test_money_in_another_currency_never_matches() -> None:
    rule = c.parse(
        {"fact": "order_value", "op": ">=", "value": {"amount": 100, "currency": "EUR"}}, AT_RISK
    )
    assert not c.holds(rule, _facts(order_value=EUR(50_000, "BRL")))


def test_tags_match_case_insensitively_and_any_not_combine() -> None:
    rule = c.parse(
        {"any": [
            {"fact": "customer_tags", "op": "contains", "value": "vip"},
            {"not": {"fact": "carrier", "op": "in", "value": ["DHL", "UPS"]}},
        ]},
        AT_RISK,
    )  # fmt: skip
    assert c.holds(rule, _facts())
    assert c.holds(rule, _facts(customer_tags=[], carrier="GLS"))
    assert not c.holds(rule, _facts(customer_tags=["new"], carrier="UPS"))


def test_a_missing_fact_makes_its_comparison_false_not_an_error() -> None:
    rule = c.parse({"fact": "csat_score", "op": "<=", "value": 2}, facts_of(list(Trigger)))
    assert not c.holds(rule, {"csat_score": None})
    assert c.holds(rule, {"csat_score": 1})


def test_no_conditions_means_always() -> None:
    assert c.parse(None, AT_RISK) == c.ALWAYS
    assert c.holds(c.ALWAYS, {})
    assert c.describe(c.ALWAYS) == "always"


def test_every_problem_is_reported_with_its_path() -> None:
    with pytest.raises(c.ConditionError) as caught:
        c.parse(
            {"all": [
                {"fact": "colour", "op": "==", "value": "red"},
                {"fact": "risk", "op": "contains", "value": 1},
                {"fact": "risk", "op": ">=", "value": "high"},
                {"fact": "order_value", "op": ">", "value": {"amount": "1.005", "currency": "EUR"}},
                {"fact": "region", "op": "in", "value": []},
                {"eval": "__import__('os')"},
            ]},
            AT_RISK,
        )  # fmt: skip
    fields = [p.field for p in caught.value.problems]
    assert fields == [
        "conditions.all.0.fact",
        "conditions.all.1.op",
        "conditions.all.2.value",
        "conditions.all.3.value",
        "conditions.all.4.value",
        "conditions.all.5",
    ]
    reasons = {p.field: p.reason for p in caught.value.problems}
    assert "unknown fact 'colour'" in reasons["conditions.all.0.fact"]
    assert "more decimals than EUR" in reasons["conditions.all.3.value"]


def test_booleans_are_not_numbers_and_nesting_is_bounded() -> None:
    with pytest.raises(c.ConditionError):
        c.parse({"fact": "risk", "op": ">=", "value": True}, AT_RISK)
    deep: dict[str, object] = {"fact": "risk", "op": ">", "value": 0.5}
    for _ in range(c.MAX_DEPTH + 1):
        deep = {"not": deep}
    with pytest.raises(c.ConditionError, match="nest at most"):
        c.parse(deep, AT_RISK)


def test_a_condition_reads_back_as_one_line() -> None:
    rule = c.parse(
        {"all": [
            {"fact": "risk", "op": ">=", "value": 0.6},
            {"any": [{"fact": "region", "op": "==", "value": "SP"},
                     {"fact": "order_value", "op": ">=",
                      "value": {"amount": "100", "currency": "EUR"}}]},
        ]},
        AT_RISK,
    )  # fmt: skip
    assert c.describe(rule) == "risk >= 0.6 and (region == SP or order_value >= 100.00 EUR)"
