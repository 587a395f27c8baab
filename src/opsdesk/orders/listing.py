"""The operations order list: filters as SQL conditions that each ride an index, so the
list pages by keyset (newest first) on a store with millions of orders.

Only what the orders module (and the stock below it) knows is here: status, country,
warehouse, backorders, a passed promise, and the search box. Conditions about tickets,
parcels and risk scores belong to modules above this one; the web layer adds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from opsdesk import customers, inventory
from opsdesk.orders.models import Order, OrderStatus

# Orders that still need work: not delivered, cancelled or returned.
OPEN_STATUSES = (
    OrderStatus.PLACED,
    OrderStatus.ALLOCATED,
    OrderStatus.BACKORDERED,
    OrderStatus.PICKING,
    OrderStatus.PACKED,
    OrderStatus.PARTIALLY_SHIPPED,
    OrderStatus.SHIPPED,
)
# A name search looks at this many matching customers at most (a prefix of one letter
# would otherwise turn into an IN list of a hundred thousand ids).
MAX_NAME_MATCHES = 500
MAX_QUERY = 120

LIST_COLUMNS = (
    Order.id,
    Order.number,
    Order.status,
    Order.placed_at,
    Order.email,
    Order.ship_name,
    Order.ship_country,
    Order.currency,
    Order.total_minor,
    Order.service_level,
    Order.promised_delivery_date,
    Order.customer_id,
)


@dataclass(frozen=True)
class OrderListFilter:
    """The list's filters as typed values (the web layer parses the query string)."""

    status: OrderStatus | None = None
    country: str | None = None
    warehouse_id: int | None = None
    backordered: bool = False
    search: str = ""


def list_select(filters: OrderListFilter, extra: Sequence[sa.ColumnElement[bool]] = ()) -> Any:
    """The list's rows under ``filters`` plus ``extra`` conditions, not yet ordered."""
    return sa.select(*LIST_COLUMNS).where(*conditions(filters), *extra)


def conditions(f: OrderListFilter) -> list[sa.ColumnElement[bool]]:
    found: list[sa.ColumnElement[bool]] = []
    if f.status is not None:
        found.append(Order.status == f.status)  # ix_orders_status_placed
    if f.country:
        found.append(Order.ship_country == f.country.upper())  # ix_orders_country_placed
    if f.warehouse_id is not None:
        found.append(holds_stock_in(f.warehouse_id))
    if f.backordered:
        found.append(waits_for_stock())
    if f.search.strip():
        found.append(search_condition(f.search))
    return found


def holds_stock_in(warehouse_id: int) -> sa.ColumnElement[bool]:
    """Some of the order is held or was picked in that warehouse (waiting units have none).

    Probed per order through ``reservations.order_id``'s index."""
    r = inventory.Reservation
    return sa.exists().where(r.order_id == Order.id, r.warehouse_id == warehouse_id)


def waits_for_stock() -> sa.ColumnElement[bool]:
    """Backordered: at least one unit waits for stock that is not there yet.

    Units wait only while the order is backordered (allocation moves it on once nothing
    waits), so the status narrows the walk to ix_orders_status_placed first: probing
    every order for a rare waiting reservation cost 50 ms on 6,000 orders."""
    r = inventory.Reservation
    waiting = sa.exists().where(
        r.order_id == Order.id, r.status == inventory.ReservationStatus.WAITING
    )
    return sa.and_(Order.status == OrderStatus.BACKORDERED, waiting)


def promise_passed(today: date) -> sa.ColumnElement[bool]:
    """Still open and the promised delivery day is behind us (ix_orders_status_promised)."""
    return sa.and_(
        Order.status.in_(OPEN_STATUSES),
        Order.promised_delivery_date < today,
    )


def search_condition(text: str) -> sa.ColumnElement[bool]:
    """An order number (or its start, ``OD-`` optional), an e-mail address, or a
    customer's name; a bare word of four letters or digits may be either."""
    q = text.strip()[:MAX_QUERY]
    if "@" in q:
        return Order.email == q.lower()  # ix_orders_email_placed
    if q.upper().startswith("OD-"):
        return _prefix(Order.number, q.upper())  # the unique index on number
    named = Order.customer_id.in_(_customers_named(q))  # ix_orders_customer_placed
    if len(q) >= 4 and q.isalnum():
        return sa.or_(_prefix(Order.number, "OD-" + q.upper()), named)
    return named


def _prefix(column: Any, prefix: str) -> sa.ColumnElement[bool]:
    """``column`` starts with ``prefix``, as a range that any B-tree index serves (LIKE
    would need a special operator class on PostgreSQL)."""
    return sa.and_(column >= prefix, column < prefix + "\U0010ffff")


def _customers_named(q: str) -> Any:
    """Ids of customers whose first or last name starts with ``q`` (as typed or
    capitalised), or whose full name is ``first last…``."""
    c = customers.Customer
    words = q.split()
    variants = sorted({q, q[:1].upper() + q[1:], q.title()})
    if len(words) >= 2:
        first, last = words[0], " ".join(words[1:])
        match = sa.or_(
            *(
                sa.and_(c.first_name == f, _prefix(c.last_name, last_))
                for f, last_ in {(first, last), (first.title(), last.title())}
            )
        )
    else:
        match = sa.or_(
            *(_prefix(c.first_name, v) for v in variants),
            *(_prefix(c.last_name, v) for v in variants),
        )
    return sa.select(c.id).where(match).limit(MAX_NAME_MATCHES)


__all__ = [
    "LIST_COLUMNS",
    "OPEN_STATUSES",
    "OrderListFilter",
    "conditions",
    "holds_stock_in",
    "list_select",
    "promise_passed",
    "search_condition",
    "waits_for_stock",
]
