"""The operations pages' form reading: amounts, JSON boxes, dates and the preview's words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from opsdesk.web.ui.admin_forms import FormRefused, parse_amount, parse_utc, problems_by_field
from opsdesk.web.ui.rule_form import RuleForm, action_summary


def test_amounts_are_read_in_the_currencys_own_minor_units() -> None:
    assert parse_amount("cap", "12.50", "EUR") == 1250
    assert parse_amount("cap", "300", "JPY") == 300
    assert parse_amount("cap", "", "EUR") == 0
    for wrong in ("12.345", "-1", "ten", "NaN"):
        with pytest.raises(FormRefused) as refused:
            parse_amount("cap", wrong, "EUR")
        assert refused.value.problems[0].field == "cap"


def test_datetime_inputs_are_read_as_utc() -> None:
    assert parse_utc("starts_at", "2026-11-19T15:00") == datetime(2026, 11, 19, 15, tzinfo=UTC)
    with pytest.raises(FormRefused):
        parse_utc("starts_at", "19/11/2026")


def test_a_rule_form_reports_every_unreadable_box_at_once() -> None:
    form = RuleForm(name="x", triggers=["ShipmentDelayed"], conditions="{oops",
                    actions="[", per_order_cap="1.001", per_day_cap="5")  # fmt: skip
    with pytest.raises(FormRefused) as refused:
        form.update("EUR")
    fields = [p.field for p in refused.value.problems]
    assert fields == ["conditions", "actions", "per_order_cap_minor"]
    assert set(problems_by_field(refused.value.problems)) == set(fields)


def test_an_empty_conditions_box_means_always() -> None:
    form = RuleForm(name="Always", triggers=["ShipmentDelayed"], conditions="  ",
                    actions='[{"type": "flag_order"}]', per_order_cap="0", per_day_cap="2.5")  # fmt: skip
    change = form.update("EUR")
    assert change.conditions is None
    assert "conditions" in change.model_fields_set
    assert change.per_day_cap_minor == 250


def test_planned_actions_read_as_words() -> None:
    remedy = {"type": "issue_remedy", "remedy": "discount_code", "cost_minor": 1000}
    assert action_summary(remedy, "EUR") == "remedy: discount code worth €10.00"
    assert action_summary({"type": "send_message", "message_type": "delay_notice"}, "EUR") == (
        "send delay_notice"
    )
    assert action_summary({"type": "note_team_lead"}, "EUR") == "note team lead"


def test_a_remedy_in_the_orders_currency_reads_with_its_value_and_rate() -> None:
    remedy = {"type": "issue_remedy", "remedy": "shipping_upgrade", "cost_minor": 490,
              "value_minor": 421, "currency": "GBP", "rate": "1 EUR = 0.86 GBP"}  # fmt: skip
    assert action_summary(remedy, "EUR") == (
        "remedy: shipping upgrade worth €4.90 (a £4.21 code at 1 EUR = 0.86 GBP)"
    )
    same = {"type": "issue_remedy", "remedy": "discount", "cost_minor": 1000,
            "value_minor": 1000, "currency": "EUR"}  # fmt: skip
    assert action_summary(same, "EUR") == "remedy: discount worth €10.00"
