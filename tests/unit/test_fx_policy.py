"""Exchange rates as values: converting minor units with each currency's exponent,
rounding, and which codes and rates are accepted."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal

import pytest

from opsdesk import fx

DAY = date(2026, 11, 1)


def _rate(base: str, quote: str, rate: str) -> fx.Rate:
    return fx.Rate(base, quote, Decimal(rate), DAY)


def test_euro_cents_become_pence_and_centavos_at_the_rate() -> None:
    gbp, brl = _rate("EUR", "GBP", "0.86"), _rate("EUR", "BRL", "5.6")
    assert gbp.convert(1_000) == 860  # 10.00 EUR = 8.60 GBP
    assert brl.convert(490) == 2_744  # 4.90 EUR = 27.44 BRL
    assert gbp.convert(490) == 421  # 4.214 GBP: half up, to the penny
    assert gbp.convert_back(4_070) == 4_733  # 40.70 GBP = 47.3256 EUR


def test_rounding_is_half_up_unless_asked_otherwise() -> None:
    rate = _rate("EUR", "GBP", "0.8567")  # 4.90 EUR = 4.19783 GBP
    assert rate.convert(490) == 420
    assert rate.convert(490, ROUND_DOWN) == 419
    assert _rate("EUR", "GBP", "0.85").convert(1) == 1  # 0.0085 GBP: half a penny and more
    assert _rate("EUR", "GBP", "0.85").convert(1, ROUND_DOWN) == 0


def test_a_zero_decimal_currency_has_no_cents_to_round_to() -> None:
    jpy = _rate("EUR", "JPY", "161.23")
    assert fx.minor_digits("JPY") == 0
    assert jpy.convert(490) == 790  # 4.90 EUR = 790.027 JPY
    assert jpy.convert(1_000) == 1_612  # 10.00 EUR = 1612.3 JPY
    assert _rate("EUR", "JPY", "160").convert_back(1_000) == 625  # 1000 JPY = 6.25 EUR
    assert _rate("JPY", "EUR", "0.00625").convert(1_000) == 625


def test_a_three_decimal_currency_gets_its_thousandths() -> None:
    assert fx.minor_digits("KWD") == 3
    assert _rate("EUR", "KWD", "0.3329").convert(1_000) == 3_329  # 10.00 EUR = 3.329 KWD
    assert _rate("KWD", "EUR", "3.0039").convert(1_000) == 300  # 1.000 KWD = 3.0039 EUR


def test_large_amounts_convert_exactly_without_floats() -> None:
    rate = _rate("EUR", "GBP", "0.123456789012345")
    assert rate.convert(10**12) == 123_456_789_012  # 10 billion EUR, to the penny
    assert rate.convert_back(123_456_789_012) == 999_999_999_997  # back, to the cent


def test_the_identity_converts_nothing() -> None:
    same = fx.Rate.identity("eur", DAY)
    assert (same.base, same.quote, same.converts) == ("EUR", "EUR", False)
    assert same.convert(4_990) == same.convert_back(4_990) == 4_990


def test_the_rates_of_a_day_know_their_own_currency_and_nothing_they_were_not_given() -> None:
    rates = fx.DayRates("EUR", DAY, {"GBP": _rate("EUR", "GBP", "0.86")})
    assert rates.to("gbp") == _rate("EUR", "GBP", "0.86")
    assert rates.to("EUR") == fx.Rate.identity("EUR", DAY)
    assert rates.to("BRL") is None


def test_a_rate_reads_as_one_unit_of_the_base_with_its_day() -> None:
    assert str(_rate("EUR", "GBP", "0.8600")) == "1 EUR = 0.86 GBP (valid from 2026-11-01)"
    assert str(_rate("EUR", "JPY", "1.6E+2")) == "1 EUR = 160 JPY (valid from 2026-11-01)"
    assert fx.rate_text(Decimal("0.0000580234")) == "0.0000580234"


@pytest.mark.parametrize(
    ("given", "stored"),
    [("0.8600", "0.86"), ("160", "160"), (" 5.6 ", "5.6"), ("0.0000580234", "0.0000580234"),
     ("99999999.9999999", "99999999.9999999"), (7, "7")],
)  # fmt: skip
def test_a_positive_rate_is_accepted_and_normalised(given: str | int, stored: str) -> None:
    assert fx.checked_rate(given) == Decimal(stored)


@pytest.mark.parametrize(
    ("given", "why"),
    [("0", "positive"), ("-0.86", "positive"), ("NaN", "positive"), ("Infinity", "positive"),
     ("abc", "not a decimal number"), ("0.00000000001", "10 decimal places"),
     ("100000000", "below 100,000,000"), ("1234567.123456789", "significant digits"),
     ("1E+9999999999", "below 100,000,000"), ("1E-9999999999", "10 decimal places")],
)  # fmt: skip
def test_a_rate_that_cannot_be_kept_exactly_or_makes_no_sense_is_refused(
    given: str, why: str
) -> None:
    with pytest.raises(ValueError, match=why):
        fx.checked_rate(given)


def test_a_rate_read_back_as_a_double_is_the_rate_that_was_set() -> None:
    assert fx.stored_rate(12345678.1234567) == Decimal("12345678.1234567")
    assert fx.stored_rate(Decimal("0.8600000000")) == Decimal("0.86")


def test_currency_codes_are_iso_4217_in_any_case() -> None:
    assert fx.currency_code(" gbp ") == "GBP"
    assert fx.currency_code("JPY") == "JPY"
    for bad in ("ABC", "EURO", "€", "E1R", ""):
        with pytest.raises(ValueError, match="currency code"):
            fx.currency_code(bad)
