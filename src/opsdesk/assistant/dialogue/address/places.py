"""The postal code and town of a typed address, checked against the country's format.

The code is looked for from the last line up; the town is beside it ("10115 Berlin",
"Cork T12 AB34", "London SW1A 2AA") or on the line next to it ("Mountain View, CA 94043",
"São Paulo - SP, 01310-100", "Cork, T12AB34"). A US or Brazilian state next to the town
becomes the region and takes part in the check (a Californian ZIP starts with 9).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from opsdesk import customers
from opsdesk.assistant.dialogue.address import streets
from opsdesk.assistant.dialogue.address.countries import SHIPPING_COUNTRIES, TOWN_FIRST

_TOWN = re.compile(r"[^\W\d_][\w'’.\- ]*?(?:\s(?:cedex(?:\s\d{1,2})?|\d{1,2}))?", re.IGNORECASE)
MAX_TOWN_WORDS = 6
MAX_TOWN_CHARS = 120
_DISTRICT = re.compile(r"[^\W\d_][^\d]*\s\d{1,2}")  # "Dublin 2"


@dataclass(frozen=True)
class Place:
    code: str = ""  # written the country's way; "" when none was found
    town: str = ""
    region: str = ""
    country: str | None = None  # whose format the code fits (None: no code or no guess)
    wrong_code: str = ""  # a code that fits another country, not the address's
    rest: list[str] = field(default_factory=list)  # the lines left for the street


def town_or_empty(text: str) -> str:
    cleaned = " ".join(text.strip(" ,-").split())
    words = cleaned.split()
    too_long = len(words) > MAX_TOWN_WORDS or len(cleaned) > MAX_TOWN_CHARS
    if not words or too_long or not _TOWN.fullmatch(cleaned):
        return ""
    return cleaned


def _region_suffix(text: str, country: str | None) -> tuple[str, str]:
    """ "Mountain View CA" → ("Mountain View", "CA"); "São Paulo - SP" → ("São Paulo", "SP")."""
    if country is None:
        return text, ""
    match = re.search(r"(?:^|\s*[-/,]\s*|\s+)([A-Z]{2})$", text.strip())
    if match and match.group(1) in customers.region_codes(country):
        return text[: match.start()].strip(" ,-"), match.group(1)
    return text, ""


def _codes(part: str, countries: tuple[str, ...]) -> tuple[str, tuple[int, int, str]] | None:
    for country in countries:
        found = customers.find_postal_codes(country, part)
        if found:
            return country, found[-1]
    return None


def _locate(parts: list[str], home: str | None) -> tuple[int, str, tuple[int, int, str], bool]:
    """The line, country and code found, and whether the code fits ``home``."""
    tried = (home,) if home else SHIPPING_COUNTRIES
    for index in range(len(parts) - 1, -1, -1):
        hit = _codes(parts[index], tried)
        if hit is not None:
            return index, hit[0], hit[1], True
    if home:  # a code of another country: say so rather than guess
        others = tuple(c for c in SHIPPING_COUNTRIES if c != home)
        for index in range(len(parts) - 1, -1, -1):
            hit = _codes(parts[index], others)
            if hit is not None and not streets.has_street_word(parts[index]):
                return index, hit[0], hit[1], False
    return -1, "", (0, 0, ""), False


def find_place(parts: list[str], home: str | None) -> Place:
    index, country, (start, end, code), fits = _locate(parts, home)
    if index < 0:
        return _without_code(parts)
    part, rest = parts[index], list(parts)
    before, after = part[:start].strip(" ,-"), part[end:].strip(" ,-")
    before, region = _region_suffix(before, country if fits else None)
    town, street_text = town_or_empty(after), ""
    if not town and before:
        if streets.house_number(before) and not town_or_empty(before):
            street_text, town = streets.split_town(before)
            town = town_or_empty(town)
        else:
            town, before = town_or_empty(before), ""
    elif before:
        street_text = before
    rest[index : index + 1] = [street_text] if street_text else []
    if not town:
        town, region, rest = _town_nearby(rest, index, country if fits else None, region)
    if fits and region and customers.normalise_postal_code(country, code, region) is None:
        fits = False  # a ZIP of another state
    if not fits:
        return Place(town=town, region=region, country=home, wrong_code=code, rest=rest)
    return Place(code, town, region, country, rest=rest)


def _town_nearby(
    rest: list[str], index: int, country: str | None, region: str
) -> tuple[str, str, list[str]]:
    """A town on the line before the code (town-first countries, "Cork, T12AB34") or after."""
    order = (index - 1, index) if country in TOWN_FIRST or country == "BR" else (index, index - 1)
    for at in order:
        numbered = streets.house_number(rest[at]) if 0 <= at < len(rest) else None
        if 0 <= at < len(rest) and (not numbered or _DISTRICT.fullmatch(rest[at].strip())):
            text, found_region = _region_suffix(rest[at], country)
            town = town_or_empty(text)
            if town and not streets.has_street_word(text):
                return town, region or found_region, rest[:at] + rest[at + 1 :]
    return "", region, rest


def _without_code(parts: list[str]) -> Place:
    """No postal code at all: the last line may still be the town ("5 Main Street, Cork")."""
    if len(parts) >= 2:
        town = town_or_empty(parts[-1])
        if town and not streets.house_number(parts[-1]) and not streets.has_street_word(town):
            return Place(town=town, rest=parts[:-1])
    return Place(rest=list(parts))
