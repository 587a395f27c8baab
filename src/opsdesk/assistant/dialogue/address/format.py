"""An address on one line, the way its country writes the place part."""

from __future__ import annotations

from collections.abc import Mapping

from opsdesk.assistant.dialogue.address.countries import TOWN_FIRST


def place_line(code: str, town: str, region: str, country: str | None) -> str:
    """ "10115 Berlin", "Cork T12 AB34", "Mountain View, CA 94043", "São Paulo - SP, 01310-100"."""
    if country == "US":
        return ", ".join(p for p in (town, f"{region} {code}".strip()) if p)
    if country == "BR":
        return ", ".join(p for p in (f"{town} - {region}" if region else town, code) if p)
    if country in TOWN_FIRST:
        return f"{town} {code}".strip()
    return f"{code} {town}".strip()


def format_address(address: Mapping[str, object], *, country: str | None = None) -> str:
    """``address`` (keyed like ``NewAddress``) on one line; ``country`` when it names none."""
    where = str(address.get("country") or country or "").upper() or None
    place = place_line(str(address.get("postal_code") or ""), str(address.get("city") or ""),
                       str(address.get("region") or ""), where)  # fmt: skip
    parts = [address.get("line1"), address.get("line2"), place]
    return ", ".join(str(p) for p in parts if p)
