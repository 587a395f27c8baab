"""What an Olist order's timestamps become: order timeline entries and tracking events.

Pure functions over an :class:`OrderPlan`. Each entry states what happened in words an
agent can read back to a customer; the data keeps the original values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from opsdesk.integrations.olist import mapping as m
from opsdesk.integrations.olist.plan import OrderPlan
from opsdesk.orders import OrderStatus
from opsdesk.shipping import ShipmentStatus, TrackingUpdate


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    occurred_at: datetime
    summary: str
    data: dict[str, Any] = field(default_factory=dict)


def timeline(order: OrderPlan, *, imported_at: datetime) -> list[TimelineEntry]:
    units = sum(line.quantity for line in order.lines.values())
    entries = [
        TimelineEntry(
            "order.placed",
            order.purchased_at,
            f"Order placed on Olist ({units} {'item' if units == 1 else 'items'})",
            {"olist_order_id": order.order_id},
        )
    ]
    if order.approved_at:
        entries.append(TimelineEntry("payment.approved", order.approved_at, "Payment approved"))
    if order.handed_over_at:
        entries.append(
            TimelineEntry(
                "shipment.handed_over", order.handed_over_at, "Handed over to the carrier"
            )
        )
    if order.delivered_at:
        entries.append(_delivered(order, order.delivered_at))
    if order.status.order is OrderStatus.CANCELLED:
        entries.append(_cancelled(order))
    entries.append(
        TimelineEntry(
            "order.imported",
            imported_at,
            f"Imported from Olist; delivery was promised by {order.promised.isoformat()}",
            {"source": m.CHANNEL, "olist_status": order.olist_status},
        )
    )
    return entries


def tracking(order: OrderPlan) -> list[TrackingUpdate]:
    """Scans in the shipping module's own shape, so fingerprints match a carrier's resend."""
    scans = []
    if order.handed_over_at:
        scans.append(
            TrackingUpdate(
                order.handed_over_at, ShipmentStatus.IN_TRANSIT, "Handed over to the carrier"
            )
        )
    if order.delivered_at:
        scans.append(
            TrackingUpdate(
                order.delivered_at, ShipmentStatus.DELIVERED, "Delivered to the customer"
            )
        )
    return scans


def last_known(order: OrderPlan) -> datetime:
    stamps = [order.purchased_at, order.approved_at, order.handed_over_at, order.delivered_at]
    return max(s for s in stamps if s is not None)


def _delivered(order: OrderPlan, delivered_at: datetime) -> TimelineEntry:
    late = m.days_late(delivered_at, order.promised)
    promised = order.promised.isoformat()
    summary = (
        f"Delivered {late} {'day' if late == 1 else 'days'} after the promised {promised}"
        if late
        else f"Delivered within the promised date ({promised})"
    )
    return TimelineEntry("shipment.delivered", delivered_at, summary, {"days_late": late})


def _cancelled(order: OrderPlan) -> TimelineEntry:
    # Olist records no cancellation time: the last known moment is the best bound.
    return TimelineEntry(
        "status.cancelled",
        last_known(order),
        f"Cancelled on Olist (status {order.olist_status})",
        {"olist_status": order.olist_status, "time_is_estimate": True},
    )
