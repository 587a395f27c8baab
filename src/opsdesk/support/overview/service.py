"""Building the Customer 360 in a fixed handful of queries.

Every table is read once for all the customer's orders (lines, timeline, reservations,
shipments with their scans; statements in ``reads``), never once per order; live stock is read in one batch for the distinct SKUs
of the orders where it matters, capped by ``policy.MAX_STOCK_SKUS``; "back in stock around"
is worked out only for those of them with nothing available and nothing on order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from opsdesk import inventory, orders, replenishment, shipping, tracking
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import NotFound
from opsdesk.support import sla_status
from opsdesk.support.csat import csat_for_customer
from opsdesk.support.overview import policy, reads
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

DEFAULT_ORDER_LIMIT = 20
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
    customer = reads.customer(session, customer_id)
    if customer is None:
        raise NotFound("customer", customer_id)
    today = _local_today(at, customer.timezone)
    linked = sorted(set(linked_order_ids))
    rows = reads.customer_orders(session, customer_id, linked, order_limit + len(linked) + 1)
    cap = order_limit + sum(1 for r in rows if r.id in linked_order_ids)
    return CustomerOverview(
        customer=_profile(customer),
        lifetime=_lifetime(session, customer_id),
        orders=order_views(session, rows[:cap], set(linked), today),
        more_orders=len(rows) > cap,
        open_tickets=_open_tickets(session, customer_id, at),
        recent_messages=_recent_messages(session, customer_id),
        csat=csat_for_customer(session, customer_id, limit=CSAT_LIMIT, known=True),
    )


def linked_orders_overview(
    session: Session, order_ids: Collection[int], *, now: datetime | None = None
) -> list[OrderView]:
    """The panel for a ticket without a known customer: just the orders it names."""
    ids = sorted(set(order_ids))
    return order_views(
        session, reads.orders_by_id(session, ids), set(ids), (now or utcnow()).date()
    )


def _local_today(at: datetime, timezone: str) -> date:
    try:
        return at.astimezone(ZoneInfo(timezone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return at.date()


def _profile(customer: Any) -> CustomerProfile:
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
    values = [
        LifetimeValue(currency=c, orders=int(n), total_minor=int(v))
        for c, n, v in reads.lifetime(session, customer_id)
    ]
    return Lifetime(orders=sum(v.orders for v in values), values=values)


def order_views(
    session: Session, rows: Sequence[Any], linked: Collection[int], today: date
) -> list[OrderView]:
    """Each order with its lines (held units, live stock where it matters), parcels and
    timeline: one statement per table for all the orders together."""
    ids = [o.id for o in rows]
    lines: dict[int, list[Any]] = defaultdict(list)
    for line in reads.lines(session, ids):
        lines[line.order_id].append(line)
    timelines = _timelines(session, ids)
    held = _reservations(session, ids)
    parcels = _shipments(session, ids, today)
    wanted = {o.id: policy.wants_live_stock(o.status, o.id in linked) for o in rows}
    skus = policy.skus_for_stock((line.sku, wanted[o.id]) for o in rows for line in lines[o.id])
    stock = inventory.stock_for_skus(session, skus)
    back = _back_in_stock(session, stock, today)
    by_rank = {o.id: o for o in rows}
    views = []
    for order_id in policy.rank_orders(((o.id, o.placed_at) for o in rows), linked):
        order = by_rank[order_id]
        line_views = [
            _line(line, held.get(line.line_id, []), stock.get(line.sku), back.get(line.sku))
            if wanted[order_id]
            else _line(line, held.get(line.line_id, []), None, None)
            for line in lines[order_id]
        ]
        views.append(_order_view(order, order_id in linked, line_views, parcels, timelines, today))
    return views


def _order_view(
    order: Any,
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


def _back_in_stock(
    session: Session, stock: dict[str, inventory.StockRead], today: date
) -> dict[str, replenishment.BackInStock]:
    """Per SKU with nothing available and nothing on order, when it should be back; no
    query at all for the others (the ticket page is read on every open)."""
    empty = {
        read.variant_id: sku for sku, read in stock.items() if policy.wants_back_in_stock(read)
    }
    found = replenishment.back_in_stock_many(session, empty, today=today)
    return {empty[variant_id]: back for variant_id, back in found.items()}


def _line(
    line: Any,
    held: list[ReservedHere],
    stock: inventory.StockRead | None,
    back: replenishment.BackInStock | None,
) -> LineView:
    basis = None
    if back is not None:
        basis = (
            "supplier lead time" if back.source == "plan" else f"purchase order {back.reference}"
        )
    return LineView(
        id=line.line_id, sku=line.sku, title=line.title, quantity=line.quantity,
        quantity_shipped=line.quantity_shipped, quantity_cancelled=line.quantity_cancelled,
        quantity_returned=line.quantity_returned, reserved=held, stock=stock,
        back_in_stock=back.day if back else None, back_in_stock_basis=basis,
    )  # fmt: skip


def _timelines(session: Session, ids: list[int]) -> dict[int, list[orders.TimelineEntry]]:
    result: dict[int, list[orders.TimelineEntry]] = defaultdict(list)
    for row in reads.timelines(session, ids):
        result[row.order_id].append(
            orders.TimelineEntry(
                id=row.id, occurred_at=row.occurred_at, kind=row.kind, actor=row.actor,
                summary=row.summary, data=row.data or {},
            )
        )  # fmt: skip
    return result


def _reservations(session: Session, ids: list[int]) -> dict[int, list[ReservedHere]]:
    """Per order line: what is held where, or waits for stock (released ones are history)."""
    result: dict[int, list[ReservedHere]] = defaultdict(list)
    for row in reads.reservations(session, ids):
        result[row.order_line_id].append(
            ReservedHere(
                warehouse_code=row.code, quantity=row.quantity, status=row.status,
                promised_date=row.promised_date,
            )
        )  # fmt: skip
    return result


def _shipments(session: Session, ids: list[int], today: date) -> dict[int, list[ShipmentView]]:
    """Per order: its parcels, each with its scans newest first."""
    parcels: dict[int, Any] = {}
    scans: dict[int, list[TrackingScan]] = defaultdict(list)
    for row in reads.shipments(session, ids):
        parcels.setdefault(row.id, row)
        if row.scan_id is not None:
            scans[row.id].append(
                TrackingScan(
                    occurred_at=row.scan_at,
                    status=row.scan_status.value if row.scan_status else None,
                    description=row.scan_description, location=row.scan_location,
                )
            )  # fmt: skip
    announced = tracking.announced_dates(session, list(parcels.values()))
    result: dict[int, list[ShipmentView]] = defaultdict(list)
    for parcel in parcels.values():
        view = _shipment_view(parcel, scans[parcel.id], announced.get(parcel.id), today)
        result[parcel.order_id].append(view)
    return result


def _shipment_view(
    parcel: Any, scans: list[TrackingScan], announced: date | None, today: date
) -> ShipmentView:
    delivered_on = parcel.delivered_at.date() if parcel.delivered_at else None
    expected = tracking.later_of(parcel.estimated_delivery_date, announced)
    late = shipping.is_late(
        promised=parcel.promised_delivery_date, estimated=expected,
        delivered_on=delivered_on, today=today,
    )  # fmt: skip
    return ShipmentView(
        id=parcel.id, carrier=parcel.carrier, service_level=parcel.service_level,
        tracking_number=parcel.tracking_number, tracking_url=parcel.tracking_url,
        status=parcel.status.value, promised_delivery_date=parcel.promised_delivery_date,
        estimated_delivery_date=parcel.estimated_delivery_date,
        announced_delivery_date=announced if expected == announced else None,
        shipped_at=parcel.shipped_at,
        delivered_at=parcel.delivered_at, late=late, scans=scans,
    )  # fmt: skip


def _open_tickets(session: Session, customer_id: int, at: datetime) -> list[OpenTicket]:
    return [
        OpenTicket(
            id=t.id,
            reference=f"T-{t.id}",
            subject=t.subject,
            status=t.status,
            priority=t.priority,
            sla_state=sla_status.state_at(t, at),
            updated_at=t.updated_at,
        )
        for t in reads.open_tickets(session, customer_id)
    ]


def _recent_messages(session: Session, customer_id: int) -> list[SentMessage]:
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
        for m in reads.recent_messages(session, customer_id)
    ]
