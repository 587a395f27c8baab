"""Remedies in every currency the store sells in: chosen and capped in the rule's
currency, issued in the order's at the day's rate — or withheld, saying which rate is
missing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from opsdesk import fx
from opsdesk.proactive.rules import policy
from opsdesk.proactive.rules.models import Outcome
from opsdesk.proactive.rules.plan import plan
from opsdesk.proactive.rules.schemas import IssueRemedy
from opsdesk.proactive.rules.subjects import OrderInfo, Subject
from opsdesk.proactive.rules.triggers import Trigger
from tests.unit.test_rules_policy import _builtin_at_risk

DAY = date(2026, 11, 18)
SINCE = date(2026, 11, 1)
REMEDY = IssueRemedy(upgrade_below_minor=5_000, shipping_upgrade_minor=490, discount_minor=1_000)
GBP = fx.Rate("EUR", "GBP", Decimal("0.86"), SINCE)
BRL = fx.Rate("EUR", "BRL", Decimal("5.6"), SINCE)
JPY = fx.Rate("EUR", "JPY", Decimal("160"), SINCE)
RATES = fx.DayRates("EUR", DAY, {"GBP": GBP, "BRL": BRL, "JPY": JPY})


def _budget(day_spent: int = 0, order_spent: int = 0) -> policy.Budget:
    return policy.Budget(1_000, 5_000, order_spent, day_spent)


def _exchange(rate: fx.Rate | None, currency: str = "GBP") -> policy.Exchange:
    return policy.Exchange("EUR", currency, DAY, rate)


def test_a_british_order_gets_its_upgrade_as_a_pound_code_costing_the_euro_budget() -> None:
    # 40.70 GBP is 47.33 EUR: below the 50 EUR threshold, so the shipping upgrade
    decision = policy.decide_remedy(REMEDY, 4_070, _budget(), _exchange(GBP))
    assert decision.remedy is not None
    assert decision.remedy.kind is policy.RemedyKind.SHIPPING_UPGRADE
    assert decision.remedy.cost_minor == 490  # EUR cents, what the caps count
    assert (decision.remedy.value_minor, decision.remedy.currency) == (421, "GBP")
    assert decision.reason == (
        "remedy shipping_upgrade (490 EUR): a code worth 421 GBP at 1 EUR = 0.86 GBP "
        "(valid from 2026-11-01)"
    )


def test_the_order_value_is_compared_with_the_threshold_in_the_rules_currency() -> None:
    # 45.00 GBP is below 5000 as a number, but it is 52.33 EUR: the discount code
    decision = policy.decide_remedy(REMEDY, 4_500, _budget(), _exchange(GBP))
    assert decision.remedy is not None
    assert decision.remedy.kind is policy.RemedyKind.DISCOUNT
    assert (decision.remedy.cost_minor, decision.remedy.value_minor) == (1_000, 860)


def test_a_brazilian_order_gets_reais_and_a_japanese_one_whole_yen() -> None:
    brl = policy.decide_remedy(REMEDY, 22_470, _budget(), _exchange(BRL, "BRL"))
    assert brl.remedy is not None
    assert (brl.remedy.kind, brl.remedy.value_minor, brl.remedy.currency) == (
        policy.RemedyKind.SHIPPING_UPGRADE, 2_744, "BRL"
    )  # fmt: skip
    jpy = policy.decide_remedy(REMEDY, 12_000, _budget(), _exchange(JPY, "JPY"))
    assert jpy.remedy is not None  # 12000 JPY = 75.00 EUR: the discount, 10 EUR = 1600 JPY
    assert (jpy.remedy.kind, jpy.remedy.value_minor) == (policy.RemedyKind.DISCOUNT, 1_600)


def test_the_code_is_rounded_down_so_it_never_costs_more_than_the_budget_counted() -> None:
    rate = fx.Rate("EUR", "GBP", Decimal("0.8567"), SINCE)  # 4.90 EUR = 4.19783 GBP
    decision = policy.decide_remedy(REMEDY, 1_000, _budget(), _exchange(rate))
    assert decision.remedy is not None
    assert decision.remedy.value_minor == 419
    assert rate.convert_back(decision.remedy.value_minor) <= decision.remedy.cost_minor


def test_the_euro_caps_hold_for_orders_in_other_currencies() -> None:
    # 42 EUR spent today of 50: the 10 EUR code no longer fits, the 4.90 EUR upgrade does
    cheaper = policy.decide_remedy(REMEDY, 9_000, _budget(day_spent=4_200), _exchange(GBP))
    assert cheaper.remedy is not None
    assert (cheaper.remedy.kind, cheaper.remedy.value_minor) == (
        policy.RemedyKind.SHIPPING_UPGRADE, 421
    )  # fmt: skip
    spent = policy.decide_remedy(REMEDY, 22_470, _budget(day_spent=4_700), _exchange(BRL, "BRL"))
    assert spent.remedy is None
    assert spent.reason == (
        "remedy withheld: per-day budget exhausted (spent 4700 of 5000, the cheapest remedy "
        "costs 490)"
    )


def test_without_the_days_rate_the_remedy_is_withheld_naming_the_missing_rate() -> None:
    decision = policy.decide_remedy(REMEDY, 4_070, _budget(), _exchange(None))
    assert decision.remedy is None
    assert decision.reason.startswith(
        "remedy withheld: no exchange rate EUR→GBP in effect on 2026-11-18 "
        "(the budget is in EUR, the order in GBP"
    )
    assert "opsdesk fx set EUR GBP RATE --from 2026-11-18" in decision.reason


def test_a_remedy_worth_less_than_one_minor_unit_is_withheld() -> None:
    tiny = IssueRemedy(upgrade_below_minor=5_000, shipping_upgrade_minor=1, discount_minor=1)
    rate = fx.Rate("EUR", "JPY", Decimal("50"), SINCE)  # 0.01 EUR = 0.5 JPY
    decision = policy.decide_remedy(tiny, 1_000, _budget(), _exchange(rate, "JPY"))
    assert decision.remedy is None
    assert decision.reason.startswith("remedy withheld: worth less than one minor unit of JPY")


def test_within_one_currency_nothing_is_converted() -> None:
    same = fx.Rate.identity("EUR", DAY)
    decision = policy.decide_remedy(REMEDY, 12_000, _budget(), _exchange(same, "EUR"))
    assert decision.remedy is not None
    assert (decision.remedy.value_minor, decision.remedy.currency) == (1_000, "EUR")
    assert decision.reason == "remedy discount (1000)"
    assert decision.remedy.describe() == {
        "remedy": "discount", "cost_minor": 1_000, "value_minor": 1_000, "currency": "EUR"
    }  # fmt: skip


def _subject(total_minor: int, currency: str) -> Subject:
    info = OrderInfo(1, "OD-1", 5, total_minor, currency, "web", "", "GB", "Amelia", (),
                     "en-GB", "Europe/London")  # fmt: skip
    return Subject(Trigger.SHIPMENT_AT_RISK, "delay:shipment:3:2026-11-20",
                   {**info.facts(), "risk": 0.8}, info, shipment_id=3)  # fmt: skip


def test_the_plan_shows_the_code_the_rate_and_the_cost_to_the_euro_budget() -> None:
    decided = plan(_builtin_at_risk(), _subject(4_070, "GBP"), _budget(), already_handled=False,
                   rates=RATES)  # fmt: skip
    assert decided.outcome is Outcome.FIRED
    assert decided.cost_minor == 490
    (remedy,) = [s.describe() for s in decided.steps if s.action.type == "issue_remedy"]
    assert remedy | {"type": "issue_remedy"} == remedy
    assert {k: remedy[k] for k in ("remedy", "cost_minor", "value_minor", "currency")} == {
        "remedy": "shipping_upgrade", "cost_minor": 490, "value_minor": 421, "currency": "GBP"
    }  # fmt: skip
    assert (remedy["rate"], remedy["rate_valid_from"]) == ("1 EUR = 0.86 GBP", "2026-11-01")


def test_the_plan_without_a_rate_still_sends_the_notice_and_says_which_rate_is_missing() -> None:
    decided = plan(_builtin_at_risk(), _subject(4_070, "USD"), _budget(), already_handled=False,
                   rates=RATES)  # fmt: skip
    assert [s.action.type for s in decided.steps] == ["send_message", "flag_order"]
    assert decided.cost_minor == 0
    assert any("no exchange rate EUR→USD in effect on 2026-11-18" in r for r in decided.reasons)
