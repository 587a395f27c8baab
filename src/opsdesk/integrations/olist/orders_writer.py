"""Bulk writes of Olist orders with their lines, timeline and shipment history.

One batch is a few executemany statements: orders (returning ids), then lines,
timeline entries and shipments (returning ids), then tracking events.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.integrations.olist import history
from opsdesk.integrations.olist import mapping as m
from opsdesk.integrations.olist.loader import insert_all, insert_returning_ids
from opsdesk.integrations.olist.plan import OrderPlan
from opsdesk.orders import Order, OrderEvent, OrderLine, OrderStatus
from opsdesk.shipping import Shipment, TrackingEvent

# The one table shipping does not export: the bulk loader writes scans directly.

SHIPPED = frozenset({OrderStatus.SHIPPED, OrderStatus.DELIVERED})


@dataclass(frozen=True)
class IdMaps:
    customers: dict[str, int]  # by customer_unique_id
    variants: dict[str, int]  # by Olist product id
    warehouses: dict[str, int]  # by Olist seller id
    seller_states: dict[str, str]  # by Olist seller id


@dataclass
class WriteCounts:
    orders: int = 0
    lines: int = 0
    timeline_entries: int = 0
    shipments: int = 0
    tracking_events: int = 0


def existing_orders(session: Session) -> set[str]:
    query = sa.select(Order.external_id).where(Order.channel == m.CHANNEL)
    return {e for e in session.scalars(query) if e is not None}


def batches(items: Sequence[OrderPlan], size: int) -> Iterator[Sequence[OrderPlan]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def write_orders(
    session: Session,
    orders: Sequence[OrderPlan],
    ids: IdMaps,
    *,
    now: datetime,
    counts: WriteCounts,
) -> None:
    order_ids = insert_returning_ids(
        session, Order, [_order_row(o, ids) for o in orders], key="external_id"
    )
    pairs = list(zip(orders, order_ids, strict=True))
    lines = [row for o, oid in pairs for row in _line_rows(o, oid, ids)]
    events = [row for o, oid in pairs for row in _timeline_rows(o, oid, now)]
    insert_all(session, OrderLine, lines)
    insert_all(session, OrderEvent, events)
    shipment_ids = insert_returning_ids(
        session, Shipment, [_shipment_row(o, oid, ids) for o, oid in pairs], key="order_id"
    )
    tracking = [
        row
        for o, sid in zip(orders, shipment_ids, strict=True)
        for row in _tracking_rows(o, sid, now)
    ]
    insert_all(session, TrackingEvent, tracking)
    counts.orders += len(order_ids)
    counts.lines += len(lines)
    counts.timeline_entries += len(events)
    counts.shipments += len(shipment_ids)
    counts.tracking_events += len(tracking)


def _order_row(order: OrderPlan, ids: IdMaps) -> dict[str, Any]:
    place = order.destination
    return {
        "number": m.order_number(order.order_id),
        "channel": m.CHANNEL,
        "external_id": order.order_id,
        "customer_id": ids.customers[order.customer_unique_id],
        "status": order.status.order,
        "currency": m.CURRENCY,
        "locale": m.LOCALE,
        "subtotal_minor": order.subtotal_minor,
        "shipping_minor": order.shipping_minor,
        "tax_minor": 0,
        "discount_minor": 0,
        "total_minor": order.subtotal_minor + order.shipping_minor,
        "email": "",
        "ship_city": place.city[:120],
        "ship_region": place.state[:64],
        "ship_postal_code": place.postal_code[:16],
        "ship_country": m.COUNTRY,
        "service_level": "standard",
        "promised_delivery_date": order.promised,
        "placed_at": order.purchased_at,
        "updated_at": history.last_known(order),
    }


def _line_rows(order: OrderPlan, order_id: int, ids: IdMaps) -> list[dict[str, Any]]:
    shipped = order.status.order in SHIPPED
    cancelled = order.status.order is OrderStatus.CANCELLED
    return [
        {
            "order_id": order_id,
            "line_no": line_no,
            "variant_id": ids.variants[line.product_id],
            "sku": m.sku_for(line.product_id),
            "title": f"Olist product {line.product_id[:8]}",
            "quantity": line.quantity,
            "unit_price_minor": line.unit_price_minor,
            "quantity_cancelled": line.quantity if cancelled else 0,
            "quantity_shipped": line.quantity if shipped else 0,
            "quantity_returned": 0,
        }
        for line_no, line in enumerate(order.lines.values(), start=1)
    ]


def _timeline_rows(order: OrderPlan, order_id: int, now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "order_id": order_id,
            "occurred_at": entry.occurred_at,
            "kind": entry.kind,
            "actor": m.ACTOR,
            "summary": entry.summary,
            "data": entry.data,
        }
        for entry in history.timeline(order, imported_at=now)
    ]


def _shipment_row(order: OrderPlan, order_id: int, ids: IdMaps) -> dict[str, Any]:
    """One shipment per order, from the seller of its first line."""
    first_seller = next(iter(order.lines.values())).seller_id
    tracked = history.tracking(order)
    return {
        "order_id": order_id,
        "warehouse_id": ids.warehouses[first_seller],
        "carrier": m.CARRIER,
        "service_level": "standard",
        "tracking_url": "",
        "status": order.status.shipment,
        "origin_region": ids.seller_states.get(first_seller, "")[:64],
        "destination_region": order.destination.state[:64],
        "packages": [],
        "promised_delivery_date": order.promised,
        "estimated_delivery_date": order.promised,
        "shipped_at": order.handed_over_at,
        "delivered_at": order.delivered_at,
        "last_event_at": tracked[-1].occurred_at if tracked else None,
        "created_at": order.handed_over_at or order.purchased_at,
    }


def _tracking_rows(order: OrderPlan, shipment_id: int, now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "shipment_id": shipment_id,
            "occurred_at": event.occurred_at,
            "status": event.status,
            "description": event.description,
            "location": "",
            "source": m.CHANNEL,
            "fingerprint": event.fingerprint(),
            "created_at": now,
        }
        for event in history.tracking(order)
    ]
