"""What a replenishment plan reads from the database, as plain values: the stock
position of every SKU × warehouse, its supplier's terms and lead time, and the demand
the last weeks of orders show (the fallback when no stored forecast covers a series)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog, inventory, orders
from opsdesk.replenishment.policy import Terms

OPEN_PO = (inventory.PurchaseOrderStatus.OPEN, inventory.PurchaseOrderStatus.PARTIALLY_RECEIVED)
DEFAULT_LEAD_DAYS = 7
ASSUMED_LEAD_SPREAD = 0.25  # stated lead times come without a spread: assume ±25 %
MIN_LEARNED = 3  # receipts needed before a supplier's history replaces its stated lead time


@dataclass(frozen=True)
class LeadTime:
    days: float
    sd: float
    learned: bool  # from receipts (else stated, spread assumed)


@dataclass(frozen=True)
class Item:
    """One SKU in one warehouse, as replenishment sees it."""

    variant_id: int
    sku: str
    title: str
    price_minor: int
    warehouse_id: int
    warehouse_code: str
    on_hand: int
    reserved: int
    on_order: int  # open purchase-order units due to this warehouse
    in_transit: int  # transfers on their way here
    backordered: int  # waiting order lines this warehouse will serve
    supplier: str
    supplier_id: int | None
    lead: LeadTime
    terms: Terms

    @property
    def position(self) -> int:
        """Units we can count on: on hand and coming, less what customers already hold."""
        return self.on_hand - self.reserved + self.on_order + self.in_transit - self.backordered


def load_items(session: Session, *, today: date) -> list[Item]:
    """Every stock row of an active variant in an active warehouse, with its position."""
    rows = session.execute(
        sa.select(inventory.StockLevel, catalog.Variant, inventory.Warehouse)
        .join(catalog.Variant, catalog.Variant.id == inventory.StockLevel.variant_id)
        .join(inventory.Warehouse, inventory.Warehouse.id == inventory.StockLevel.warehouse_id)
        .where(catalog.Variant.active.is_(True), inventory.Warehouse.active.is_(True))
        .order_by(catalog.Variant.sku, inventory.Warehouse.priority, inventory.Warehouse.id)
    ).all()
    variant_ids = {v.id for _s, v, _w in rows}
    on_order = _on_order(session)
    transit = _in_transit(session, variant_ids)
    backordered = _backordered(session, [(v.id, w.id) for _s, v, w in rows])
    suppliers = {s.name.lower(): s for s in inventory.suppliers.list_suppliers(session)}
    learned = learned_lead_times(session)
    items = []
    for stock, variant, warehouse in rows:
        key = (variant.id, warehouse.id)
        record = suppliers.get(variant.supplier.strip().lower())
        stated = variant.lead_time_days or (record.lead_time_days if record else DEFAULT_LEAD_DAYS)
        lead = learned.get(record.id) if record is not None else None
        items.append(Item(
            variant.id, variant.sku, variant.title, variant.price_minor, warehouse.id,
            warehouse.code, stock.on_hand, stock.reserved, on_order.get(key, 0),
            transit.get(key, 0), backordered.get(key, 0),
            record.name if record else variant.supplier, record.id if record else None,
            lead or LeadTime(float(stated), stated * ASSUMED_LEAD_SPREAD, learned=False),
            Terms(moq=variant.moq or 1, pack_size=variant.pack_size or 1),
        ))  # fmt: skip
    return items


def _on_order(session: Session) -> dict[tuple[int, int], int]:
    line, order = inventory.PurchaseOrderLine, inventory.PurchaseOrder
    outstanding = sa.func.sum(line.quantity_ordered - line.quantity_received)
    rows = session.execute(
        sa.select(line.variant_id, order.warehouse_id, outstanding)
        .join(order, order.id == line.purchase_order_id)
        .where(order.status.in_(OPEN_PO))
        .group_by(line.variant_id, order.warehouse_id)
    )
    return {(int(v), int(w)): int(q or 0) for v, w, q in rows}


def _in_transit(session: Session, variant_ids: set[int]) -> dict[tuple[int, int], int]:
    found: dict[tuple[int, int], int] = defaultdict(int)
    for variant_id, moving in inventory.in_transit(session, variant_ids).items():
        for m in moving:
            found[(variant_id, m.warehouse_id)] += m.quantity
    return found


def _backordered(session: Session, keys: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """Waiting lines per warehouse; lines not yet tied to one go to the variant's first
    warehouse (the highest priority), where the purchase order will most likely land."""
    first: dict[int, int] = {}
    for variant, warehouse in keys:
        first.setdefault(variant, warehouse)
    res = inventory.Reservation
    rows = session.execute(
        sa.select(res.variant_id, res.warehouse_id, sa.func.sum(res.quantity))
        .where(res.status == inventory.ReservationStatus.WAITING)
        .group_by(res.variant_id, res.warehouse_id)
    )
    found: dict[tuple[int, int], int] = defaultdict(int)
    for variant_id, warehouse_id, quantity in rows:
        serving = first.get(int(variant_id)) if warehouse_id is None else int(warehouse_id)
        if serving is not None:
            found[(int(variant_id), serving)] += int(quantity or 0)
    return found


def learned_lead_times(session: Session) -> dict[int, LeadTime]:
    """Mean and spread of days from order to first receipt, per supplier record."""
    order, receipt = inventory.PurchaseOrder, inventory.PurchaseReceipt
    rows = session.execute(
        sa.select(order.supplier_id, order.created_at, sa.func.min(receipt.created_at))
        .join(receipt, receipt.purchase_order_id == order.id)
        .where(order.supplier_id.is_not(None))
        .group_by(order.id, order.supplier_id, order.created_at)
    )
    days: dict[int, list[float]] = defaultdict(list)
    for supplier_id, placed, first_in in rows:
        if supplier_id is None or first_in is None:
            continue
        days[int(supplier_id)].append(max((first_in - placed).total_seconds() / 86400, 0.0))
    learned = {}
    for supplier_id, values in days.items():
        if len(values) >= MIN_LEARNED:
            mean = sum(values) / len(values)
            sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
            learned[supplier_id] = LeadTime(mean, sd, learned=True)
    return learned


def recent_demand(
    session: Session, *, today: date, weeks: int
) -> dict[tuple[int, int | None], list[float]]:
    """Units ordered per week over the last ``weeks`` full weeks, per variant ×
    warehouse (None: not yet tied to one), oldest week first — every order line counts
    on the day it was placed, backordered or later cancelled too: it is what customers
    asked for. Closed days come from the daily demand rollup (``orders.demand_days``)."""
    start = today - timedelta(days=7 * weeks)
    found: dict[tuple[int, int | None], list[float]] = {}
    for row in orders.demand_days(session, start):
        buckets = found.setdefault((row.variant_id, row.warehouse_id), [0.0] * weeks)
        buckets[min(max((row.day - start).days // 7, 0), weeks - 1)] += float(row.units)
    return found
