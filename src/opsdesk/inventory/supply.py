"""Load what allocation needs, in as few queries as possible: stock now, supply later."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

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
from opsdesk.kernel.errors import InvalidInput

if TYPE_CHECKING:
    from opsdesk.inventory.reservations import AllocationLine

OPEN_PO = (PurchaseOrderStatus.OPEN, PurchaseOrderStatus.PARTIALLY_RECEIVED)


def load(
    session: Session, lines: Sequence[AllocationLine]
) -> tuple[list[policy.Demand], policy.Supply]:
    """Variants, their policy and stock in active warehouses in one query; supply if short."""
    variant_ids = sorted({line.variant_id for line in lines})
    rows = list(session.execute(_stock_query(variant_ids)))
    facts = {r.variant_id: r for r in rows}
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
            sku=facts[line.variant_id].sku,
            quantity=line.quantity,
            backorderable=facts[line.variant_id].policy is catalog.ShortStockPolicy.BACKORDER,
        )
        for line in lines
    ]
    sites, candidates = _sites_and_candidates(rows)
    offer = policy.Supply(sites=sites, candidates=candidates)
    short = _short_backorderable(demands, candidates)
    if short:
        incoming, committed = incoming_supply(session, short)
        offer = policy.Supply(sites, candidates, incoming, committed)
    return demands, offer


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


def _stock_query(variant_ids: Sequence[int]) -> sa.Select:
    return (
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
        )
        .select_from(catalog.Variant)
        .join(catalog.Product, catalog.Product.id == catalog.Variant.product_id)
        .outerjoin(
            sa.join(StockLevel, Warehouse, Warehouse.id == StockLevel.warehouse_id),
            sa.and_(StockLevel.variant_id == catalog.Variant.id, Warehouse.active.is_(True)),
        )
        .where(catalog.Variant.id.in_(variant_ids))
    )


def _sites_and_candidates(
    rows: Iterable[sa.Row[tuple[object, ...]]],
) -> tuple[list[policy.Site], list[policy.Candidate]]:
    sites: dict[int, policy.Site] = {}
    candidates: list[policy.Candidate] = []
    for r in rows:
        if r.stock_id is None:
            continue
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
