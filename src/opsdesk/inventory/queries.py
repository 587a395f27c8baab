"""Read models over reservations, shared by the reservation and receipt services."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog
from opsdesk.inventory.models import Reservation, Warehouse
from opsdesk.inventory.schemas import ReservationRead


def reservation_reads(
    session: Session, ids: Sequence[int] | None = None, *, order_id: int | None = None
) -> list[ReservationRead]:
    """Reservations by id or by order, with SKU and warehouse code, oldest first."""
    query = (
        sa.select(Reservation, catalog.Variant.sku, Warehouse.code)
        .join(catalog.Variant, catalog.Variant.id == Reservation.variant_id)
        .outerjoin(Warehouse, Warehouse.id == Reservation.warehouse_id)
        .order_by(Reservation.id)
        .execution_options(populate_existing=True)
    )
    if ids is not None:
        query = query.where(Reservation.id.in_(list(ids)))
    if order_id is not None:
        query = query.where(Reservation.order_id == order_id)
    return [
        ReservationRead(
            id=r.id,
            order_id=r.order_id,
            order_line_id=r.order_line_id,
            variant_id=r.variant_id,
            sku=sku,
            warehouse_id=r.warehouse_id,
            warehouse_code=code,
            quantity=r.quantity,
            status=r.status,
            promised_date=r.promised_date,
            created_at=r.created_at,
        )
        for r, sku, code in session.execute(query)
    ]
