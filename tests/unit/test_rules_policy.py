"""Pure rule decisions: remedy by order value, budgets, the new date, suppression, plans."""

from __future__ import annotations

from datetime import date

from opsdesk import fx, shipping
from opsdesk.proactive import phrases
from opsdesk.proactive.rules import policy
from opsdesk.proactive.rules.builtin import BUILTIN_RULES
from opsdesk.proactive.rules.models import Outcome
from opsdesk.proactive.rules.plan import parse_rule, plan
from opsdesk.proactive.rules.schemas import IssueRemedy
from opsdesk.proactive.rules.subjects import OrderInfo, Subject
from opsdesk.proactive.rules.triggers import Trigger

REMEDY = IssueRemedy(upgrade_below_minor=5_000, shipping_upgrade_minor=490, discount_minor=1_000)
UPGRADE = policy.RemedyOption(policy.RemedyKind.SHIPPING_UPGRADE, 490)
DISCOUNT = policy.RemedyOption(policy.RemedyKind.DISCOUNT, 1_000)
DAY = date(2026, 11, 18)
EUR = fx.Rate.identity("EUR", DAY)
EURO_RATES = fx.DayRates("EUR", DAY)


def _budget(order_cap: int = 1_000, day_cap: int = 5_000, order: int = 0, day: int = 0):  # type: ignore[no-untyped-def]
    return policy.Budget(order_cap, day_cap, order, day)


def test_small_orders_get_the_shipping_upgrade_larger_ones_a_code_first() -> None:
    assert policy.remedy_options(4_470, REMEDY) == [UPGRADE]
    assert policy.remedy_options(5_000, REMEDY) == [DISCOUNT, UPGRADE]


def test_the_cheaper_remedy_steps_in_when_the_code_no_longer_fits_today() -> None:
    decision = policy.choose_remedy([DISCOUNT, UPGRADE], _budget(day=4_200), EUR)
    assert decision.option == UPGRADE


def test_an_exhausted_day_budget_withholds_the_remedy_and_says_why() -> None:
    decision = policy.choose_remedy([DISCOUNT, UPGRADE], _budget(day=4_700), EUR)
    assert decision.option is None
    assert decision.reason == (
        "remedy withheld: per-day budget exhausted (spent 4700 of 5000, the cheapest remedy "
        "costs 490)"
    )


def test_the_per_order_cap_counts_what_this_order_already_received() -> None:
    decision = policy.choose_remedy([UPGRADE], _budget(order=700), EUR)
    assert decision.option is None
    assert "per-order budget exhausted (spent 700 of 1000" in decision.reason


def test_budget_spending_adds_to_both_the_order_and_the_day() -> None:
    after = _budget(order=100, day=900).spend(490)
    assert (after.left_for_order(), after.left_today()) == (410, 3_610)


def test_the_new_date_is_the_carriers_estimate_or_a_business_day_slip_never_soon() -> None:
    promised = date(2026, 11, 20)  # a Friday
    assert policy.new_delivery_date(promised, date(2026, 11, 24), date(2026, 11, 18)) == date(
        2026, 11, 24
    )
    # no estimate past the promise: two business days after it, skipping the weekend
    assert policy.new_delivery_date(promised, None, date(2026, 11, 18)) == date(2026, 11, 24)
    # the promise already passed: counted from today
    assert policy.new_delivery_date(promised, None, date(2026, 11, 25)) == date(2026, 11, 27)


def test_the_same_shipment_and_promise_is_one_delay() -> None:
    first = shipping.delay_key(7, date(2026, 11, 20))
    assert first == shipping.delay_key(7, date(2026, 11, 20))
    assert first != shipping.delay_key(7, date(2026, 11, 24))


def test_a_disruption_explains_the_delay_before_anything_else() -> None:
    assert policy.delay_reason(disruption_kind="hub_closure", shipment_status="exception",
                               carrier_moved_estimate=True) == "hub_closure"  # fmt: skip
    assert policy.delay_reason(disruption_kind=None, shipment_status="in_transit",
                               carrier_moved_estimate=True) == "carrier_delay"  # fmt: skip
    assert policy.delay_reason(disruption_kind=None, shipment_status="in_transit",
                               carrier_moved_estimate=False) == "slow_transit"  # fmt: skip


def test_follow_ups_wait_for_open_complaints_and_returns() -> None:
    assert policy.follow_up_blocked(0, 0) is None
    assert policy.follow_up_blocked(1, 0) == "the customer has 1 open complaint ticket(s)"
    assert policy.follow_up_blocked(0, 2) == "the customer has 2 open return(s)"
    assert policy.is_complaint("complaint", [])
    assert policy.is_complaint(None, ["Complaint"])
    assert not policy.is_complaint("question", ["shipping"])


def test_reasons_and_remedies_exist_in_every_language() -> None:
    for lang in phrases.LANGUAGES:
        assert set(phrases.REASONS[lang]) == set(phrases.REASONS["en"])
        assert set(phrases.REMEDIES[lang]) == set(phrases.REMEDIES["en"])
        assert set(phrases.EXCEPTIONS[lang]) == set(phrases.EXCEPTIONS["en"])
    text = phrases.remedy("discount", code="SORRY-7KQ2MX", minor=1_000, currency="EUR",
                          until=date(2027, 2, 15), locale="de-AT")  # fmt: skip
    assert (
        text
        == "ein Rabatt von 10,00\xa0€ auf die nächste Bestellung mit dem Code SORRY-7KQ2MX, gültig bis 15. Februar 2027"
    )
    assert phrases.reason("hub_closure", "pt-BR").startswith("um centro de distribuição")
    assert phrases.language("pt-PT") == "pt-BR"
    assert phrases.language("ja") == "en"


def _subject(total_minor: int, risk: float) -> Subject:
    info = OrderInfo(1, "OD-1", 5, total_minor, "EUR", "web", "BE", "DE", "Ana", (), "pt-BR", "UTC")
    return Subject(Trigger.SHIPMENT_AT_RISK, "delay:shipment:3:2026-11-20",
                   {**info.facts(), "risk": risk}, info, shipment_id=3)  # fmt: skip


def _builtin_at_risk():  # type: ignore[no-untyped-def]
    data = BUILTIN_RULES["shipment_at_risk"]
    return parse_rule(
        rule_id=1, name=data.name, triggers=data.triggers, conditions=data.conditions,
        actions=[a.model_dump() for a in data.actions], currency="EUR",
        per_order_cap_minor=data.per_order_cap_minor, per_day_cap_minor=data.per_day_cap_minor,
    )  # fmt: skip


def test_the_built_in_delay_rule_plans_notice_remedy_and_flag() -> None:
    decided = plan(_builtin_at_risk(), _subject(12_000, 0.8), _budget(), already_handled=False,
                   rates=EURO_RATES)  # fmt: skip
    assert decided.outcome is Outcome.FIRED
    assert [s.action.type for s in decided.steps] == ["send_message", "issue_remedy", "flag_order"]
    assert decided.remedy is not None
    assert decided.remedy.option == DISCOUNT
    assert (decided.remedy.value_minor, decided.remedy.currency) == (1_000, "EUR")
    assert decided.cost_minor == 1_000


def test_a_low_risk_does_not_match_and_an_old_delay_is_suppressed() -> None:
    rule = _builtin_at_risk()
    low = plan(rule, _subject(12_000, 0.4), _budget(), already_handled=False, rates=EURO_RATES)
    assert low.matched is False
    again = plan(rule, _subject(12_000, 0.8), _budget(), already_handled=True, rates=EURO_RATES)
    assert again.outcome is Outcome.SUPPRESSED
    assert again.reasons == ["already handled: delay:shipment:3:2026-11-20"]


def test_an_exhausted_budget_still_sends_the_notice_without_a_code() -> None:
    decided = plan(
        _builtin_at_risk(), _subject(12_000, 0.8), _budget(day_cap=0), already_handled=False,
        rates=EURO_RATES,
    )  # fmt: skip
    assert [s.action.type for s in decided.steps] == ["send_message", "flag_order"]
    assert decided.cost_minor == 0
    assert any("per-day budget exhausted" in r for r in decided.reasons)
