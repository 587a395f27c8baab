"""Reading a whole typed address, or saying precisely what is missing from it.

Strict on purpose: a street (with a house number, except in Ireland where the Eircode
names the building), a postal code of the address's country and a town, or a reading
that names what is missing — a parcel sent to a half-understood address is worse than
one more, specific, question.
"""

from __future__ import annotations

import enum
import re
from dataclasses import asdict, dataclass

from opsdesk.assistant.dialogue.address import streets
from opsdesk.assistant.dialogue.address.countries import country_named
from opsdesk.assistant.dialogue.address.places import Place, find_place

MAX_PARTS = 8
NUMBER_OPTIONAL = frozenset({"IE"})  # an Eircode identifies the building


class Missing(enum.StrEnum):
    STREET = "street"
    HOUSE_NUMBER = "house_number"
    POSTAL_CODE = "postal_code"
    WRONG_POSTAL_CODE = "wrong_postal_code"  # present, but not of the address's country
    TOWN = "town"


@dataclass(frozen=True)
class NewAddress:
    line1: str
    postal_code: str
    city: str
    line2: str = ""
    country: str | None = None  # only when the customer named it
    region: str = ""

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


@dataclass(frozen=True)
class AddressReading:
    """What was read; ``address`` is set only when nothing is missing."""

    address: NewAddress | None
    missing: tuple[Missing, ...] = ()
    street: str = ""
    postal_code: str = ""  # for WRONG_POSTAL_CODE: the code as found
    town: str = ""
    country: str | None = None  # named, or the default it was checked against

    @property
    def found_anything(self) -> bool:
        return bool(self.street or self.postal_code or self.town)


def _parts(text: str) -> list[str]:
    cleaned = streets.without_pleasantries(text.strip())
    return [p.strip(" .-") for p in re.split(r"[\n;,]+", cleaned) if p.strip(" .-")]


def _take_country(parts: list[str], default: str | None) -> tuple[list[str], str | None]:
    if len(parts) >= 2 and (named := country_named(parts[-1], default=default)):
        return parts[:-1], named
    words = parts[-1].split() if parts else []
    for size in (3, 2, 1):
        if len(words) > size and (named := country_named(" ".join(words[-size:]))):
            return [*parts[:-1], " ".join(words[:-size])], named
    return parts, None


@dataclass(frozen=True)
class _Street:
    line1: str = ""
    line2: str = ""
    number: str | None = None


def _street(rest: list[str]) -> _Street:
    rest = [streets.without_preamble(p) for p in rest]
    choice = _street_index(rest)
    if choice is None:
        return _Street()
    index, merged = choice
    street = rest[index]
    line2 = rest[index + 1 :]
    if merged:  # "Av. Paulista" + "1000 - Bela Vista"
        number, _dash, district = line2[0].partition(" - ")
        street, line2 = (
            f"{street}, {number.strip()}",
            [d for d in [district.strip()] if d] + line2[1:],
        )
    units = [p for p in rest[:index] if streets.is_unit(p)]
    return _Street(", ".join([*units, street]), ", ".join(line2), streets.house_number(street))


def _street_index(rest: list[str]) -> tuple[int, bool] | None:
    """Which line is the street, and whether its number is on the next line."""
    lines = [(i, p) for i, p in enumerate(rest) if not streets.is_unit(p)]
    for i, p in lines:
        if streets.has_street_word(p) and streets.house_number(p):
            return i, False
    for i, p in lines:
        if streets.has_street_word(p) and _number_first(rest[i + 1 : i + 2]):
            return i, True
    for i, p in lines:
        if streets.house_number(p) and sum(c.isalpha() for c in p) >= 3:
            return i, False
    for i, p in lines:
        if streets.has_street_word(p):
            return i, False
    return None


def _number_first(lines: list[str]) -> bool:
    """The line after a street without number starts with it ("1000 - Bela Vista")."""
    return bool(lines and re.match(r"\d", lines[0]) and streets.house_number(lines[0]))


def read_address(text: str, *, country: str | None = None) -> AddressReading:
    """Read ``text`` as a delivery address; ``country`` (the order's) applies unless the
    customer names another one."""
    parts = _parts(text)
    if not parts or len(parts) > MAX_PARTS:
        return AddressReading(None, (Missing.STREET, Missing.POSTAL_CODE, Missing.TOWN))
    default = country.upper() if country else None
    parts, named = _take_country(parts, default)
    home = named or default
    place = find_place(parts, home)
    street = _street(place.rest)
    return _judge(street, place, named, home)


def _judge(street: _Street, place: Place, named: str | None, home: str | None) -> AddressReading:
    missing = []
    if not street.line1:
        missing.append(Missing.STREET)
    elif not street.number and (place.country or home) not in NUMBER_OPTIONAL:
        missing.append(Missing.HOUSE_NUMBER)
    if place.wrong_code:
        missing.append(Missing.WRONG_POSTAL_CODE)
    elif not place.code:
        missing.append(Missing.POSTAL_CODE)
    if not place.town:
        missing.append(Missing.TOWN)
    too_long = len(street.line1) > 200 or len(street.line2) > 200
    if too_long:
        missing.append(Missing.STREET)
    reading = AddressReading(None, tuple(dict.fromkeys(missing)), street.line1,
                             place.code or place.wrong_code, place.town, home)  # fmt: skip
    if missing:
        return reading
    address = NewAddress(street.line1, place.code, place.town, line2=street.line2,
                         country=named, region=place.region)  # fmt: skip
    return AddressReading(address, (), street.line1, place.code, place.town, home)


def parse_address(text: str, *, country: str | None = None) -> NewAddress | None:
    """The complete address in ``text``, or None when anything is missing."""
    return read_address(text, country=country).address
