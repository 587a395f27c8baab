"""The store's own demand and stock ledger, grouped per day in the database.

Demand is what customers asked for: every ordered unit counts on the day the order was
placed, including units later backordered or cancelled (a line cancelled because the
stock never came is exactly the demand a stockout hides). A line belongs to the warehouse
that reserved or shipped it; a line that never got a warehouse (backordered, cancelled
before allocation) belongs to the store's first warehouse by priority.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import orders
from opsdesk.catalog import Product, Variant
from opsdesk.inventory import StockMovement, Warehouse
from opsdesk.kernel.db import utc_day

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class DayUnits:
    variant_id: int
    warehouse_id: int
    day: date
    units: float


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def default_warehouse(session: Session) -> int | None:
    """The store's first active warehouse by priority (then id)."""
    return session.scalar(
        sa.select(Warehouse.id)
        .where(Warehouse.active.is_(True))
        .order_by(Warehouse.priority, Warehouse.id)
        .limit(1)
    )


def demand_by_day(
    session: Session, start: date, end: date, *, variant_id: int | None = None
) -> list[DayUnits]:
    """Ordered units per variant x warehouse x day for orders placed in [start, end]
    (of one variant when ``variant_id`` is given): closed days from the daily rollup,
    the rest from order lines (``orders.demand_days``)."""
    fallback = default_warehouse(session)
    if fallback is None:
        return []
    variants = None if variant_id is None else [variant_id]
    rows = orders.units_per_day(session, start, end, unassigned_to=fallback, variants=variants)
    return [DayUnits(v, w, d, float(u)) for v, w, d, u in rows]


def ledger_by_day(session: Session, end: date) -> list[DayUnits]:
    """Net change of *available* stock (on hand minus reserved) per variant x warehouse x
    day, from the first movement up to ``end`` (the running sum is the day's closing
    availability)."""
    day = utc_day(session, StockMovement.created_at)
    net = sa.func.sum(StockMovement.on_hand_delta - StockMovement.reserved_delta)
    stmt = (
        sa.select(StockMovement.variant_id, StockMovement.warehouse_id, day, net)
        .where(StockMovement.created_at < datetime.combine(end, time(), UTC) + _ONE_DAY)
        .group_by(StockMovement.variant_id, StockMovement.warehouse_id, day)
    )
    return [
        DayUnits(int(v), int(w), _as_date(d), float(u or 0)) for v, w, d, u in session.execute(stmt)
    ]


def categories(session: Session, variant_ids: list[int]) -> dict[int, str]:
    """Variant -> its product's category ("" when uncategorised)."""
    found: dict[int, str] = {}
    for start in range(0, len(variant_ids), 1000):
        chunk = variant_ids[start : start + 1000]
        stmt = (
            sa.select(Variant.id, Product.category)
            .join(Product, Product.id == Variant.product_id)
            .where(Variant.id.in_(chunk))
        )
        found.update({int(v): str(c or "") for v, c in session.execute(stmt)})
    return found


def warehouse_countries(session: Session) -> dict[int, str]:
    return {
        int(i): str(c or "") for i, c in session.execute(sa.select(Warehouse.id, Warehouse.country))
    }
