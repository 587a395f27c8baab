"""Building the Customer 360 in a fixed handful of queries.

Every table is read once for all the customer's orders (lines, timeline, reservations,
shipments with their scans), never once per order; live stock is read per distinct SKU
of the orders where it matters, capped by ``policy.MAX_STOCK_SKUS``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from opsdesk import customers, inventory, notifications, orders, shipping
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import NotFound
from opsdesk.support import sla_status
from opsdesk.support.csat import csat_for_customer
from opsdesk.support.models import Ticket
from opsdesk.support.overview import policy
from opsdesk.support.overview.schemas import (
    CustomerOverview,
    CustomerProfile,
    Lifetime,
    LifetimeValue,
    LineView,
    OpenTicket,
    OrderView,
    ReservedHere,
    SentMessage,
    ShipmentView,
    TrackingScan,
)
from opsdesk.support.policy import ACTIVE_STATUSES

DEFAULT_ORDER_LIMIT = 20
OPEN_TICKET_LIMIT = 20
MESSAGE_LIMIT = 10
CSAT_LIMIT = 10


def customer_overview(
    session: Session,
    customer_id: int,
    *,
    linked_order_ids: Collection[int] = (),
    order_limit: int = DEFAULT_ORDER_LIMIT,
    now: datetime | None = None,
) -> CustomerOverview:
    """The customer's profile, lifetime figures, orders (linked ones first) with live
    stock, reservations, shipments and timelines, open tickets and recent messages."""
    at = now or utcnow()
    customer = session.get(customers.Customer, customer_id)
    if customer is None:
        raise NotFound("customer", customer_id)
    today = _local_today(at, customer.timezone)
    rows, more = _orders(session, customer_id, linked_order_ids, order_limit)
    return CustomerOverview(
        customer=_profile(customer),
        lifetime=_lifetime(session, customer_id),
        orders=order_views(session, rows, set(linked_order_ids), today),
        more_orders=more,
        open_tickets=_open_tickets(session, customer_id, at),
        recent_messages=_recent_messages(session, customer_id),
        csat=csat_for_customer(session, customer_id, limit=CSAT_LIMIT),
    )


def linked_orders_overview(
    session: Session, order_ids: Collection[int], *, now: datetime | None = None
) -> list[OrderView]:
    """The panel for a ticket without a known customer: just the orders it names."""
    if not order_ids:
        return []
    rows = list(
        session.scalars(
            sa.select(orders.Order)
            .where(orders.Order.id.in_(list(order_ids)))
            .options(selectinload(orders.Order.lines))
        )
    )
    return order_views(session, rows, set(order_ids), (now or utcnow()).date())


def _local_today(at: datetime, timezone: str) -> date:
    try:
        return at.astimezone(ZoneInfo(timezone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return at.date()


def _profile(customer: customers.Customer) -> CustomerProfile:
    name = f"{customer.first_name} {customer.last_name}".strip()
    return CustomerProfile(
        id=customer.id,
        name=name or (customer.email or f"Customer {customer.id}"),
        email=customer.email,
        phone=customer.phone,
        locale=customer.locale,
        timezone=customer.timezone,
        tags=list(customer.tags or ()),
        customer_since=customer.created_at,
    )


def _lifetime(session: Session, customer_id: int) -> Lifetime:
    """Orders placed and their value per currency; cancelled orders earned nothing."""
    order = orders.Order
    counted = sa.case((order.status == orders.OrderStatus.CANCELLED, 0), else_=order.total_minor)
    rows = session.execute(
        sa.select(order.currency, sa.func.count(), sa.func.coalesce(sa.func.sum(counted), 0))
        .where(order.customer_id == customer_id)
        .group_by(order.currency)
        .order_by(order.currency)
    ).all()
    values = [LifetimeValue(currency=c, orders=int(n), total_minor=int(v)) for c, n, v in rows]
    return Lifetime(orders=sum(v.orders for v in values), values=values)


def _orders(
    session: Session, customer_id: int, linked: Collection[int], limit: int
) -> tuple[list[orders.Order], bool]:
    """The linked orders and the newest of the customer's, in one query."""
    order = orders.Order
    linked_ids = list(linked)
    is_linked = order.id.in_(linked_ids) if linked_ids else sa.false()
    rows = list(
        session.scalars(
            sa.select(order)
            .where(sa.or_(order.customer_id == customer_id, is_linked))
            .order_by(sa.case((is_linked, 0), else_=1), order.placed_at.desc(), order.id.desc())
            .limit(limit + len(linked_ids) + 1)
            .options(selectinload(order.lines))
        )
    )
    cap = limit + sum(1 for r in rows if r.id in linked)
    return rows[:cap], len(rows) > cap


def order_views(
    session: Session, rows: Sequence[orders.Order], linked: Collection[int], today: date
) -> list[OrderView]:
    ids = [o.id for o in rows]
    timelines = _timelines(session, ids)
    held = _reservations(session, ids)
    parcels = _shipments(session, ids, today)
    wanted = {o.id: policy.wants_live_stock(o.status, o.id in linked) for o in rows}
    skus = policy.skus_for_stock((line.sku, wanted[o.id]) for o in rows for line in o.lines)
    stock = _stock(session, skus)
    by_rank = {o.id: o for o in rows}
    views = []
    for order_id in policy.rank_orders(((o.id, o.placed_at) for o in rows), linked):
        order = by_rank[order_id]
        lines = [
            _line(line, held.get(line.id, []), stock.get(line.sku) if wanted[order_id] else None)
            for line in order.lines
        ]
        views.append(_order_view(order, order_id in linked, lines, parcels, timelines, today))
    return views


def _order_view(
    order: orders.Order,
    linked: bool,
    lines: list[LineView],
    parcels: dict[int, list[ShipmentView]],
    timelines: dict[int, list[orders.TimelineEntry]],
    today: date,
) -> OrderView:
    shipments = parcels.get(order.id, [])
    late = policy.order_is_late(
        order.status, order.promised_delivery_date, (s.late for s in shipments),
        bool(shipments), today,
    )  # fmt: skip
    return OrderView(
        id=order.id, number=order.number, status=order.status, channel=order.channel,
        placed_at=order.placed_at, currency=order.currency, total_minor=order.total_minor,
        service_level=order.service_level, promised_delivery_date=order.promised_delivery_date,
        ship_city=order.ship_city, ship_country=order.ship_country, linked=linked, late=late,
        replaces_order_id=order.replaces_order_id, lines=lines, shipments=shipments,
        timeline=timelines.get(order.id, []),
    )  # fmt: skip


def _line(
    line: orders.OrderLine, held: list[ReservedHere], stock: inventory.StockRead | None
) -> LineView:
    return LineView(
        id=line.id, sku=line.sku, title=line.title, quantity=line.quantity,
        quantity_shipped=line.quantity_shipped, quantity_cancelled=line.quantity_cancelled,
        quantity_returned=line.quantity_returned, reserved=held, stock=stock,
    )  # fmt: skip


def _timelines(session: Session, ids: list[int]) -> dict[int, list[orders.TimelineEntry]]:
    result: dict[int, list[orders.TimelineEntry]] = defaultdict(list)
    if not ids:
        return result
    event = orders.OrderEvent
    for row in session.scalars(
        sa.select(event).where(event.order_id.in_(ids)).order_by(event.occurred_at, event.id)
    ):
        result[row.order_id].append(orders.TimelineEntry.model_validate(row))
    return result


def _reservations(session: Session, ids: list[int]) -> dict[int, list[ReservedHere]]:
    """Per order line: what is held where, or waits for stock (released ones are history)."""
    result: dict[int, list[ReservedHere]] = defaultdict(list)
    if not ids:
        return result
    held, warehouse = inventory.Reservation, inventory.Warehouse
    rows = session.execute(
        sa.select(held, warehouse.code)
        .outerjoin(warehouse, warehouse.id == held.warehouse_id)
        .where(held.order_id.in_(ids), held.status != inventory.ReservationStatus.RELEASED)
        .order_by(held.order_line_id, held.id)
    )
    for reservation, code in rows:
        result[reservation.order_line_id].append(
            ReservedHere(
                warehouse_code=code,
                quantity=reservation.quantity,
                status=reservation.status,
                promised_date=reservation.promised_date,
            )
        )
    return result


def _shipments(session: Session, ids: list[int], today: date) -> dict[int, list[ShipmentView]]:
    result: dict[int, list[ShipmentView]] = defaultdict(list)
    if not ids:
        return result
    shipment = shipping.Shipment
    rows = session.scalars(
        sa.select(shipment)
        .where(shipment.order_id.in_(ids))
        .order_by(shipment.id)
        .options(selectinload(shipment.events))
    )
    for parcel in rows:
        result[parcel.order_id].append(_shipment_view(parcel, today))
    return result


def _shipment_view(parcel: shipping.Shipment, today: date) -> ShipmentView:
    scans = [
        TrackingScan(
            occurred_at=e.occurred_at,
            status=e.status.value if e.status else None,
            description=e.description,
            location=e.location,
        )
        for e in sorted(parcel.events, key=lambda e: (e.occurred_at, e.id), reverse=True)
    ]
    return ShipmentView(
        id=parcel.id, carrier=parcel.carrier, service_level=parcel.service_level,
        tracking_number=parcel.tracking_number, tracking_url=parcel.tracking_url,
        status=parcel.status.value, promised_delivery_date=parcel.promised_delivery_date,
        estimated_delivery_date=parcel.estimated_delivery_date, shipped_at=parcel.shipped_at,
        delivered_at=parcel.delivered_at, late=shipping.is_shipment_late(parcel, today),
        scans=scans,
    )  # fmt: skip


def _stock(session: Session, skus: list[str]) -> dict[str, inventory.StockRead]:
    result: dict[str, inventory.StockRead] = {}
    for sku in skus:
        try:
            result[sku] = inventory.stock_for_sku(session, sku)
        except NotFound:  # a line of a SKU since removed from the catalog
            continue
    return result


def _open_tickets(session: Session, customer_id: int, at: datetime) -> list[OpenTicket]:
    rows = session.scalars(
        sa.select(Ticket)
        .where(Ticket.customer_id == customer_id, Ticket.status.in_(ACTIVE_STATUSES))
        .order_by(Ticket.updated_at.desc(), Ticket.id.desc())
        .limit(OPEN_TICKET_LIMIT)
    )
    return [
        OpenTicket(
            id=t.id,
            reference=t.reference,
            subject=t.subject,
            status=t.status,
            priority=t.priority,
            sla_state=sla_status.state_at(t, at),
            updated_at=t.updated_at,
        )
        for t in rows
    ]


def _recent_messages(session: Session, customer_id: int) -> list[SentMessage]:
    message = notifications.Message
    rows = session.scalars(
        sa.select(message)
        .where(message.customer_id == customer_id)
        .order_by(message.created_at.desc(), message.id.desc())
        .limit(MESSAGE_LIMIT)
    )
    return [
        SentMessage(
            id=m.id,
            message_type=m.message_type,
            channel=m.channel,
            subject=m.subject,
            status=m.status.value,
            order_id=m.order_id,
            created_at=m.created_at,
            sent_at=m.sent_at,
        )
        for m in rows
    ]
