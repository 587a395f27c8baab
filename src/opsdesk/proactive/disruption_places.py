"""Where a disruption may be declared: the store's regions and carriers, by their codes.

A region is one the store ships from (a warehouse's) or one shipments in flight travel
from or to; a carrier is one the installation is configured with or one carrying a
shipment in flight. A disruption naming anything else would match no parcel, silently,
so it is refused with the known values (``IE`` is not a region when the store's regions
are ``eu-west``…). Codes are matched case-insensitively and stored as the store spells them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import inventory, orders, shipping
from opsdesk.kernel.errors import InvalidInput
from opsdesk.proactive.risk.queries import IN_FLIGHT

MAX_LISTED_COUNTRIES = 6


@dataclass(frozen=True)
class Region:
    code: str
    label: str  # "warehouse Leipzig · parcels to AT, DE", or "" when nothing is known

    @property
    def shown(self) -> str:
        return f"{self.code} — {self.label}" if self.label else self.code


@dataclass(frozen=True)
class Places:
    """The regions and carriers a disruption may name (``""`` = any is always allowed)."""

    regions: tuple[Region, ...]
    carriers: tuple[str, ...]

    def resolve(self, region: str | None, carrier: str | None) -> tuple[str, str]:
        """The store's spellings of ``region`` and ``carrier`` ("" = any; None = not
        given, returned as ""), or one InvalidInput naming each unknown and the known."""
        errors: list[dict[str, str]] = []
        details: dict[str, object] = {}
        found = []
        for field, raw, known in (("region", region, [r.code for r in self.regions]),
                                  ("carrier", carrier, list(self.carriers))):  # fmt: skip
            value, reason = _known(field, raw or "", known)
            found.append(value)
            if reason:
                errors.append({"field": field, "reason": reason})
                details[f"known_{field}s"] = known
        if errors:
            message = "; ".join(e["reason"] for e in errors) + " (empty = any)"
            raise InvalidInput(message, details={"errors": errors, **details})
        return found[0], found[1]

    def with_current(self, region: str, carrier: str) -> Places:
        """These places plus a disruption's own (kept while nothing travels there now)."""
        regions = self.regions
        if region and region.casefold() not in {r.code.casefold() for r in regions}:
            regions = tuple(sorted((*regions, Region(region, "")), key=_region_order))
        carriers = self.carriers
        if carrier and carrier.casefold() not in {c.casefold() for c in carriers}:
            carriers = tuple(sorted((*carriers, carrier), key=str.casefold))
        return Places(regions, carriers)


def _known(field: str, raw: str, known: list[str]) -> tuple[str, str]:
    """``(the store's spelling, "")``, or ``("", why not)`` for a value it does not know."""
    wanted = raw.strip()
    if not wanted:
        return "", ""
    for code in known:
        if code.casefold() == wanted.casefold():
            return code, ""
    listed = ", ".join(known) if known else "none yet"
    return "", f"unknown {field} {wanted!r}; known {field}s: {listed}"


def _region_order(region: Region) -> tuple[str, str]:
    return region.code.casefold(), region.code


def known_places(session: Session, *, carriers: Iterable[str] = ()) -> Places:
    """The store's regions (warehouses', and those of shipments in flight, with a label
    naming warehouses and destination countries) and carriers (``carriers`` configured,
    plus those of shipments in flight), distinct case-insensitively and sorted."""
    warehouses: dict[str, list[str]] = {}
    w = inventory.Warehouse
    for region, name in session.execute(
        sa.select(w.region, w.name).where(w.active.is_(True), w.region != "").order_by(w.name)
    ):
        warehouses.setdefault(region.strip(), []).append(name)
    countries: dict[str, set[str]] = {}
    s, o = shipping.Shipment, orders.Order
    lanes = session.execute(
        sa.select(s.origin_region, s.destination_region, o.ship_country)
        .join(o, o.id == s.order_id)
        .where(s.status.in_(IN_FLIGHT))
        .distinct()
    )
    for origin, destination, country in lanes:
        countries.setdefault((origin or "").strip(), set())
        countries.setdefault((destination or "").strip(), set()).add(country or "")
    seen = session.scalars(sa.select(s.carrier).where(s.status.in_(IN_FLIGHT)).distinct())
    return Places(
        regions=_regions(warehouses, countries),
        carriers=_distinct([*carriers, *seen]),
    )


def _regions(
    warehouses: dict[str, list[str]], countries: dict[str, set[str]]
) -> tuple[Region, ...]:
    spelled: dict[str, str] = {}
    for code in sorted({*warehouses, *countries} - {""}):
        spelled.setdefault(code.casefold(), code)
    made = []
    for key, code in spelled.items():
        names = sorted({n for c, ns in warehouses.items() if c.casefold() == key for n in ns})
        to = sorted({x for c, xs in countries.items() if c.casefold() == key for x in xs} - {""})
        made.append(Region(code, _label(names, to)))
    return tuple(sorted(made, key=_region_order))


def _label(warehouses: list[str], countries: list[str]) -> str:
    parts = []
    if warehouses:
        parts.append(f"warehouse{'s' if len(warehouses) > 1 else ''} {', '.join(warehouses)}")
    if countries:
        shown = countries[:MAX_LISTED_COUNTRIES]
        more = " …" if len(countries) > len(shown) else ""
        parts.append(f"parcels to {', '.join(shown)}{more}")
    return " · ".join(parts)


def _distinct(names: Iterable[str]) -> tuple[str, ...]:
    spelled: dict[str, str] = {}
    for name in sorted(n.strip() for n in names):
        if name:
            spelled.setdefault(name.casefold(), name)
    return tuple(sorted(spelled.values(), key=str.casefold))
