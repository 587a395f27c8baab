"""Entities in customer messages, found by rules: order numbers, e-mail addresses, postal
codes (with a guessed country), SKUs, product names from a catalog, and dates.

Pure functions over text; nothing here touches a database. A span claimed by one kind
(an order number, a date) is not reported again as another (a postcode, a SKU).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from opsdesk.assistant.nlu import patterns
from opsdesk.assistant.nlu.dates import find_dates
from opsdesk.assistant.nlu.text import fold


class EntityKind(StrEnum):
    ORDER_NUMBER = "order_number"
    EMAIL = "email"
    POSTAL_CODE = "postal_code"
    SKU = "sku"
    PRODUCT = "product"
    DATE = "date"


@dataclass(frozen=True)
class Entity:
    kind: EntityKind
    text: str
    value: str
    start: int
    end: int
    country: str | None = None
    date: date | None = None


# A bare five-digit code is ambiguous (DE, FR, ES, US…): the message's language decides.
FIVE_DIGIT_COUNTRY = {"de": "DE", "fr": "FR", "es": "ES", "en": "US"}


class _Spans:
    """Spans already claimed by an entity, so later kinds skip them."""

    def __init__(self) -> None:
        self._taken: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self._taken)

    def claim(self, start: int, end: int) -> None:
        self._taken.append((start, end))


def find_emails(text: str, spans: _Spans | None = None) -> list[Entity]:
    spans = spans or _Spans()
    found = []
    for m in patterns.EMAIL.finditer(text):
        spans.claim(m.start(), m.end())
        found.append(Entity(EntityKind.EMAIL, m.group(), m.group().lower(), m.start(), m.end()))
    return found


def _order_value(raw: str) -> str:
    return raw.lower() if len(raw) == 32 else raw.upper()


def find_order_numbers(text: str, spans: _Spans | None = None) -> list[Entity]:
    spans = spans or _Spans()
    found: list[Entity] = []
    matches = [(m.start(), m.end()) for m in patterns.ORDER_NUMBER.finditer(text)]
    matches += [(m.start(1), m.end(1)) for m in patterns.ORDER_WORD_NUMBER.finditer(text)]
    for start, end in sorted(matches):
        if spans.free(start, end):
            spans.claim(start, end)
            raw = text[start:end]
            found.append(Entity(EntityKind.ORDER_NUMBER, raw, _order_value(raw), start, end))
    return found


def _postcode_matches(text: str, language: str | None) -> list[tuple[re.Match[str], str | None]]:
    return [
        *((m, "BR") for m in patterns.POSTCODE_BR.finditer(text)),
        *((m, "PT") for m in patterns.POSTCODE_PT.finditer(text)),
        *((m, "US") for m in patterns.POSTCODE_US_PLUS4.finditer(text)),
        *((m, "GB") for m in patterns.POSTCODE_UK.finditer(text)),
        *((m, "IE") for m in patterns.POSTCODE_IE.finditer(text)),
        *(
            (m, FIVE_DIGIT_COUNTRY.get(language or ""))
            for m in patterns.POSTCODE_FIVE.finditer(text)
        ),
    ]


def find_postal_codes(
    text: str, *, language: str | None = None, spans: _Spans | None = None
) -> list[Entity]:
    """Postal codes; ``country`` is an ISO code, or None when only a guess would do."""
    spans = spans or _Spans()
    found: list[Entity] = []
    for m, country in _postcode_matches(text, language):
        if spans.free(m.start(), m.end()):
            spans.claim(m.start(), m.end())
            value = m.group().upper()
            found.append(
                Entity(EntityKind.POSTAL_CODE, m.group(), value, m.start(), m.end(), country)
            )
    return sorted(found, key=lambda e: e.start)


def find_skus(
    text: str, *, known_skus: Iterable[str] = (), spans: _Spans | None = None
) -> list[Entity]:
    """SKUs: the catalog's own codes first, then "SKU-0042" and letter-digit-dash tokens."""
    spans = spans or _Spans()
    found: list[Entity] = []
    known = sorted({s for s in known_skus if s}, key=len, reverse=True)
    ranges = [(m.start(), m.end()) for sku in known for m in _whole(sku).finditer(text)]
    ranges += [(m.start(), m.end()) for m in patterns.SKU_PREFIXED.finditer(text)]
    ranges += [(m.start(), m.end()) for m in patterns.SKU_TOKEN.finditer(text)]
    for start, end in ranges:
        if spans.free(start, end):
            spans.claim(start, end)
            found.append(
                Entity(EntityKind.SKU, text[start:end], _sku_value(text[start:end]), start, end)
            )
    return sorted(found, key=lambda e: e.start)


def _sku_value(raw: str) -> str:
    prefixed = patterns.SKU_PREFIXED.fullmatch(raw)
    if prefixed and not raw.upper().startswith("SKU-"):
        return f"SKU-{prefixed.group(1)}".upper()
    return raw.upper()


def _whole(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE)


def find_products(text: str, catalog: Iterable[str], spans: _Spans | None = None) -> list[Entity]:
    """Catalog product names mentioned in the text, ignoring case and accents; longest first."""
    spans = spans or _Spans()
    folded = fold(text)
    found: list[Entity] = []
    for name in sorted({n for n in catalog if n.strip()}, key=len, reverse=True):
        for m in _whole(fold(name.strip())).finditer(folded):
            if spans.free(m.start(), m.end()):
                spans.claim(m.start(), m.end())
                found.append(
                    Entity(EntityKind.PRODUCT, text[m.start() : m.end()], name, m.start(), m.end())
                )
    return sorted(found, key=lambda e: e.start)


def find_date_entities(
    text: str, reference: date, *, language: str | None = None, spans: _Spans | None = None
) -> list[Entity]:
    spans = spans or _Spans()
    found: list[Entity] = []
    for d in find_dates(text, reference, month_first=language == "en"):
        if spans.free(d.start, d.end):
            spans.claim(d.start, d.end)
            found.append(
                Entity(EntityKind.DATE, d.text, d.date.isoformat(), d.start, d.end, date=d.date)
            )
    return found


def extract_entities(
    text: str,
    *,
    reference_date: date,
    language: str | None = None,
    catalog: Iterable[str] = (),
    known_skus: Iterable[str] = (),
) -> list[Entity]:
    """Every entity in ``text``, in reading order.

    The order of kinds matters: e-mails and order numbers are the most specific, dates
    come before postcodes and SKUs so that "03-05-2026" is a date, not a code.
    """
    spans = _Spans()
    entities = [
        *find_emails(text, spans),
        *find_order_numbers(text, spans),
        *find_products(text, catalog, spans),
        *find_date_entities(text, reference_date, language=language, spans=spans),
        *find_postal_codes(text, language=language, spans=spans),
        *find_skus(text, known_skus=known_skus, spans=spans),
    ]
    return sorted(entities, key=lambda e: e.start)
