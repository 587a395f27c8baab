"""Load what allocation needs, in as few queries as possible: stock now, supply later.

The stock rows are read with ``FOR UPDATE`` in one fixed order (variant id, then
warehouse id) on PostgreSQL: the figures allocation plans from cannot change before the
transaction ends, so its conditional updates cannot lose a race, and racing orders lock
in the same order, so they cannot deadlock. SQLite runs one writer at a time
(``BEGIN IMMEDIATE``), which gives the same guarantee.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog
from opsdesk.inventory import policy
from opsdesk.inventory.models import (
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    Reservation,
    ReservationStatus,
    StockLevel,
    Warehouse,
)
from opsdesk.kernel import fastsql
from opsdesk.kernel.db import in_params, params_of
from opsdesk.kernel.errors import InvalidInput

if TYPE_CHECKING:
    from opsdesk.inventory.reservations import AllocationLine

OPEN_PO = (PurchaseOrderStatus.OPEN, PurchaseOrderStatus.PARTIALLY_RECEIVED)


@dataclass(frozen=True)
class SiteFacts:
    """What the order's story and its delivery promise need to know about a warehouse."""

    name: str
    region: str
    country: str


@dataclass(frozen=True)
class Loaded:
    demands: list[policy.Demand]
    offer: policy.Supply
    facts: dict[int, SiteFacts]  # by warehouse id, for every active warehouse with stock


def load(session: Session, lines: Sequence[AllocationLine]) -> Loaded:
    """Variants, their policy and their locked stock in active warehouses; supply if short."""
    variant_ids = sorted({line.variant_id for line in lines})
    session.flush()  # then a plain statement: cheaper than an ORM-enabled one
    locked = _locked_stock(len(variant_ids))
    rows = [
        _StockRow._make(r) for r in fastsql.run(session, locked, params_of("variant", variant_ids))
    ]
    facts = {r.variant_id: (r.sku, r.policy) for r in rows}
    if len(facts) < len(variant_ids):
        facts.update(_variants_without_stock(session, [v for v in variant_ids if v not in facts]))
    unknown = [v for v in variant_ids if v not in facts]
    if unknown:
        raise InvalidInput(
            f"variant {unknown[0]} does not exist",
            details={"field": "variant_id", "value": unknown[0]},
        )
    demands = [
        policy.Demand(
            order_line_id=line.order_line_id,
            variant_id=line.variant_id,
            sku=facts[line.variant_id][0],
            quantity=line.quantity,
            backorderable=facts[line.variant_id][1] is catalog.ShortStockPolicy.BACKORDER,
        )
        for line in lines
    ]
    sites, candidates = _sites_and_candidates(rows)
    offer = policy.Supply(sites=sites, candidates=candidates)
    short = _short_backorderable(demands, candidates)
    if short:
        incoming, committed = incoming_supply(session, short)
        offer = policy.Supply(sites, candidates, incoming, committed)
    site_facts = {r.warehouse_id: SiteFacts(r.name, r.region, r.country) for r in rows}
    return Loaded(demands, offer, site_facts)


def incoming_supply(
    session: Session, variant_ids: Iterable[int]
) -> tuple[list[policy.Incoming], dict[int, int]]:
    """Open purchase-order quantities by date, and units already promised to waiting orders."""
    ids = sorted(set(variant_ids))
    outstanding = PurchaseOrderLine.quantity_ordered - PurchaseOrderLine.quantity_received
    incoming = [
        policy.Incoming(r.variant_id, r.expected_date, r.quantity)
        for r in session.execute(
            sa.select(
                PurchaseOrderLine.variant_id,
                PurchaseOrder.expected_date,
                outstanding.label("quantity"),
            )
            .join(PurchaseOrder)
            .where(
                PurchaseOrderLine.variant_id.in_(ids),
                PurchaseOrder.status.in_(OPEN_PO),
                outstanding > 0,
            )
        )
    ]
    committed = dict(
        session.execute(
            sa.select(Reservation.variant_id, sa.func.sum(Reservation.quantity))
            .where(
                Reservation.variant_id.in_(ids),
                Reservation.status == ReservationStatus.WAITING,
            )
            .group_by(Reservation.variant_id)
        ).all()
    )
    return incoming, {int(k): int(v) for k, v in committed.items()}


class _StockRow(NamedTuple):
    """A row of ``_locked_stock``, its columns in the same order."""

    variant_id: int
    sku: str
    policy: catalog.ShortStockPolicy
    stock_id: int
    available: int
    warehouse_id: int
    priority: int
    region: str
    country: str
    latitude: float | None
    longitude: float | None
    name: str


@functools.cache
def _locked_stock(count: int) -> fastsql.Statement:
    """Stock of ``count`` variants in active warehouses, locked in the fixed order.

    Built once per count (building costs more than running it). Inner joins only, so
    that ``FOR UPDATE OF stock_levels`` is allowed; the rows are locked in ORDER BY order.
    """
    statement = (
        sa.select(
            catalog.Variant.id.label("variant_id"),
            catalog.Variant.sku,
            catalog.Product.short_stock_policy.label("policy"),
            StockLevel.id.label("stock_id"),
            (StockLevel.on_hand - StockLevel.reserved).label("available"),
            Warehouse.id.label("warehouse_id"),
            Warehouse.priority,
            Warehouse.region,
            Warehouse.country,
            Warehouse.latitude,
            Warehouse.longitude,
            Warehouse.name,
        )
        .select_from(StockLevel)
        .join(Warehouse, Warehouse.id == StockLevel.warehouse_id)
        .join(catalog.Variant, catalog.Variant.id == StockLevel.variant_id)
        .join(catalog.Product, catalog.Product.id == catalog.Variant.product_id)
        .where(in_params(StockLevel.variant_id, "variant", count), Warehouse.active.is_(True))
        .order_by(StockLevel.variant_id, StockLevel.warehouse_id)
        .with_for_update(of=StockLevel)
    )
    assert tuple(statement.selected_columns.keys()) == _StockRow._fields
    return fastsql.Statement(statement)


def _variants_without_stock(
    session: Session, variant_ids: Sequence[int]
) -> dict[int, tuple[str, catalog.ShortStockPolicy]]:
    """SKU and policy of variants that no active warehouse stocks (the locked read misses them)."""
    query = (
        sa.select(catalog.Variant.id, catalog.Variant.sku, catalog.Product.short_stock_policy)
        .join(catalog.Product, catalog.Product.id == catalog.Variant.product_id)
        .where(catalog.Variant.id.in_(variant_ids))
    )
    return {r.id: (r.sku, r.short_stock_policy) for r in session.execute(query)}


def _sites_and_candidates(
    rows: Iterable[_StockRow],
) -> tuple[list[policy.Site], list[policy.Candidate]]:
    sites: dict[int, policy.Site] = {}
    candidates: list[policy.Candidate] = []
    for r in rows:
        sites[r.warehouse_id] = policy.Site(
            r.warehouse_id, r.priority, r.region, r.country, r.latitude, r.longitude
        )
        candidates.append(policy.Candidate(r.stock_id, r.variant_id, r.warehouse_id, r.available))
    return list(sites.values()), candidates


def _short_backorderable(
    demands: Sequence[policy.Demand], candidates: Sequence[policy.Candidate]
) -> list[int]:
    wanted: dict[int, int] = defaultdict(int)
    for d in demands:
        if d.backorderable:
            wanted[d.variant_id] += d.quantity
    available: dict[int, int] = defaultdict(int)
    for c in candidates:
        available[c.variant_id] += max(0, c.available)
    return [v for v, q in wanted.items() if available[v] < q]
