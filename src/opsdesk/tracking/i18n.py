"""The tracking page's own strings in every supported language, and Babel for dates.

Each locale is one JSON file in ``locales/`` mapping a key to a sentence with
``{named}`` placeholders. A unit test keeps every locale complete and its
placeholders equal to English's, so a missing string is a failing test, never a gap
on the page. The store addresses customers formally on this page (Sie, vous, usted).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, format_time

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LOCALES = ("en", "de", "fr", "es", "pt-BR")
LANGUAGE_NAMES = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "pt-BR": "Português",
}


@cache
def catalogue(locale: str) -> dict[str, str]:
    with (LOCALES_DIR / f"{locale}.json").open(encoding="utf-8") as handle:
        data: dict[str, str] = json.load(handle)
    return data


def supported_locale(tag: str | None) -> str | None:
    """The supported locale closest to a BCP 47 tag (``de-AT`` → ``de``, ``pt`` → ``pt-BR``)."""
    if not tag:
        return None
    wanted = tag.strip().replace("_", "-")
    for locale in LOCALES:
        if wanted.casefold() == locale.casefold():
            return locale
    language = wanted.split("-")[0].casefold()
    return next((loc for loc in LOCALES if loc.split("-")[0] == language), None)


def formatting_locale(locale: str, *preferences: str | None) -> str:
    """The most specific tag in ``locale``'s language among ``preferences`` (``en-GB`` for
    ``en``), for dates and numbers: a British customer reads English texts, British dates."""
    language = locale.split("-")[0].casefold()
    for tag in preferences:
        wanted = (tag or "").strip().replace("_", "-")
        if "-" not in wanted or wanted.split("-")[0].casefold() != language:
            continue
        try:
            Locale.parse(wanted.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            continue
        return wanted
    return locale


def choose_locale(*preferences: str | None) -> str:
    """The first supported of the given tags (``?lang=``, customer, order, store), else English."""
    for tag in preferences:
        locale = supported_locale(tag)
        if locale is not None:
            return locale
    return "en"


def zone(name: str | None, fallback: str = "UTC") -> ZoneInfo:
    for candidate in (name, fallback, "UTC"):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


@dataclass(frozen=True)
class Translator:
    """Strings, dates and times in one customer's language and time zone."""

    locale: str
    timezone: ZoneInfo
    formats: str = ""  # the tag dates and numbers follow (``en-GB``); default: ``locale``

    def __call__(self, key: str, **params: object) -> str:
        text = catalogue(self.locale).get(key) or catalogue("en").get(key, key)
        return text.format(**params) if params else text

    @property
    def babel(self) -> Locale:
        return Locale.parse((self.formats or self.locale).replace("-", "_"))

    @property
    def html_lang(self) -> str:
        return self.locale

    def carrier_event(self, code: str, description: str) -> tuple[str, str]:
        """A carrier scan in the customer's words: the sentence for the carrier's event code
        and, as a secondary line, the carrier's own message (English, most often). A code
        without a sentence leaves the carrier's message as the only text."""
        raw = description.strip()
        key = f"carrier_event.{code}"
        if not code or key not in catalogue("en"):
            return raw, ""
        sentence = self(key)
        return sentence, "" if raw.casefold() == sentence.casefold() else raw

    def date(self, value: dt.date | None, style: str = "full") -> str:
        if value is None:
            return ""
        return format_date(value, style, locale=self.babel)

    def detail(self, value: dt.date | str | None) -> str:
        """A timeline entry's fact: dates in the customer's format, text as it is."""
        if isinstance(value, dt.date):
            return self.date(value, "medium")
        return value or ""

    def local_date(self, value: dt.datetime) -> dt.date:
        return value.astimezone(self.timezone).date()

    def datetime(self, value: dt.datetime | None) -> str:
        """A moment as the customer's wall clock shows it: short date, then the time."""
        if value is None:
            return ""
        local = value.astimezone(self.timezone)
        day = format_skeleton("yMMMd", local, locale=self.babel)
        return f"{day} · {format_time(local, 'short', locale=self.babel)}"
