"""When an item out of stock is back: the service side's answer ("back in stock around
14 Dec"). From open purchase orders first — the first one that brings more than the
customers already waiting take — or, failing those, from the replenishment plan: an
order placed today arrives after its lead time."""

from __future__ import annotations

from collections.abc import Iterable
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
    return back_in_stock_many(session, [variant_id], today=today).get(variant_id)


def back_in_stock_many(
    session: Session, variant_ids: Iterable[int], *, today: date
) -> dict[int, BackInStock]:
    """The same for several variants in a fixed number of queries (the ticket panel asks
    for every out-of-stock line at once); variants nobody can bring back are left out."""
    wanted = sorted(set(variant_ids))
    if not wanted:
        return {}
    arrivals, waiting = _arrivals(session, wanted, today), _waiting(session, wanted)
    found: dict[int, BackInStock] = {}
    planned: list[int] = []
    for variant_id in wanted:
        first = first_free_arrival(arrivals.get(variant_id, []), waiting.get(variant_id, 0))
        if first is not None:
            found[variant_id] = BackInStock(first[0], "purchase order", first[1])
        else:
            planned.append(variant_id)
    for variant_id, lead in _lead_days(session, planned).items():
        found[variant_id] = BackInStock(today + timedelta(days=round(lead)), "plan")
    return found


def _arrivals(
    session: Session, variant_ids: list[int], today: date
) -> dict[int, list[tuple[date, int, str]]]:
    line, order = inventory.PurchaseOrderLine, inventory.PurchaseOrder
    outstanding = line.quantity_ordered - line.quantity_received
    rows = session.execute(
        sa.select(line.variant_id, order.expected_date, outstanding, order.number)
        .join(order, order.id == line.purchase_order_id)
        .where(line.variant_id.in_(variant_ids), order.status.in_(inputs.OPEN_PO), outstanding > 0)
    )
    found: dict[int, list[tuple[date, int, str]]] = {}
    for variant_id, expected, quantity, number in rows:
        found.setdefault(int(variant_id), []).append((max(expected, today), int(quantity), number))
    return found


def _waiting(session: Session, variant_ids: list[int]) -> dict[int, int]:
    res = inventory.Reservation
    rows = session.execute(
        sa.select(res.variant_id, sa.func.sum(res.quantity))
        .where(res.variant_id.in_(variant_ids), res.status == inventory.ReservationStatus.WAITING)
        .group_by(res.variant_id)
    )
    return {int(v): int(q or 0) for v, q in rows}


def _lead_days(session: Session, variant_ids: list[int]) -> dict[int, float]:
    """Stated lead time of the variant, else its supplier's (learned once it has enough
    receipts); variants with no active supplier to buy from get none."""
    if not variant_ids:
        return {}
    variants = session.scalars(
        sa.select(catalog.Variant).where(catalog.Variant.id.in_(variant_ids))
    ).all()
    suppliers: dict[str, inventory.Supplier] | None = None
    learned: dict[int, inputs.LeadTime] | None = None
    found: dict[int, float] = {}
    for variant in variants:
        if not variant.active or not variant.supplier.strip():
            continue
        if variant.lead_time_days is not None:
            found[variant.id] = float(variant.lead_time_days)
            continue
        if suppliers is None:
            active = inventory.suppliers.list_suppliers(session, active_only=True)
            suppliers = {s.name.lower(): s for s in active}
        supplier = suppliers.get(variant.supplier.strip().lower())
        if supplier is None:
            continue  # nobody to buy it from: no plan to promise from
        if learned is None:
            learned = inputs.learned_lead_times(session)
        lead = learned.get(supplier.id)
        found[variant.id] = lead.days if lead else float(supplier.lead_time_days)
    return found
