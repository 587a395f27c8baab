"""The assistant's sentences per language, and dates and money in the customer's locale.

Templates live in ``locales/<language>.json`` (written here for en, de, fr, es, pt; a
unit test keeps them complete, with the same placeholders). Dates are formatted by
Babel for the customer's full locale ("de-AT", "pt-BR") in their time zone.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import format_currency, get_currency_precision

from opsdesk.assistant.nlu import LANGUAGES

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
FALLBACK = "en"


@cache
def templates(language: str) -> dict[str, str]:
    path = LOCALES_DIR / f"{language}.json"
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def language_of(locale: str | None) -> str:
    """The supported language of a BCP 47 locale ("pt-BR" → "pt"), else English."""
    language = (locale or "").replace("_", "-").split("-")[0].lower()
    return language if language in LANGUAGES else FALLBACK


def _babel_locale(locale: str, language: str) -> Locale:
    """The customer's own locale when it speaks ``language``, else that language plainly."""
    try:
        parsed = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(language)
    return parsed if parsed.language == language else Locale.parse(language)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


@dataclass(frozen=True)
class Voice:
    """Speaks one language: templates, plus dates and money formatted for the customer."""

    language: str
    locale: str
    timezone: str

    @classmethod
    def for_customer(cls, language: str, locale: str, timezone: str) -> Voice:
        return cls(language_of(language), locale or language, timezone or "UTC")

    def say(self, key: str, **values: object) -> str:
        template = templates(self.language).get(key) or templates(FALLBACK)[key]
        return template.format(**values)

    @property
    def _babel(self) -> Locale:
        return _babel_locale(self.locale, self.language)

    def day(self, value: date) -> str:
        """ "Thursday, 19 November 2026" / "Donnerstag, 19. November 2026"."""
        return format_date(value, format="full", locale=self._babel)

    def moment(self, value: datetime) -> str:
        """A point in time in the customer's zone: "19 Nov 2026, 16:00"."""
        local = value.astimezone(_zone(self.timezone))
        when = format_date(local.date(), format="medium", locale=self._babel)
        return f"{when}, {format_time(local.time(), format='short', locale=self._babel)}"

    def local_date(self, value: datetime) -> date:
        return value.astimezone(_zone(self.timezone)).date()

    def money(self, amount_minor: int, currency: str) -> str:
        exponent = get_currency_precision(currency)
        return format_currency(amount_minor / 10**exponent, currency, locale=self._babel)
