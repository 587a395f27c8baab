"""Reading stock: per SKU, per warehouse on hand, reserved, available and dated incoming.

One SKU or many cost the same four statements at most (the variants with their
backordered units, their stock rows, their open purchase orders, and the names of
warehouses that only have goods on the way), so a page showing a dozen SKUs does not
make a dozen round trips. Statements are built once per number of SKUs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog
from opsdesk.inventory import supply
from opsdesk.inventory.models import (
    PurchaseOrder,
    PurchaseOrderLine,
    Reservation,
    ReservationStatus,
    StockLevel,
    Warehouse,
)
from opsdesk.inventory.schemas import IncomingRead, StockRead, StockTotals, WarehouseStockRead
from opsdesk.kernel.db import in_params, params_of
from opsdesk.kernel.errors import NotFound

# More SKUs than this are read in several rounds of this many.
CHUNK = 100


def stock_for_sku(session: Session, sku: str) -> StockRead:
    """Per-warehouse on hand, reserved, available and dated incoming, with totals
    (NotFound for an unknown SKU)."""
    found = stock_for_skus(session, [sku])
    if sku not in found:
        raise NotFound("variant", sku)
    return found[sku]


def stock_for_skus(session: Session, skus: Sequence[str]) -> dict[str, StockRead]:
    """The stock of each known SKU, keyed by SKU; unknown SKUs are left out."""
    wanted = list(dict.fromkeys(skus))
    result: dict[str, StockRead] = {}
    for start in range(0, len(wanted), CHUNK):
        result.update(_read(session, wanted[start : start + CHUNK]))
    return result


def _read(session: Session, skus: list[str]) -> dict[str, StockRead]:
    statements = _statements(len(skus))
    variants = {
        int(variant_id): (sku, int(waiting or 0))
        for variant_id, sku, waiting in session.execute(statements.variants, params_of("s", skus))
    }
    if not variants:
        return {}
    ids = params_of("v", _padded(list(variants), len(skus)))
    levels: dict[int, list[Any]] = defaultdict(list)
    for level in session.execute(statements.levels, ids):
        levels[level.variant_id].append(level)
    incoming: dict[int, dict[int, list[IncomingRead]]] = defaultdict(lambda: defaultdict(list))
    for line in session.execute(statements.incoming, ids):
        incoming[line.variant_id][line.warehouse_id].append(
            IncomingRead(
                purchase_order_id=line.id, number=line.number, quantity=line.quantity,
                expected_date=line.expected_date,
            )
        )  # fmt: skip
    codes = _codes_of_incoming_only(session, levels, incoming)
    return {
        sku: _assemble(sku, variant_id, waiting, levels[variant_id], incoming[variant_id], codes)
        for variant_id, (sku, waiting) in variants.items()
    }


def _assemble(
    sku: str,
    variant_id: int,
    waiting: int,
    levels: list[Any],
    incoming: dict[int, list[IncomingRead]],
    codes: dict[int, str],
) -> StockRead:
    rows = [
        WarehouseStockRead(
            warehouse_id=level.warehouse_id, warehouse_code=level.code, on_hand=level.on_hand,
            reserved=level.reserved, available=level.on_hand - level.reserved,
            incoming=incoming.pop(level.warehouse_id, []),
        )
        for level in levels
    ]  # fmt: skip
    rows += [
        WarehouseStockRead(
            warehouse_id=w, warehouse_code=codes[w], on_hand=0, reserved=0, available=0,
            incoming=items,
        )
        for w, items in sorted(incoming.items())
    ]  # fmt: skip
    totals = StockTotals(
        on_hand=sum(r.on_hand for r in rows),
        reserved=sum(r.reserved for r in rows),
        available=sum(r.available for r in rows),
        incoming=sum(i.quantity for r in rows for i in r.incoming),
        backordered=waiting,
    )
    return StockRead(sku=sku, variant_id=variant_id, warehouses=rows, totals=totals)


def _codes_of_incoming_only(
    session: Session,
    levels: dict[int, list[Any]],
    incoming: dict[int, dict[int, list[IncomingRead]]],
) -> dict[int, str]:
    """Codes of warehouses with goods on the way for a SKU but no stock row for it."""
    stocked = {(variant_id, level.warehouse_id) for variant_id, rows in levels.items()
               for level in rows}  # fmt: skip
    missing = {
        warehouse_id
        for variant_id, by_warehouse in incoming.items()
        for warehouse_id in by_warehouse
        if (variant_id, warehouse_id) not in stocked
    }
    if not missing:
        return {}
    rows = session.execute(
        sa.select(Warehouse.id, Warehouse.code).where(Warehouse.id.in_(sorted(missing)))
    )
    return {int(w): str(code) for w, code in rows}


def _padded(values: list[int], count: int) -> list[int]:
    """Fill an IN list up to the statement's size by repeating the last value."""
    return values + [values[-1]] * (count - len(values))


class _Statements:
    def __init__(self, count: int) -> None:
        waiting = (
            sa.select(sa.func.coalesce(sa.func.sum(Reservation.quantity), 0))
            .where(
                Reservation.variant_id == catalog.Variant.id,
                Reservation.status == ReservationStatus.WAITING,
            )
            .scalar_subquery()
        )
        self.variants = sa.select(catalog.Variant.id, catalog.Variant.sku, waiting).where(
            in_params(catalog.Variant.sku, "s", count)
        )
        self.levels = (
            sa.select(StockLevel.variant_id, StockLevel.warehouse_id, Warehouse.code,
                      StockLevel.on_hand, StockLevel.reserved)
            .join(Warehouse, Warehouse.id == StockLevel.warehouse_id)
            .where(in_params(StockLevel.variant_id, "v", count))
            .order_by(StockLevel.variant_id, Warehouse.priority, Warehouse.id)
        )  # fmt: skip
        outstanding = PurchaseOrderLine.quantity_ordered - PurchaseOrderLine.quantity_received
        self.incoming = (
            sa.select(PurchaseOrderLine.variant_id, PurchaseOrder.id, PurchaseOrder.number,
                      PurchaseOrder.warehouse_id, PurchaseOrder.expected_date,
                      outstanding.label("quantity"))
            .join(PurchaseOrderLine)
            .where(in_params(PurchaseOrderLine.variant_id, "v", count),
                   PurchaseOrder.status.in_(supply.OPEN_PO), outstanding > 0)
            .order_by(PurchaseOrder.expected_date, PurchaseOrder.id)
        )  # fmt: skip


@cache
def _statements(count: int) -> _Statements:
    return _Statements(count)
