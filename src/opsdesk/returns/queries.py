"""Finding returns across orders: the filters the returns queue and GET /returns share.

Newest first by (created_at, id); every filter has an index that starts with its column
and ends in (created_at, id), so each page is one index range scan however many returns
the store has. Search is by exact RMA number, order number or customer e-mail — three
unique-index look-ups, never a LIKE over the whole table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from opsdesk import catalog, customers, orders
from opsdesk.kernel.db import UTCDateTime
from opsdesk.kernel.errors import InvalidInput
from opsdesk.kernel.pagination import decode_cursor, encode_cursor
from opsdesk.returns.models import ReturnLine, ReturnReason, ReturnRequest, ReturnStatus

MAX_PAGE = 200


@dataclass(frozen=True)
class ReturnFilter:
    status: ReturnStatus | None = None
    reason: ReturnReason | None = None
    since: datetime | None = None
    sku: str | None = None
    warehouse_id: int | None = None
    order_id: int | None = None
    search: str | None = None


def conditions(session: Session, filters: ReturnFilter) -> list[sa.ColumnElement[bool]]:
    """WHERE clauses for ``filters``; a search that finds nothing matches no row."""
    found: list[sa.ColumnElement[bool]] = []
    if filters.status is not None:
        found.append(ReturnRequest.status == filters.status)
    if filters.reason is not None:
        found.append(ReturnRequest.reason == filters.reason)
    if filters.since is not None:
        found.append(ReturnRequest.created_at >= filters.since)
    if filters.warehouse_id is not None:
        found.append(ReturnRequest.warehouse_id == filters.warehouse_id)
    if filters.order_id is not None:
        found.append(ReturnRequest.order_id == filters.order_id)
    if filters.sku:
        found.append(ReturnRequest.id.in_(_returns_of_sku(filters.sku)))
    if filters.search and filters.search.strip():
        found.append(search_condition(session, filters.search.strip()))
    return found


def _returns_of_sku(sku: str) -> sa.Select[Any]:
    """Through the variant's order lines (indexed) to their return lines (indexed)."""
    variant_ids = sa.select(catalog.Variant.id).where(catalog.Variant.sku == sku)
    line_ids = sa.select(orders.OrderLine.id).where(orders.OrderLine.variant_id.in_(variant_ids))
    return sa.select(ReturnLine.return_id).where(ReturnLine.order_line_id.in_(line_ids))


def search_condition(session: Session, text: str) -> sa.ColumnElement[bool]:
    """An RMA number, else an order number, else a customer's e-mail address."""
    spellings = sorted({text, text.upper()})
    rma_id = session.scalar(sa.select(ReturnRequest.id).where(ReturnRequest.number.in_(spellings)))
    if rma_id is not None:
        return ReturnRequest.id == rma_id
    order_id = session.scalar(sa.select(orders.Order.id).where(orders.Order.number.in_(spellings)))
    if order_id is not None:
        return ReturnRequest.order_id == order_id
    if "@" in text:
        customer_ids = sa.select(customers.Customer.id).where(
            customers.Customer.email == text.lower()
        )
        order_ids = sa.select(orders.Order.id).where(orders.Order.customer_id.in_(customer_ids))
        return ReturnRequest.order_id.in_(order_ids)
    return sa.false()


def filtered(session: Session, filters: ReturnFilter) -> sa.Select[Any]:
    return (
        sa.select(ReturnRequest)
        .where(*conditions(session, filters))
        .options(selectinload(ReturnRequest.lines))
    )


def list_returns(
    session: Session, filters: ReturnFilter, *, cursor: str | None = None, limit: int = 50
) -> tuple[list[ReturnRequest], str | None]:
    """One page newest first and the cursor of the next (None on the last page)."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit must be 1 to {MAX_PAGE}", details={"field": "limit"})
    query = filtered(session, filters)
    if cursor:
        created_at, last_id = _decode(cursor)
        query = query.where(
            sa.or_(
                ReturnRequest.created_at < sa.literal(created_at, UTCDateTime()),
                sa.and_(
                    ReturnRequest.created_at == sa.literal(created_at, UTCDateTime()),
                    ReturnRequest.id < last_id,
                ),
            )
        )
    query = query.order_by(ReturnRequest.created_at.desc(), ReturnRequest.id.desc())
    rows = list(session.scalars(query.limit(limit + 1)))
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], encode_cursor({"created_at": last.created_at.isoformat(), "id": last.id})


def _decode(cursor: str) -> tuple[datetime, int]:
    value = decode_cursor(cursor)
    try:
        created_at = datetime.fromisoformat(str(value["created_at"]))
        last_id = int(value["id"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput("malformed cursor", details={"field": "cursor"}) from exc
    if created_at.tzinfo is None or not 0 < last_id < 2**63:
        raise InvalidInput("malformed cursor", details={"field": "cursor"})
    return created_at, last_id


@dataclass(frozen=True)
class LineView:
    """One returned line with what the order knew about it."""

    line: ReturnLine
    sku: str
    title: str
    unit_price_minor: int
    ean: str | None = None  # what a scanner reads off the item, when the catalog has it


@dataclass(frozen=True)
class OrderView:
    number: str
    email: str
    name: str
    currency: str


def order_views(session: Session, order_ids: Sequence[int]) -> dict[int, OrderView]:
    """Number, e-mail and name of each order on a page, in one query."""
    if not order_ids:
        return {}
    o = orders.Order
    rows = session.execute(
        sa.select(o.id, o.number, o.email, o.ship_name, o.currency).where(
            o.id.in_(sorted(set(order_ids)))
        )
    )
    return {r.id: OrderView(r.number, r.email, r.ship_name, r.currency) for r in rows}


def line_views(session: Session, rmas: Sequence[ReturnRequest]) -> dict[int, list[LineView]]:
    """Each return's lines with SKU, title and price from their order lines, in one query."""
    lines = [ln for rma in rmas for ln in rma.lines]
    if not lines:
        return {rma.id: [] for rma in rmas}
    ol, variant = orders.OrderLine, catalog.Variant
    known = {
        r.id: r
        for r in session.execute(
            sa.select(ol.id, ol.sku, ol.title, ol.unit_price_minor, variant.ean)
            .outerjoin(variant, variant.id == ol.variant_id)
            .where(ol.id.in_(sorted({ln.order_line_id for ln in lines})))
        )
    }
    views: dict[int, list[LineView]] = {rma.id: [] for rma in rmas}
    for ln in lines:
        row = known[ln.order_line_id]
        views[ln.return_id].append(LineView(ln, row.sku, row.title, row.unit_price_minor, row.ean))
    return views
