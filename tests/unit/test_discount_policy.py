"""The pure rules of discount codes: what applies, what it is worth, how codes look."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opsdesk.promotions import policy
from opsdesk.promotions.models import DiscountKind, DiscountStatus
from opsdesk.promotions.policy import CodeTerms, OrderContext, Refusal

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
TEN_EUROS = CodeTerms(
    kind=DiscountKind.AMOUNT, value=1000, currency="EUR", expires_at=NOW + timedelta(days=7)
)
FIFTEEN_PERCENT = CodeTerms(
    kind=DiscountKind.PERCENT, value=1500, currency=None, expires_at=NOW + timedelta(days=7)
)
ORDER = OrderContext(total_minor=5000, currency="EUR", now=NOW, customer_id=7)


def test_a_live_code_applies_and_names_its_discount() -> None:
    verdict = policy.evaluate(TEN_EUROS, ORDER)
    assert (verdict.applies, verdict.refusal, verdict.discount_minor) == (True, None, 1000)


@pytest.mark.parametrize(
    ("terms", "order", "refusal", "words"),
    [
        (replace(TEN_EUROS, status=DiscountStatus.REVOKED), ORDER, Refusal.REVOKED, "withdrawn"),
        (TEN_EUROS, replace(ORDER, now=TEN_EUROS.expires_at), Refusal.EXPIRED, "expired on"),
        (replace(TEN_EUROS, times_redeemed=1), ORDER, Refusal.EXHAUSTED, "used once"),
        (
            replace(TEN_EUROS, max_redemptions=5, times_redeemed=5),
            ORDER,
            Refusal.EXHAUSTED,
            "used 5 times",
        ),
        (replace(TEN_EUROS, customer_id=8), ORDER, Refusal.WRONG_CUSTOMER, "another customer"),
        (
            replace(TEN_EUROS, customer_id=8),
            replace(ORDER, customer_id=None),
            Refusal.WRONG_CUSTOMER,
            "another customer",
        ),
        (TEN_EUROS, replace(ORDER, currency="gbp"), Refusal.CURRENCY_MISMATCH, "order is in GBP"),
        (
            replace(TEN_EUROS, min_order_minor=5001),
            ORDER,
            Refusal.BELOW_MINIMUM,
            "at least 5001",
        ),
    ],
)
def test_each_rule_refuses_with_its_own_reason(
    terms: CodeTerms, order: OrderContext, refusal: Refusal, words: str
) -> None:
    verdict = policy.evaluate(terms, order)
    assert verdict.refusal is refusal
    assert not verdict.applies
    assert verdict.discount_minor == 0
    assert words in verdict.message


def test_a_code_is_live_until_the_instant_it_expires() -> None:
    just_before = replace(ORDER, now=TEN_EUROS.expires_at - timedelta(microseconds=1))
    assert policy.refusal_for(TEN_EUROS, just_before) is None


def test_a_minimum_is_met_by_an_order_of_exactly_that_value() -> None:
    assert policy.refusal_for(replace(TEN_EUROS, min_order_minor=5000), ORDER) is None


def test_the_restricted_customer_may_use_their_code() -> None:
    assert policy.refusal_for(replace(TEN_EUROS, customer_id=7), ORDER) is None


def test_a_percentage_without_currency_applies_to_any_currency() -> None:
    assert policy.evaluate(FIFTEEN_PERCENT, replace(ORDER, currency="BRL")).discount_minor == 750


def test_revocation_is_reported_before_expiry_and_exhaustion() -> None:
    dead = replace(TEN_EUROS, status=DiscountStatus.REVOKED, times_redeemed=1)
    expired_order = replace(ORDER, now=TEN_EUROS.expires_at + timedelta(days=1))
    assert policy.refusal_for(dead, expired_order) is Refusal.REVOKED


@pytest.mark.parametrize(
    ("total", "basis_points", "expected"),
    [
        (1999, 1500, 300),  # 299.85 rounds up
        (1990, 1500, 299),  # 298.5: exactly half rounds up
        (1970, 1500, 296),  # 295.5 rounds up
        (1003, 1500, 150),  # 150.45 rounds down
        (1, 1500, 0),  # 0.15 of a cent is nothing
        (4, 1250, 1),  # 0.5 of a cent: half rounds up
        (3333, 10000, 3333),  # 100 % is the whole order
        (10**12, 1, 10**8),
    ],
)
def test_percentages_round_half_up_to_the_minor_unit(
    total: int, basis_points: int, expected: int
) -> None:
    assert policy.discount_for(replace(FIFTEEN_PERCENT, value=basis_points), total) == expected


def test_a_cap_limits_a_percentage() -> None:
    capped = replace(FIFTEEN_PERCENT, max_discount_minor=2000, currency="EUR")
    assert policy.discount_for(capped, 100_000) == 2000
    assert policy.discount_for(capped, 10_000) == 1500


def test_an_amount_larger_than_the_order_takes_off_only_the_order() -> None:
    assert policy.discount_for(TEN_EUROS, 640) == 640
    assert policy.evaluate(TEN_EUROS, replace(ORDER, total_minor=640)).discount_minor == 640


@given(
    kind=st.sampled_from(DiscountKind),
    value=st.integers(min_value=1, max_value=10_000),
    total=st.integers(min_value=0, max_value=10**12),
)
def test_a_discount_is_never_negative_nor_above_the_total(
    kind: DiscountKind, value: int, total: int
) -> None:
    terms = CodeTerms(kind=kind, value=value, currency="EUR", expires_at=NOW)
    assert 0 <= policy.discount_for(terms, total) <= total


@given(total=st.integers(min_value=1, max_value=10**9), bp=st.integers(1, 10_000))
def test_a_percentage_is_within_half_a_minor_unit_of_the_exact_share(total: int, bp: int) -> None:
    discount = policy.discount_for(replace(FIFTEEN_PERCENT, value=bp), total)
    exact_twice = 2 * total * bp  # twice the exact share, in 1/10000 of a minor unit
    assert abs(2 * discount * 10_000 - exact_twice) <= 10_000


def test_generated_codes_read_well_and_avoid_ambiguous_characters() -> None:
    codes = {policy.generate_code("THANKS") for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        prefix, tail = code.split("-")
        assert prefix == "THANKS"
        assert len(tail) == policy.CODE_RANDOM_LENGTH
        assert not set(tail) & set("0O1IL")


def test_codes_are_looked_up_as_customers_type_them() -> None:
    assert policy.normalise_code("  thanks-7kq 2mx ") == "THANKS-7KQ2MX"


@pytest.mark.parametrize("prefix", ["", "THANKS-2", "ÄRGER", "A" * 13, "12"])
def test_a_prefix_is_a_few_plain_letters(prefix: str) -> None:
    with pytest.raises(ValueError, match="prefix"):
        policy.normalise_prefix(prefix)


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        (replace(TEN_EUROS, value=0), "value"),
        (replace(TEN_EUROS, currency=None), "currency"),
        (replace(TEN_EUROS, currency="EURO"), "currency"),
        (replace(TEN_EUROS, currency="ÄÖÜ"), "currency"),
        (replace(TEN_EUROS, max_discount_minor=500), "max_discount_minor"),
        (replace(FIFTEEN_PERCENT, value=10_001), "value"),
        (replace(FIFTEEN_PERCENT, min_order_minor=2000), "currency"),
        (replace(TEN_EUROS, min_order_minor=-1), "min_order_minor"),
        (replace(TEN_EUROS, max_redemptions=0), "max_redemptions"),
        (replace(TEN_EUROS, expires_at=datetime(2026, 7, 1)), "expires_at"),
        (replace(TEN_EUROS, expires_at=NOW), "expires_at"),
    ],
)
def test_senseless_terms_are_refused_naming_the_field(terms: CodeTerms, field: str) -> None:
    with pytest.raises(policy.TermsError) as caught:
        policy.check_terms(terms, now=NOW)
    assert caught.value.field == field


def test_sensible_terms_pass() -> None:
    policy.check_terms(TEN_EUROS, now=NOW)
    policy.check_terms(replace(FIFTEEN_PERCENT, currency="EUR", max_discount_minor=2000), now=NOW)


def test_worst_case_cost_is_known_for_amounts_and_capped_percentages_only() -> None:
    assert policy.worst_case_cost(replace(TEN_EUROS, max_redemptions=3)) == 3000
    capped = replace(FIFTEEN_PERCENT, max_discount_minor=2000, max_redemptions=2)
    assert policy.worst_case_cost(capped) == 4000
    assert policy.worst_case_cost(FIFTEEN_PERCENT) is None
