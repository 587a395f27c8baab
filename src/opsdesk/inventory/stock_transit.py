"""A SKU's stock with the transfers on their way counted as incoming, dated, at the
warehouse they travel to — what the Stock screen shows, for the REST API."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.inventory import stock_reads, transfers
from opsdesk.inventory.models import Warehouse
from opsdesk.inventory.schemas import InTransitRead, StockRead, WarehouseStockRead


def stock_with_transit(session: Session, sku: str) -> StockRead:
    """``stock_for_sku`` plus transfers in transit (NotFound for an unknown SKU)."""
    read = stock_reads.stock_for_sku(session, sku)
    trips = transfers.in_transit(session, [read.variant_id]).get(read.variant_id, [])
    if not trips:
        return read
    rows = {row.warehouse_id: row for row in read.warehouses}
    codes = _codes(session, {t.warehouse_id for t in trips} - set(rows))
    for trip in trips:
        row = rows.get(trip.warehouse_id)
        if row is None:
            row = WarehouseStockRead(
                warehouse_id=trip.warehouse_id, warehouse_code=codes[trip.warehouse_id],
                on_hand=0, reserved=0, available=0, incoming=[],
            )  # fmt: skip
            rows[trip.warehouse_id] = row
            read.warehouses.append(row)
        row.in_transit = [*row.in_transit, trip]
    moving = sum(t.quantity for t in trips)
    totals = read.totals.model_copy(update={"incoming": read.totals.incoming + moving})
    return read.model_copy(update={"totals": totals})


def _codes(session: Session, warehouse_ids: set[int]) -> dict[int, str]:
    if not warehouse_ids:
        return {}
    rows = session.execute(
        sa.select(Warehouse.id, Warehouse.code).where(Warehouse.id.in_(sorted(warehouse_ids)))
    )
    return {int(w): str(code) for w, code in rows}


__all__ = ["InTransitRead", "stock_with_transit"]
