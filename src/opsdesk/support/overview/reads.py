"""The Customer 360's statements: plain columns, built once, one statement per table for
all the customer's orders (parcels come with their scans through one join), so the
panel costs the same dozen statements for any customer.

Statements that take a list of ids are built once per list length (``kernel.db.in_params``);
the ORM is not involved: nothing here is changed, and loading entities would cost more
than the queries. They run through ``kernel.fastsql`` (compiled once, straight on the
DBAPI cursor) rather than ``Session.execute``, whose per-statement work (cache key,
ORM execution hooks, result metadata) was a good part of the panel's CPU (issue #17);
rows come back as named tuples, read by attribute as before.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import customers, inventory, notifications, orders, shipping
from opsdesk.kernel import fastsql
from opsdesk.kernel.db import in_params, params_of
from opsdesk.support.models import Ticket
from opsdesk.support.policy import ACTIVE_STATUSES

OPEN_TICKET_LIMIT = 20
MESSAGE_LIMIT = 10

Order, Line, Event = orders.Order, orders.OrderLine, orders.OrderEvent
Parcel, Scan = shipping.Shipment, shipping.TrackingEvent

ORDER_COLUMNS = (
    Order.id, Order.number, Order.status, Order.channel, Order.placed_at, Order.currency,
    Order.total_minor, Order.service_level, Order.promised_delivery_date, Order.ship_city,
    Order.ship_country, Order.replaces_order_id,
)  # fmt: skip
LINE_COLUMNS = (
    Line.id.label("line_id"), Line.sku, Line.title, Line.quantity, Line.quantity_shipped,
    Line.quantity_cancelled, Line.quantity_returned,
)  # fmt: skip

CUSTOMER = sa.select(
    customers.Customer.id, customers.Customer.email, customers.Customer.first_name,
    customers.Customer.last_name, customers.Customer.phone, customers.Customer.locale,
    customers.Customer.timezone, customers.Customer.tags, customers.Customer.created_at,
).where(customers.Customer.id == sa.bindparam("customer_id"))  # fmt: skip

_COUNTED = sa.case((Order.status == orders.OrderStatus.CANCELLED, 0), else_=Order.total_minor)
LIFETIME = (
    sa.select(Order.currency, sa.func.count(), sa.func.coalesce(sa.func.sum(_COUNTED), 0))
    .where(Order.customer_id == sa.bindparam("customer_id"))
    .group_by(Order.currency)
    .order_by(Order.currency)
)

OPEN_TICKETS = (
    sa.select(
        Ticket.id,
        Ticket.subject,
        Ticket.status,
        Ticket.priority,
        Ticket.updated_at,
        Ticket.sla_status,
        Ticket.sla_breach_at,
        Ticket.sla_at_risk_at,
        Ticket.sla_due_at,
        Ticket.sla_paused,
    )
    .where(Ticket.customer_id == sa.bindparam("customer_id"), Ticket.status.in_(ACTIVE_STATUSES))
    .order_by(Ticket.updated_at.desc(), Ticket.id.desc())
    .limit(OPEN_TICKET_LIMIT)
)

_Message = notifications.Message
RECENT_MESSAGES = (
    sa.select(
        _Message.id,
        _Message.message_type,
        _Message.channel,
        _Message.subject,
        _Message.status,
        _Message.order_id,
        _Message.created_at,
        _Message.sent_at,
    )
    .where(_Message.customer_id == sa.bindparam("customer_id"))
    .order_by(_Message.created_at.desc(), _Message.id.desc())
    .limit(MESSAGE_LIMIT)
)


@lru_cache(maxsize=64)
def _customer_orders(limit: int) -> Any:
    """The customer's newest orders: read in the order of ``ix_orders_customer_placed``,
    so the query stops after ``limit`` rows whatever the length of the history."""
    return (
        sa.select(*ORDER_COLUMNS)
        .where(Order.customer_id == sa.bindparam("customer_id"))
        .order_by(Order.placed_at.desc(), Order.id.desc())
        .limit(limit)
    )


@cache
def _orders_by_id(count: int) -> Any:
    return sa.select(*ORDER_COLUMNS).where(in_params(Order.id, "id", count))


@cache
def _lines(count: int) -> Any:
    return (
        sa.select(Line.order_id, *LINE_COLUMNS)
        .where(in_params(Line.order_id, "id", count))
        .order_by(Line.order_id, Line.line_no, Line.id)
    )


@cache
def _timelines(count: int) -> Any:
    return (
        sa.select(Event.order_id, Event.id, Event.occurred_at, Event.kind, Event.actor,
                  Event.summary, Event.data)
        .where(in_params(Event.order_id, "id", count))
        .order_by(Event.occurred_at, Event.id)
    )  # fmt: skip


@cache
def _reservations(count: int) -> Any:
    held, warehouse = inventory.Reservation, inventory.Warehouse
    return (
        sa.select(held.order_line_id, held.quantity, held.status, held.promised_date,
                  warehouse.code)
        .outerjoin(warehouse, warehouse.id == held.warehouse_id)
        .where(in_params(held.order_id, "id", count),
               held.status != inventory.ReservationStatus.RELEASED)
        .order_by(held.order_line_id, held.id)
    )  # fmt: skip


@cache
def _shipments(count: int) -> Any:
    """Each parcel with its scans (one row per scan, or one row with no scan)."""
    return (
        sa.select(
            Parcel.id,
            Parcel.order_id,
            Parcel.carrier,
            Parcel.service_level,
            Parcel.tracking_number,
            Parcel.tracking_url,
            Parcel.status,
            Parcel.promised_delivery_date,
            Parcel.estimated_delivery_date,
            Parcel.shipped_at,
            Parcel.delivered_at,
            Scan.id.label("scan_id"),
            Scan.occurred_at.label("scan_at"),
            Scan.status.label("scan_status"),
            Scan.description.label("scan_description"),
            Scan.location.label("scan_location"),
        )
        .outerjoin(Scan, Scan.shipment_id == Parcel.id)
        .where(in_params(Parcel.order_id, "id", count))
        .order_by(Parcel.id, Scan.occurred_at.desc(), Scan.id.desc())
    )


@cache
def _prepared(statement: Any) -> tuple[fastsql.Statement, Any]:
    """The statement ready for ``fastsql`` and the named-tuple type of its rows."""
    ready = fastsql.Statement(statement)
    return ready, namedtuple("Row", ready.keys, rename=True)


# Statements with an expanding ``IN`` (a list bound at run time) cannot be precompiled.
_NOT_PRECOMPILED: set[int] = set()


def _rows(session: Session, statement: Any, values: Mapping[str, Any]) -> list[Any]:
    if id(statement) not in _NOT_PRECOMPILED:
        ready, row = _prepared(statement)
        try:
            return [row(*found) for found in fastsql.run(session, ready, values)]
        except TypeError:  # raised while compiling, before anything is sent
            _NOT_PRECOMPILED.add(id(statement))
    return list(session.execute(statement, values))


def customer(session: Session, customer_id: int) -> Any:
    found = _rows(session, CUSTOMER, {"customer_id": customer_id})
    return found[0] if found else None


def lifetime(session: Session, customer_id: int) -> list[Any]:
    return _rows(session, LIFETIME, {"customer_id": customer_id})


def customer_orders(
    session: Session, customer_id: int, linked: Sequence[int], limit: int
) -> list[Any]:
    """The orders linked to the ticket first (newest first), then the customer's newest
    others, ``limit`` in all. Two index reads instead of one ``OR … ORDER BY CASE`` that
    had to read and sort every order of the customer (issue #17)."""
    first = sorted(orders_by_id(session, linked), key=_newest_first)
    newest = _rows(session, _customer_orders(limit), {"customer_id": customer_id})
    shown = {row.id for row in first}
    return [*first, *(row for row in newest if row.id not in shown)][:limit]


def _newest_first(row: Any) -> tuple[float, int]:
    return (-row.placed_at.timestamp(), -row.id)


def orders_by_id(session: Session, ids: Sequence[int]) -> list[Any]:
    return _rows(session, _orders_by_id(len(ids)), params_of("id", ids)) if ids else []


def lines(session: Session, ids: Sequence[int]) -> list[Any]:
    return _by_ids(session, _lines, ids)


def timelines(session: Session, ids: Sequence[int]) -> list[Any]:
    return _by_ids(session, _timelines, ids)


def reservations(session: Session, ids: Sequence[int]) -> list[Any]:
    return _by_ids(session, _reservations, ids)


def shipments(session: Session, ids: Sequence[int]) -> list[Any]:
    return _by_ids(session, _shipments, ids)


def open_tickets(session: Session, customer_id: int) -> list[Any]:
    return _rows(session, OPEN_TICKETS, {"customer_id": customer_id})


def recent_messages(session: Session, customer_id: int) -> list[Any]:
    return _rows(session, RECENT_MESSAGES, {"customer_id": customer_id})


def _by_ids(session: Session, build: Any, ids: Sequence[int]) -> list[Any]:
    if not ids:
        return []
    return _rows(session, build(len(ids)), params_of("id", ids))
