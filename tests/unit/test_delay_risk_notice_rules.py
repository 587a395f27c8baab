"""The delay-notice condition as arrays, and as the rules' JSON conditions."""

from __future__ import annotations

import numpy as np
import pytest

from opsdesk.proactive.risk.notice_rules import COMBINED_RULE, CURVE, NoticeRule
from opsdesk.proactive.rules import conditions
from opsdesk.proactive.rules.triggers import SHIPMENT_FACTS

RISK = np.array([0.5, 0.7, 0.7, 1.0, 0.95])
DAYS = np.array([0, 0, 3, 5, 5])


def test_a_threshold_alone_holds_whatever_the_day() -> None:
    assert NoticeRule(0.6).holds(RISK, DAYS).tolist() == [False, True, True, True, True]


def test_days_to_promise_gates_the_threshold_and_a_certain_delay_goes_at_once() -> None:
    assert NoticeRule(0.6, days=0).holds(RISK, DAYS).tolist() == [False, True, False, False, False]
    assert COMBINED_RULE.holds(RISK, DAYS).tolist() == [False, True, False, True, False]


@pytest.mark.parametrize("rule", CURVE)
def test_each_rule_reads_back_from_its_condition_and_the_rules_engine_agrees(
    rule: NoticeRule,
) -> None:
    written = rule.condition()
    assert NoticeRule.from_condition(written) == rule
    parsed = conditions.parse(written, SHIPMENT_FACTS)
    for risk, days in zip(RISK.tolist(), DAYS.tolist(), strict=True):
        expected = bool(rule.holds(np.array([risk]), np.array([days]))[0])
        facts = {"risk": risk, "days_to_promise": days}
        assert conditions.holds(parsed, facts) is expected, (rule.label(), risk, days)


def test_other_conditions_are_refused() -> None:
    with pytest.raises(ValueError, match="not a delay-notice condition"):
        NoticeRule.from_condition({"fact": "carrier", "op": "==", "value": "DHL"})
    with pytest.raises(ValueError, match="not a delay-notice condition"):
        NoticeRule.from_condition({"any": [{"fact": "risk", "op": ">=", "value": 0.6}] * 4})
