"""Exchange rates as values: which codes and rates are valid, and converting minor units.

A rate says what one unit of ``base`` is worth in ``quote`` from ``valid_from`` on
(1 EUR = 0.86 GBP); it is directional, as set. Amounts are integer minor units of each
currency's ISO 4217 exponent (babel's precision: EUR 2, JPY 0, KWD 3), converted through
``Decimal`` — no float ever touches money here. No I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from babel.numbers import get_currency_precision, is_currency

# Stored as NUMERIC(18, 10): at most 8 digits before the point and 10 after it. At most
# 15 significant digits, so that every backend keeps the rate exactly (SQLite stores a
# NUMERIC as a double, which holds 15).
MAX_WHOLE_DIGITS = 8
MAX_DECIMALS = 10
MAX_SIGNIFICANT_DIGITS = 15
# Far beyond any amount times any rate: products and quotients stay exact to the unit.
_PRECISION = 60


def currency_code(code: str) -> str:
    """The upper-case ISO 4217 code, or ValueError naming what is wrong."""
    cleaned = code.strip().upper()
    if len(cleaned) != 3 or not cleaned.isascii() or not cleaned.isalpha():
        raise ValueError(f"{code!r} is not a 3-letter currency code")
    if not is_currency(cleaned):
        raise ValueError(f"{cleaned} is not an ISO 4217 currency code")
    return cleaned


def checked_rate(value: Decimal | str | int) -> Decimal:
    """A positive rate the database keeps exactly, normalised (``0.8600`` → ``0.86``)."""
    try:
        rate = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError(f"{value!r} is not a decimal number") from exc
    if not rate.is_finite() or rate <= 0:
        raise ValueError("a rate must be a positive number")
    # Measured on the digits as given: normalising first could overflow or underflow
    # the context on an absurd exponent (1E+9999999999, 1E-9999999999).
    _sign, given, exponent = rate.as_tuple()
    assert isinstance(exponent, int)  # finite
    digits = list(given)
    while len(digits) > 1 and digits[-1] == 0:
        digits.pop()
        exponent += 1
    if max(0, -exponent) > MAX_DECIMALS:
        raise ValueError(f"a rate has at most {MAX_DECIMALS} decimal places")
    if len(digits) + exponent > MAX_WHOLE_DIGITS:
        raise ValueError(f"a rate must be below {10**MAX_WHOLE_DIGITS:,}")
    if len(digits) > MAX_SIGNIFICANT_DIGITS:
        raise ValueError(f"a rate has at most {MAX_SIGNIFICANT_DIGITS} significant digits")
    return rate.normalize()


def stored_rate(value: Decimal | float) -> Decimal:
    """A rate as read back from the database, exactly as it was set: SQLite hands back a
    double, whose digits beyond the 15th are noise."""
    with localcontext() as ctx:
        ctx.prec = MAX_SIGNIFICANT_DIGITS
        return (+Decimal(value)).normalize()


def rate_text(rate: Decimal) -> str:
    """``0.86``, ``160``, ``0.0000580234``: plain digits, never ``1.6E+2``."""
    return f"{rate.normalize():f}"


def minor_digits(currency: str) -> int:
    return int(get_currency_precision(currency.upper()))


@dataclass(frozen=True)
class Rate:
    """1 ``base`` = ``rate`` ``quote``, valid from ``valid_from`` until a later rate."""

    base: str
    quote: str
    rate: Decimal
    valid_from: date

    @classmethod
    def identity(cls, currency: str, day: date) -> Rate:
        return cls(currency.upper(), currency.upper(), Decimal(1), day)

    @property
    def converts(self) -> bool:
        return self.base != self.quote

    def convert(self, minor: int, rounding: str = ROUND_HALF_UP) -> int:
        """``minor`` units of ``base`` in minor units of ``quote``, rounded as asked."""
        with localcontext() as ctx:
            ctx.prec = _PRECISION
            major = Decimal(minor).scaleb(-minor_digits(self.base))
            quoted = (major * self.rate).scaleb(minor_digits(self.quote))
            return int(quoted.to_integral_value(rounding=rounding))

    def convert_back(self, minor: int, rounding: str = ROUND_HALF_UP) -> int:
        """``minor`` units of ``quote`` in minor units of ``base`` (divided, not inverted
        first, so nothing is lost to a rounded inverse)."""
        with localcontext() as ctx:
            ctx.prec = _PRECISION
            major = Decimal(minor).scaleb(-minor_digits(self.quote))
            based = (major / self.rate).scaleb(minor_digits(self.base))
            return int(based.to_integral_value(rounding=rounding))

    @property
    def pair(self) -> str:
        return f"{self.base}→{self.quote}"

    @property
    def equation(self) -> str:
        """``1 EUR = 0.86 GBP``"""
        return f"1 {self.base} = {rate_text(self.rate)} {self.quote}"

    def __str__(self) -> str:
        return f"{self.equation} (valid from {self.valid_from})"


@dataclass(frozen=True)
class DayRates:
    """The rates from ``base`` in effect on ``day``, for the currencies looked up."""

    base: str
    day: date
    rates: Mapping[str, Rate] = field(default_factory=dict)

    def to(self, quote: str) -> Rate | None:
        """The rate into ``quote`` that day; 1 for ``base`` itself; None when unknown."""
        wanted = quote.upper()
        if wanted == self.base.upper():
            return Rate.identity(wanted, self.day)
        return self.rates.get(wanted)
