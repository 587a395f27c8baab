"""When an item out of stock is back: the service side's answer ("back in stock around
14 Dec"). From open purchase orders first — the first one that brings more than the
customers already waiting take — or, failing those, from the replenishment plan: an
order placed today arrives after its lead time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog, inventory
from opsdesk.replenishment import inputs


@dataclass(frozen=True)
class BackInStock:
    day: date
    source: str  # "purchase order" or "plan"
    reference: str = ""  # the purchase order's number


def first_free_arrival(
    arrivals: list[tuple[date, int, str]], waiting: int
) -> tuple[date, str] | None:
    """The date open supply first exceeds the units already promised to waiting orders."""
    covered = 0
    for day, quantity, number in sorted(arrivals):
        covered += quantity
        if covered > waiting:
            return day, number
    return None


def back_in_stock(session: Session, variant_id: int, *, today: date) -> BackInStock | None:
    """None when neither an open purchase order nor an active supplier can bring it back."""
    line, order = inventory.PurchaseOrderLine, inventory.PurchaseOrder
    outstanding = line.quantity_ordered - line.quantity_received
    arrivals = [
        (max(r.expected_date, today), int(r.quantity), r.number)
        for r in session.execute(
            sa.select(order.expected_date, outstanding.label("quantity"), order.number)
            .join(order, order.id == line.purchase_order_id)
            .where(line.variant_id == variant_id, order.status.in_(inputs.OPEN_PO), outstanding > 0)
        )
    ]
    res = inventory.Reservation
    waiting = session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(res.quantity), 0)).where(
            res.variant_id == variant_id, res.status == inventory.ReservationStatus.WAITING
        )
    )
    found = first_free_arrival(arrivals, int(waiting or 0))
    if found is not None:
        return BackInStock(found[0], "purchase order", found[1])
    lead = _lead_days(session, variant_id)
    return None if lead is None else BackInStock(today + timedelta(days=round(lead)), "plan")


def _lead_days(session: Session, variant_id: int) -> float | None:
    variant = session.get(catalog.Variant, variant_id)
    if variant is None or not variant.active or not variant.supplier.strip():
        return None
    if variant.lead_time_days is not None:
        return float(variant.lead_time_days)
    name = variant.supplier.strip().lower()
    for supplier in inventory.suppliers.list_suppliers(session, active_only=True):
        if supplier.name.lower() == name:
            learned = inputs.learned_lead_times(session).get(supplier.id)
            return learned.days if learned else float(supplier.lead_time_days)
    return None  # nobody to buy it from: no plan to promise from
