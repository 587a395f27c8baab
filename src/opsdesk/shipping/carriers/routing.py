"""Which carrier a parcel goes with: per warehouse and service level, from the settings.

Routes are a small mapping (``OPSDESK_CARRIER_ROUTES``) read from most to least specific:
``"LEJ:express"`` (this warehouse, this level), ``"LEJ"`` (this warehouse),
``"*:express"`` (any warehouse, this level), ``"*"`` (everything else). A parcel no
route covers goes with the fallback (the simulated carrier unless configured).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from opsdesk.shipping.carriers.base import ServiceLevel

ANY = "*"


def route_keys(warehouse_code: str | None, level: ServiceLevel) -> tuple[str, ...]:
    """The keys that may name this parcel's carrier, most specific first."""
    own = (f"{warehouse_code}:{level.value}", warehouse_code) if warehouse_code else ()
    return (*own, f"{ANY}:{level.value}", ANY)


def choose_carrier_name(
    routes: Mapping[str, str], warehouse_code: str | None, level: ServiceLevel, fallback: str
) -> str:
    for key in route_keys(warehouse_code, level):
        if key in routes:
            return routes[key]
    return fallback


def route_problems(routes: Mapping[str, str], known: Iterable[str]) -> list[str]:
    """What is wrong with a routes table: unknown carriers, malformed keys (start-up check)."""
    carriers = set(known)
    levels = {level.value for level in ServiceLevel}
    problems = []
    for key, name in sorted(routes.items()):
        _, colon, level = key.partition(":")
        if colon and level not in levels:
            problems.append(f"{key!r}: unknown service level {level!r}")
        if name not in carriers:
            problems.append(f"{key!r}: unknown carrier {name!r}")
    return problems
