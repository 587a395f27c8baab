"""Pure rules for customer data: how e-mails, locales, time zones and tags are normalised.

Each function returns the canonical value or raises ``ValueError`` with a reason a person
can act on; schemas and services turn that into a 422 naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from zoneinfo import available_timezones

from babel import Locale, UnknownLocaleError

MAX_TAGS = 20
MAX_TAG_LENGTH = 40
# Spelled without \s, whose meaning differs between Python, Rust (pydantic) and the
# ECMAScript regexes of JSON Schema: the schema's pattern (customers.schemas) is this one.
EMAIL_PART = r"[^@ \t\n\r\x00-\x1f\x7f]+"
EMAIL_PATTERN = rf"^[ \t\n\r]*{EMAIL_PART}@{EMAIL_PART}\.{EMAIL_PART}[ \t\n\r]*$"
_EMAIL = re.compile(EMAIL_PATTERN)
_PHONE = re.compile(r"^\+?[0-9 ()./-]{3,40}$")
_LOCALE_SHAPE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")


def normalise_email(value: str) -> str:
    email = value.strip(" \t\n\r").lower()
    if len(email) > 254 or not _EMAIL.match(email):
        raise ValueError(f"{value!r} is not an e-mail address")
    return email


def normalise_phone(value: str) -> str:
    phone = " ".join(value.split())
    if phone and not _PHONE.match(phone):
        raise ValueError("a phone number may hold only digits, spaces, + ( ) . / and -")
    return phone


def normalise_locale(value: str) -> str:
    """Return the BCP 47 spelling (``pt-BR``) of a locale Babel knows."""
    if not _LOCALE_SHAPE.match(value.strip()):
        raise ValueError(f"{value!r} is not a locale such as en, de or pt-BR")
    try:
        locale = Locale.parse(value.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise ValueError(f"unknown locale {value!r}") from exc
    return str(locale).replace("_", "-")


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def validate_timezone(value: str) -> str:
    """Accept only IANA names (``Europe/Berlin``), never offsets or abbreviations."""
    name = value.strip()
    if name not in _time_zones():
        raise ValueError(f"{value!r} is not an IANA time zone such as Europe/Berlin")
    return name


def normalise_tags(tags: Iterable[str]) -> list[str]:
    """Lower-case, trimmed, unique tags in their first-seen order."""
    result: list[str] = []
    for raw in tags:
        tag = " ".join(raw.split())
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise ValueError(f"tag {raw!r} is longer than {MAX_TAG_LENGTH} characters")
        tag = tag.lower()
        if tag not in result:
            result.append(tag)
    if len(result) > MAX_TAGS:
        raise ValueError(f"a customer may have at most {MAX_TAGS} tags")
    return result


def normalise_country(value: str) -> str:
    country = value.strip().upper()
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        raise ValueError(f"{value!r} is not a two-letter ISO country code")
    return country
