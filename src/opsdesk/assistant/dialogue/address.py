"""Reading a new delivery address typed into the chat ("Hauptstraße 5, 10115 Berlin").

Pure and deliberately strict: a street with a house number, and a postal code with a
town, separated by commas or line breaks. Anything less is asked for again rather than
guessed — a parcel sent to a half-understood address is worse than one more question.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

_POSTCODE_TOWN = re.compile(
    r"^(?P<code>\d{5}-\d{3}|\d{4,5}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})\s+(?P<town>\D{2,})$",
    re.IGNORECASE,
)
_TOWN_POSTCODE = re.compile(
    r"^(?P<town>\D{2,}?)\s+(?P<code>[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|\d{5}(?:-\d{4})?)$",
    re.IGNORECASE,
)
_COUNTRIES = {
    "germany": "DE", "deutschland": "DE", "allemagne": "DE", "alemania": "DE",
    "alemanha": "DE", "austria": "AT", "österreich": "AT", "france": "FR",
    "frankreich": "FR", "francia": "FR", "frança": "FR", "spain": "ES", "spanien": "ES",
    "espagne": "ES", "españa": "ES", "espanha": "ES", "portugal": "PT", "brazil": "BR",
    "brasil": "BR", "brasilien": "BR", "brésil": "BR", "netherlands": "NL",
    "belgium": "BE", "switzerland": "CH", "schweiz": "CH", "suisse": "CH",
    "italy": "IT", "italien": "IT", "united kingdom": "GB", "uk": "GB",
    "united states": "US", "usa": "US",
}  # fmt: skip
_ISO = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class NewAddress:
    line1: str
    postal_code: str
    city: str
    line2: str = ""
    country: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


def _country(part: str) -> str | None:
    cleaned = part.strip().rstrip(".")
    if _ISO.match(cleaned):
        return cleaned
    return _COUNTRIES.get(cleaned.lower())


def _postcode_and_town(part: str) -> tuple[str, str] | None:
    cleaned = " ".join(part.split())
    for pattern in (_POSTCODE_TOWN, _TOWN_POSTCODE):
        match = pattern.match(cleaned)
        if match:
            return match.group("code").upper(), match.group("town").strip(" .")
    return None


def parse_address(text: str) -> NewAddress | None:
    """The address in ``text``, or None when street, postal code or town is missing."""
    parts = [p.strip() for p in re.split(r"[,\n;]+", text) if p.strip()]
    if len(parts) < 2 or len(parts) > 4:
        return None
    country = _country(parts[-1]) if len(parts) > 2 else None
    if country:
        parts = parts[:-1]
    street, place = parts[0], _postcode_and_town(parts[-1])
    has_number = any(c.isdigit() for c in street) and any(c.isalpha() for c in street)
    if place is None or not has_number or len(street) > 200:
        return None
    line2 = ", ".join(parts[1:-1])[:200]
    return NewAddress(street, place[0], place[1][:120], line2=line2, country=country)
