"""Reading shipments with their order and warehouse facts, in batches, as arrays."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import inventory, orders, shipping
from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk.areas import postal_area
from opsdesk.proactive.risk.shifts import DISTRICT_PREFIX

IN_FLIGHT = (
    shipping.ShipmentStatus.LABEL_CREATED,
    shipping.ShipmentStatus.IN_TRANSIT,
    shipping.ShipmentStatus.OUT_FOR_DELIVERY,
    shipping.ShipmentStatus.EXCEPTION,
)

_items = (
    sa.select(
        orders.OrderLine.order_id,
        sa.func.sum(orders.OrderLine.quantity).label("item_units"),
    )
    .group_by(orders.OrderLine.order_id)
    .subquery()
)


def _base_query() -> sa.Select[Any]:
    s, o, w = shipping.Shipment, orders.Order, inventory.Warehouse
    return (
        sa.select(
            s.id,
            s.order_id,
            s.carrier,
            s.service_level,
            s.status,
            s.warehouse_id,
            s.origin_region,
            s.destination_region,
            s.packages,
            s.promised_delivery_date,
            s.shipped_at,
            s.delivered_at,
            s.last_event_at,
            o.placed_at,
            o.subtotal_minor,
            o.shipping_minor,
            o.ship_country,
            o.ship_postal_code,
            sa.func.coalesce(w.country, o.ship_country).label("origin_country"),
            sa.func.coalesce(_items.c.item_units, 1).label("items"),
        )
        .join(o, o.id == s.order_id)
        .outerjoin(w, w.id == s.warehouse_id)
        .outerjoin(_items, _items.c.order_id == s.order_id)
        .where(s.shipped_at.is_not(None), s.promised_delivery_date.is_not(None))
    )


def shipment_rows(
    session: Session,
    *,
    delivered: bool = False,
    since: datetime | None = None,
    after_id: int = 0,
    limit: int | None = None,
    shipment_ids: Sequence[int] | None = None,
    region: str = "",
    carrier: str = "",
) -> list[dict[str, Any]]:
    """Delivered shipments (for training) or shipments in flight (for scans), by id."""
    s = shipping.Shipment
    query = _base_query().where(s.id > after_id).order_by(s.id)
    if delivered:
        query = query.where(
            s.status == shipping.ShipmentStatus.DELIVERED, s.delivered_at.is_not(None)
        )
        if since is not None:
            query = query.where(s.delivered_at >= since)
    else:
        query = query.where(s.status.in_(IN_FLIGHT))
    if shipment_ids is not None:
        query = query.where(s.id.in_(list(shipment_ids)))
    if region:
        wanted = region.strip().upper()
        query = query.where(
            sa.or_(
                sa.func.upper(s.origin_region) == wanted,
                sa.func.upper(s.destination_region) == wanted,
            )
        )
    if carrier:
        query = query.where(sa.func.lower(s.carrier) == carrier.strip().lower())
    if limit is not None:
        query = query.limit(limit)
    return [dict(row) for row in session.execute(query).mappings()]


def _weight(packages: Any) -> float:
    if not isinstance(packages, list):
        return 0.0
    return float(sum(p.get("weight_g", 0) or 0 for p in packages if isinstance(p, dict)))


def facts_from_rows(rows: list[dict[str, Any]]) -> f.ShipmentFacts:
    def column(name: str) -> np.ndarray:
        return np.asarray([r[name] or "" for r in rows], dtype=object)

    def moments(name: str) -> np.ndarray:
        return np.asarray([f.epoch(r[name]) for r in rows], dtype=np.float64)

    origin, destination = column("origin_region"), column("destination_region")
    lanes = (
        f.lane_classes(column("origin_country"), origin, column("ship_country"), destination)
        if rows
        else np.zeros(0, dtype=object)
    )
    return f.ShipmentFacts(
        carrier=column("carrier"),
        service_level=column("service_level"),
        origin_region=origin,
        destination_region=destination,
        lane_class=lanes,
        placed_at=np.minimum(moments("placed_at"), moments("shipped_at")),
        handed_over_at=moments("shipped_at"),
        promise_end=np.asarray(
            [f.end_of_day(r["promised_delivery_date"]) for r in rows], dtype=np.float64
        ),
        order_value=np.asarray([r["subtotal_minor"] / 100 for r in rows], dtype=np.float64),
        freight_value=np.asarray([r["shipping_minor"] / 100 for r in rows], dtype=np.float64),
        weight_g=np.asarray([_weight(r["packages"]) for r in rows], dtype=np.float64),
        item_count=np.asarray([float(r["items"]) for r in rows], dtype=np.float64),
        destination_area=np.asarray(
            [postal_area(r["ship_postal_code"] or "") for r in rows], dtype=object
        ),
        origin_point=np.asarray(
            [f"warehouse:{r['warehouse_id']}" if r["warehouse_id"] else "" for r in rows],
            dtype=object,
        ),
        destination_district=np.asarray(
            [postal_area(r["ship_postal_code"] or "", DISTRICT_PREFIX) for r in rows],
            dtype=object,
        ),
    )


def in_flight_state(rows: list[dict[str, Any]]) -> f.InFlightState:
    facts = facts_from_rows(rows)
    last_scan = np.asarray(
        [f.epoch(r["last_event_at"]) if r["last_event_at"] else 0.0 for r in rows],
        dtype=np.float64,
    )
    statuses = np.asarray([str(r["status"].value) for r in rows], dtype=object)
    return f.InFlightState(facts=facts, last_scan_at=last_scan, last_status=statuses)
