"""Read models over reservations, shared by the reservation and receipt services."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog
from opsdesk.inventory.models import Reservation, Warehouse
from opsdesk.inventory.schemas import ReservationRead
from opsdesk.kernel import fastsql

_RESERVATION_COLUMNS = (
    Reservation.id,
    Reservation.order_id,
    Reservation.order_line_id,
    Reservation.variant_id,
    catalog.Variant.sku,
    Reservation.warehouse_id,
    Warehouse.code.label("warehouse_code"),
    Reservation.quantity,
    Reservation.status,
    Reservation.promised_date,
    Reservation.created_at,
)


# Every order read asks for its order's reservations: built once, run by the executor.
_BY_ORDER = fastsql.Statement(
    sa.select(*_RESERVATION_COLUMNS)
    .join(catalog.Variant, catalog.Variant.id == Reservation.variant_id)
    .outerjoin(Warehouse, Warehouse.id == Reservation.warehouse_id)
    .where(Reservation.order_id == sa.bindparam("order_id", type_=sa.BigInteger))
    .order_by(Reservation.id)
)


def reservation_reads(
    session: Session, ids: Sequence[int] | None = None, *, order_id: int | None = None
) -> list[ReservationRead]:
    """Reservations by id or by order, with SKU and warehouse code, oldest first.

    Plain columns rather than entities: every order read calls this, and rows are never
    stale the way entities in the session can be after the conditional UPDATEs.
    """
    if ids is None and order_id is not None:
        session.flush()  # read through the executor (ADR 0007): pending changes first
        rows = fastsql.run_mappings(session, _BY_ORDER, {"order_id": order_id})
        return [ReservationRead.model_validate(row) for row in rows]
    query = (
        sa.select(*_RESERVATION_COLUMNS)
        .join(catalog.Variant, catalog.Variant.id == Reservation.variant_id)
        .outerjoin(Warehouse, Warehouse.id == Reservation.warehouse_id)
        .order_by(Reservation.id)
    )
    if ids is not None:
        query = query.where(Reservation.id.in_(list(ids)))
    if order_id is not None:
        query = query.where(Reservation.order_id == order_id)
    return [ReservationRead.model_validate(row._mapping) for row in session.execute(query)]
