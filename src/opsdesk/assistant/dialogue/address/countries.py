"""Country names a customer may end an address with, in the five chat languages and the
countries' own, read from Babel's territory names (the ISO codes too, but only where they
cannot be a US or Brazilian state)."""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale

from opsdesk import customers

# Where the store ships, in the order a code with no country is tried ("10115": DE first).
SHIPPING_COUNTRIES = ("DE", "IE", "GB", "FR", "ES", "PT", "BR", "US", "NL", "IT", "AT", "CH", "BE")
# Town before the postal code ("Cork T12 AB34", "London SW1A 2AA", "Mountain View, CA 94043").
TOWN_FIRST = frozenset({"IE", "GB", "US"})
# The postal code sits on a line of its own, after town and state ("São Paulo - SP").
CODE_LAST = frozenset({"BR", "US"})
_LANGUAGES = ("en", "de", "fr", "es", "pt", "nl", "it")
_ALIASES = {
    "uk": "GB", "u.k.": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "usa": "US", "u.s.a.": "US", "u.s.": "US",
    "eire": "IE", "republic of ireland": "IE", "holland": "NL", "brasil": "BR",
    "deutschland": "DE", "osterreich": "AT", "schweiz": "CH", "suisse": "CH",
    "svizzera": "CH", "italia": "IT", "nederland": "NL", "belgie": "BE", "belgique": "BE",
}  # fmt: skip


def fold(text: str) -> str:
    """Lower case without accents or surrounding punctuation: "Österreich." → "osterreich"."""
    decomposed = unicodedata.normalize("NFKD", text.strip().strip(".!").lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@cache
def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for language in _LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(fold(name), code)
    names.update(_ALIASES)
    return names


def country_named(text: str, *, default: str | None = None) -> str | None:
    """The ISO code of the country ``text`` names, or None when it names none."""
    cleaned = text.strip().strip(".")
    if fold(cleaned) in _ALIASES:
        return _ALIASES[fold(cleaned)]
    if len(cleaned) == 2 and cleaned.isupper():
        states = customers.region_codes(default) if default else frozenset()
        known = cleaned in Locale.parse("en").territories
        return cleaned if known and cleaned not in states else None
    return _names().get(fold(cleaned))


def country_name(code: str, language: str) -> str:
    """``code``'s name in ``language`` ("IE", "de" → "Irland")."""
    try:
        return str(Locale.parse(language).territories.get(code, code))
    except (ValueError, TypeError):
        return code
