"""Strict types for input from outside, shared by every module's schemas, so that what
pydantic checks and what the OpenAPI document says (``web.openapi``) agree.

Pydantic's defaults are lenient where a mistake is costly: a ``datetime`` takes ``0.5``
as half a second after 1970, a three-letter pattern takes ``XXX`` ("no currency"), a lax
``int`` takes ``"3"`` and ``true``, a lax ``float`` takes ``true``. And strict where JSON
is not: a strict ``int`` refuses ``3.0``, which JSON (and JSON Schema) call an integer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any
from zoneinfo import available_timezones

from babel import Locale
from babel.localedata import locale_identifiers
from babel.numbers import get_territory_currencies
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema


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


_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")


def iso_datetime(value: Any) -> Any:
    """Refuse what pydantic would read as seconds since 1970 (``0.5``, ``1733570000``);
    anything else is left to its ISO 8601 / RFC 3339 parser."""
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError(f"{value!r} is not an ISO 8601 date-time such as 2026-12-07T10:00:00Z")
    return value


IsoDateTime = Annotated[datetime, BeforeValidator(iso_datetime)]


def whole_number(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("expected a whole number, not true or false")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValueError("expected a whole number")


WholeNumber = Annotated[int, BeforeValidator(whole_number)]


# Closed vocabularies the API accepts, each documented once as a component of the OpenAPI
# document (``web.openapi`` adds them) and referenced wherever a field takes one.
def time_zone_names() -> list[str]:
    return sorted(available_timezones())


def currency_codes() -> list[str]:
    return sorted(_in_circulation(date.today()))


def locale_codes() -> list[str]:
    return sorted({code.replace("_", "-") for code in locale_identifiers()})


VOCABULARY_KEY = "x-vocabulary"
VOCABULARIES: dict[str, tuple[str, Callable[[], list[str]]]] = {
    "TimeZoneName": ("An IANA time zone, e.g. Europe/Berlin", time_zone_names),
    "CurrencyCode": ("ISO 4217 code of a currency in circulation, e.g. EUR", currency_codes),
    "LocaleCode": ("A BCP 47 locale Babel knows, e.g. de or pt-BR", locale_codes),
}


def documented_as(component: str) -> WithJsonSchema:
    """Annotate a field as taking one of ``VOCABULARIES`` (validation stays the field's own)."""
    if component not in VOCABULARIES:
        raise KeyError(component)
    # A marker web.openapi turns into a $ref to the component (pydantic resolves a $ref
    # given here against its own definitions, where the component does not exist).
    return WithJsonSchema({"type": "string", VOCABULARY_KEY: component})


# Any case in, upper case out ("eur" → "EUR"); money in circulation only (not XXX, DEM).
SaleCurrency = Annotated[
    str,
    Field(min_length=3, max_length=3, pattern=r"^[A-Za-z]{3}$"),
    AfterValidator(sale_currency),
    documented_as("CurrencyCode"),
]


def number(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("expected a number, not true or false")
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return value
    raise ValueError("expected a finite number")


# A JSON number: not a string ("52.5") and not true/false, which lax floats take.
Number = Annotated[float, BeforeValidator(number)]
Latitude = Annotated[Number, Field(ge=-90, le=90)]
Longitude = Annotated[Number, Field(ge=-180, le=180)]
