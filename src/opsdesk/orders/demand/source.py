"""Demand straight from order lines: the one definition both the rollup and the live
reads of the open days use, so the two cannot drift apart.

A line belongs to the warehouse that reserved or shipped it (the lowest id when it was
split); a line no warehouse ever took is keyed ``NO_WAREHOUSE``. Lines without a variant
(an unknown SKU) are not demand for anything we stock and are left out.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.inventory import Reservation
from opsdesk.kernel.db import utc_day
from opsdesk.orders.demand.models import NO_WAREHOUSE
from opsdesk.orders.models import Order, OrderLine

ONE_DAY = timedelta(days=1)

# Which variants a read is about: all (None), ids, or a SELECT of ids.
Variants = Collection[int] | sa.Select[Any] | None


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def _placed(lo: datetime | None, hi: datetime | None) -> list[sa.ColumnElement[bool]]:
    found = []
    if lo is not None:
        found.append(Order.placed_at >= lo)
    if hi is not None:
        found.append(Order.placed_at < hi)
    return found


def _of(column: Any, variants: Variants) -> list[sa.ColumnElement[bool]]:
    if variants is None:
        return []
    if isinstance(variants, sa.Select):
        return [column.in_(variants)]
    return [column.in_(sorted(variants))]


def line_demand(
    session: Session,
    lo: datetime | None,
    hi: datetime | None,
    variants: Variants = None,
    *,
    per_warehouse: bool = True,
) -> sa.Select[Any]:
    """(day, variant_id, warehouse_id, sku, units, lines) for orders placed in [lo, hi);
    ``per_warehouse=False`` keys every line ``NO_WAREHOUSE`` (a per-SKU total needs no
    reservation lookup)."""
    in_range = _placed(lo, hi)
    warehouse: Any = sa.literal(NO_WAREHOUSE, sa.BigInteger)
    if per_warehouse:  # one indexed lookup per line (reservations by order), not a hash
        held = (  # of every reservation of the store
            sa.select(sa.func.min(Reservation.warehouse_id))
            .where(
                Reservation.order_id == Order.id,
                Reservation.order_line_id == OrderLine.id,
                Reservation.warehouse_id.is_not(None),
            )
            .scalar_subquery()
        )
        warehouse = sa.func.coalesce(held, NO_WAREHOUSE)
    day = utc_day(session, Order.placed_at).label("day")
    keys = [day, OrderLine.variant_id, OrderLine.sku, *([warehouse] if per_warehouse else [])]
    warehouse = warehouse.label("warehouse_id")
    return (
        sa.select(
            day,
            OrderLine.variant_id,
            warehouse,
            OrderLine.sku,
            sa.func.sum(OrderLine.quantity).label("units"),
            sa.func.count().label("lines"),
        )
        .join(Order, Order.id == OrderLine.order_id)
        .where(OrderLine.variant_id.is_not(None), *in_range, *_of(OrderLine.variant_id, variants))
        .group_by(*keys)
    )
