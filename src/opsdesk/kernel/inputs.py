"""Strict types for input from outside: a currency a shop can really sell in, a date-time
written as ISO 8601 (never a number of seconds).

Pydantic's defaults are lenient where a mistake is costly: a ``datetime`` takes ``0.5``
as half a second after 1970, and a three-letter pattern takes ``XXX`` ("no currency").
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any

from babel import Locale
from babel.numbers import get_territory_currencies
from pydantic import AfterValidator, BeforeValidator, Field


@cache
def _in_circulation(day: date) -> frozenset[str]:
    """ISO 4217 codes that are legal tender somewhere on ``day`` (CLDR's data, by babel):
    no testing or "no currency" codes (XTS, XXX), precious metals, funds or retired money."""
    codes: set[str] = set()
    for territory in Locale("en").territories:
        if isinstance(territory, str) and territory.isalpha():  # not regions such as "001"
            codes.update(get_territory_currencies(territory, day, tender=True))
    return frozenset(codes)


def is_sellable(code: str) -> bool:
    return code in _in_circulation(date.today())


def sale_currency(value: str) -> str:
    """An upper-case ISO 4217 code of money in circulation; ValueError otherwise."""
    code = value.upper()
    if not is_sellable(code):
        raise ValueError(f"{value!r} is not the ISO 4217 code of a currency in circulation")
    return code


SaleCurrency = Annotated[
    str,
    Field(min_length=3, max_length=3, pattern=r"^[A-Za-z]{3}$",
          description="ISO 4217 code of a currency in circulation (EUR, USD, BRL …)"),
    AfterValidator(sale_currency),
]  # fmt: skip


_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")


def iso_datetime(value: Any) -> Any:
    """Refuse what pydantic would read as seconds since 1970 (``0.5``, ``1733570000``);
    anything else is left to its ISO 8601 / RFC 3339 parser."""
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError(f"{value!r} is not an ISO 8601 date-time such as 2026-12-07T10:00:00Z")
    return value


IsoDateTime = Annotated[datetime, BeforeValidator(iso_datetime)]
