"""Allocation decisions over plain values: which warehouse ships what, and what waits.

No I/O here. The service loads candidate stock and incoming supply, asks :func:`plan`,
then applies the plan with conditional updates.

Strategies (warehouse ``priority``: a lower number is preferred):

- ``priority``: warehouses by priority, then id.
- ``nearest``: by great-circle distance to the destination; warehouses (or destinations)
  without coordinates fall back to same region, then same country, then priority.
- ``fewest_shipments``: the smallest set of warehouses that can ship everything that can
  be shipped now; among sets of that size, the one best ranked by priority.

A line is split across warehouses only when no single warehouse can fill it. Short
lines of ``reject`` products fail the whole allocation. Short lines of ``backorder``
products reserve what exists and wait for the rest, promised for the earliest expected
date of open purchase orders whose not-yet-promised quantity covers it, plus a handling
lead time. When no purchase order covers the shortfall no honest date exists, and the
line is rejected like a ``reject`` line: OpsDesk never takes an order it cannot date.
"""

from __future__ import annotations

import enum
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from opsdesk.kernel.errors import InsufficientStock, InvalidInput

EARTH_RADIUS_KM = 6371.0088
# Exact search for the fewest warehouses up to this many sites; greedy beyond.
EXACT_COVER_LIMIT = 12


class Strategy(enum.StrEnum):
    PRIORITY = "priority"
    NEAREST = "nearest"
    FEWEST_SHIPMENTS = "fewest_shipments"


@dataclass(frozen=True)
class Destination:
    region: str = ""
    country: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Site:
    """A warehouse as allocation sees it."""

    warehouse_id: int
    priority: int = 100
    region: str = ""
    country: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Candidate:
    """Available stock of one variant in one warehouse."""

    stock_id: int
    variant_id: int
    warehouse_id: int
    available: int


@dataclass(frozen=True)
class Incoming:
    """Open purchase-order quantity of a variant expected on a date."""

    variant_id: int
    expected_date: date
    quantity: int


@dataclass(frozen=True)
class Demand:
    order_line_id: int
    variant_id: int
    sku: str
    quantity: int
    backorderable: bool


@dataclass(frozen=True)
class PlannedReservation:
    order_line_id: int
    variant_id: int
    warehouse_id: int
    stock_id: int
    quantity: int


@dataclass(frozen=True)
class PlannedBackorder:
    order_line_id: int
    variant_id: int
    quantity: int
    promised_date: date


@dataclass(frozen=True)
class Plan:
    reservations: tuple[PlannedReservation, ...]
    backorders: tuple[PlannedBackorder, ...]


@dataclass(frozen=True)
class Supply:
    """What allocation may draw on: stock now and supply promised later."""

    sites: Sequence[Site]
    candidates: Sequence[Candidate]
    incoming: Sequence[Incoming] = ()
    # Units of each variant already promised to waiting reservations (first in, first out).
    committed: Mapping[int, int] = field(default_factory=dict)


def plan(
    demands: Sequence[Demand],
    supply: Supply,
    destination: Destination,
    strategy: Strategy | str,
    *,
    today: date,
    handling_days: int = 1,
) -> Plan:
    """Decide reservations and backorders; raise ``InsufficientStock`` if it cannot be done."""
    chosen = _parse_strategy(strategy)
    active = {s.warehouse_id: s for s in supply.sites}
    candidates = [c for c in supply.candidates if c.warehouse_id in active and c.available > 0]
    ranked = rank_sites(list(active.values()), destination, chosen)
    if chosen is Strategy.FEWEST_SHIPMENTS:
        ranked = fewest_sites(demands, candidates, ranked)
    reservations, short = _fill(demands, candidates, ranked)
    backorders, refused = _backorder(short, supply, today=today, handling_days=handling_days)
    if refused:
        raise _insufficient(refused, short, demands)
    return Plan(tuple(reservations), tuple(backorders))


def rank_sites(sites: Sequence[Site], destination: Destination, strategy: Strategy) -> list[Site]:
    if strategy is Strategy.NEAREST:
        return sorted(sites, key=lambda s: _nearness(s, destination))
    return sorted(sites, key=lambda s: (s.priority, s.warehouse_id))


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def fewest_sites(
    demands: Sequence[Demand], candidates: Sequence[Candidate], ranked: Sequence[Site]
) -> list[Site]:
    """The smallest set of sites covering what can ship now, in rank order.

    What can ship now is, per variant, the lesser of demand and total availability, so
    a short order still ships from as few places as possible. Sites outside the set are
    left out: drawing on them could only add a shipment.
    """
    stock = _stock_by_site(candidates)
    need = _target(demands, candidates)
    if not need:
        return list(ranked)
    if len(ranked) <= EXACT_COVER_LIMIT:
        for size in range(1, len(ranked) + 1):
            for combo in itertools.combinations(ranked, size):
                if _covers(combo, stock, need):
                    return list(combo)
    return _greedy_cover(ranked, stock, need)


def promise_date(
    incoming: Iterable[Incoming],
    *,
    committed: int,
    quantity: int,
    today: date,
    handling_days: int,
) -> date | None:
    """Earliest date by which supply not yet promised to others covers ``quantity``.

    Waiting reservations are filled first in, first out, so the units already promised
    (``committed``) come out of the earliest arrivals; the new promise queues behind them.
    """
    arrived = 0
    for supply in sorted(incoming, key=lambda i: i.expected_date):
        arrived += supply.quantity
        if arrived >= committed + quantity:
            return max(supply.expected_date, today) + timedelta(days=handling_days)
    return None


def _parse_strategy(strategy: Strategy | str) -> Strategy:
    try:
        return Strategy(strategy)
    except ValueError:
        allowed = ", ".join(s.value for s in Strategy)
        raise InvalidInput(
            f"unknown allocation strategy {strategy!r}; use one of {allowed}",
            details={"field": "strategy"},
        ) from None


def _nearness(site: Site, dest: Destination) -> tuple[int, float, int, int, int, int]:
    coords = (site.latitude, site.longitude, dest.latitude, dest.longitude)
    if all(c is not None for c in coords):
        lat1, lon1, lat2, lon2 = (float(c) for c in coords)  # type: ignore[arg-type]
        return (0, distance_km(lat1, lon1, lat2, lon2), 0, 0, site.priority, site.warehouse_id)
    other_region = int(not (dest.region and site.region.lower() == dest.region.lower()))
    other_country = int(not (dest.country and site.country.upper() == dest.country.upper()))
    return (1, 0.0, other_region, other_country, site.priority, site.warehouse_id)


def _fill(
    demands: Sequence[Demand], candidates: Sequence[Candidate], ranked: Sequence[Site]
) -> tuple[list[PlannedReservation], list[tuple[Demand, int]]]:
    """Fill each line from one warehouse if any can, else split in rank order."""
    rows = {(c.variant_id, c.warehouse_id): c for c in candidates}
    left = {key: c.available for key, c in rows.items()}
    order = [s.warehouse_id for s in ranked]
    reservations: list[PlannedReservation] = []
    short: list[tuple[Demand, int]] = []
    for demand in demands:
        keys = [(demand.variant_id, w) for w in order if left.get((demand.variant_id, w), 0) > 0]
        whole = [k for k in keys if left[k] >= demand.quantity]
        missing = demand.quantity
        for key in whole[:1] or keys:
            take = min(missing, left[key])
            left[key] -= take
            missing -= take
            stock = rows[key]
            reservations.append(
                PlannedReservation(
                    demand.order_line_id, demand.variant_id, key[1], stock.stock_id, take
                )
            )
            if missing == 0:
                break
        if missing:
            short.append((demand, missing))
    return reservations, short


def _backorder(
    short: Sequence[tuple[Demand, int]], supply: Supply, *, today: date, handling_days: int
) -> tuple[list[PlannedBackorder], list[tuple[Demand, int, str]]]:
    """Promise the short lines that may wait; return them and the ones that may not."""
    committed = defaultdict(int, supply.committed)
    incoming = defaultdict(list)
    for item in supply.incoming:
        incoming[item.variant_id].append(item)
    backorders: list[PlannedBackorder] = []
    refused: list[tuple[Demand, int, str]] = []
    for demand, missing in short:
        if not demand.backorderable:
            refused.append((demand, missing, "not_backorderable"))
            continue
        promised = promise_date(
            incoming[demand.variant_id],
            committed=committed[demand.variant_id],
            quantity=missing,
            today=today,
            handling_days=handling_days,
        )
        if promised is None:
            refused.append((demand, missing, "no_incoming_supply"))
            continue
        committed[demand.variant_id] += missing
        backorders.append(
            PlannedBackorder(demand.order_line_id, demand.variant_id, missing, promised)
        )
    return backorders, refused


def _insufficient(
    refused: Sequence[tuple[Demand, int, str]],
    short: Sequence[tuple[Demand, int]],
    demands: Sequence[Demand],
) -> InsufficientStock:
    """Name each refused SKU with all that the order asked of it and all it could get."""
    requested: dict[str, int] = defaultdict(int)
    for demand in demands:
        requested[demand.sku] += demand.quantity
    missing_by_sku: dict[str, int] = defaultdict(int)
    for demand, missing in short:
        missing_by_sku[demand.sku] += missing
    reasons = {d.sku: reason for d, _m, reason in refused}
    details = [
        {
            "sku": sku,
            "requested": requested[sku],
            "available": requested[sku] - missing_by_sku[sku],
            "reason": reasons[sku],
        }
        for sku in sorted(reasons)
    ]
    listed = ", ".join(f"{d['sku']} ({d['available']} of {d['requested']})" for d in details)
    return InsufficientStock(f"not enough stock for {listed}", details={"short": details})


def _stock_by_site(candidates: Sequence[Candidate]) -> dict[int, dict[int, int]]:
    stock: dict[int, dict[int, int]] = defaultdict(dict)
    for c in candidates:
        stock[c.warehouse_id][c.variant_id] = c.available
    return stock


def _target(demands: Sequence[Demand], candidates: Sequence[Candidate]) -> dict[int, int]:
    wanted: dict[int, int] = defaultdict(int)
    for d in demands:
        wanted[d.variant_id] += d.quantity
    total: dict[int, int] = defaultdict(int)
    for c in candidates:
        total[c.variant_id] += c.available
    return {v: min(q, total[v]) for v, q in wanted.items() if total[v] > 0}


def _covers(
    combo: Iterable[Site], stock: Mapping[int, Mapping[int, int]], need: Mapping[int, int]
) -> bool:
    sites = list(combo)
    return all(
        sum(stock.get(s.warehouse_id, {}).get(v, 0) for s in sites) >= q for v, q in need.items()
    )


def _greedy_cover(
    ranked: Sequence[Site], stock: Mapping[int, Mapping[int, int]], need: Mapping[int, int]
) -> list[Site]:
    remaining, chosen, pool = dict(need), [], list(ranked)
    while any(remaining.values()) and pool:
        best = max(
            pool,
            key=lambda s: sum(
                min(q, stock.get(s.warehouse_id, {}).get(v, 0)) for v, q in remaining.items()
            ),
        )
        pool.remove(best)
        chosen.append(best)
        for v in remaining:
            remaining[v] = max(0, remaining[v] - stock.get(best.warehouse_id, {}).get(v, 0))
    return sorted(chosen, key=ranked.index)
