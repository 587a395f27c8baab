"""Reading a new delivery address typed into the chat, for every country the store ships
to: street and number in either order, the postal code checked against the country's
format, the town beside it; on one line, with commas or with line breaks; with or without
the country's name. Pure: no I/O."""

from __future__ import annotations

from opsdesk.assistant.dialogue.address.countries import country_name
from opsdesk.assistant.dialogue.address.format import format_address
from opsdesk.assistant.dialogue.address.reader import (
    AddressReading,
    Missing,
    NewAddress,
    parse_address,
    read_address,
)

__all__ = [
    "AddressReading",
    "Missing",
    "NewAddress",
    "country_name",
    "format_address",
    "parse_address",
    "read_address",
]
