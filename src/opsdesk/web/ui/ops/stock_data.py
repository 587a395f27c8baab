"""What the Stock screen shows: rows per SKU x warehouse with their incoming goods, and one
SKU's ledger. Each page costs a fixed handful of statements whatever its length (the
page, then its incoming purchase orders and transfers in one batch each)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog, inventory
from opsdesk.web.ui.ops.listing import Page, SortKey, page_of

STATES = ("low", "out")
_available = inventory.StockLevel.on_hand - inventory.StockLevel.reserved
_limit = sa.func.coalesce(inventory.StockLevel.reorder_point, inventory.DEFAULT_REORDER_POINT)


@dataclass(frozen=True)
class Incoming:
    """Goods on the way to a warehouse: a purchase order or a transfer in transit."""

    label: str
    href: str
    quantity: int
    expected_date: date | None


@dataclass
class StockRow:
    variant_id: int
    sku: str
    title: str
    warehouse_id: int
    warehouse: str
    on_hand: int
    reserved: int
    reorder_point: int | None
    incoming: list[Incoming] = field(default_factory=list)

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @property
    def state(self) -> str:
        return inventory.stock_state(self.available, self.reorder_point).value

    @property
    def incoming_total(self) -> int:
        return sum(i.quantity for i in self.incoming)


@dataclass(frozen=True)
class StockFilters:
    q: str = ""
    warehouse: int | None = None
    state: str = ""

    def params(self) -> dict[str, Any]:
        return {"q": self.q, "warehouse": self.warehouse, "state": self.state}


def stock_page(session: Session, filters: StockFilters, cursor: str | None) -> Page[StockRow]:
    """Stock rows by SKU, then warehouse; ``q`` is a SKU prefix or an exact EAN."""
    level, variant, site = inventory.StockLevel, catalog.Variant, inventory.Warehouse
    # Typed loosely: page_of takes any select.
    stmt = cast("sa.Select[Any]", (
        sa.select(level.variant_id, variant.sku, variant.title, level.warehouse_id, site.code,
                  level.on_hand, level.reserved, level.reorder_point)
        .join(variant, variant.id == level.variant_id)
        .join(site, site.id == level.warehouse_id)
    ))  # fmt: skip
    if filters.q:
        q = filters.q.strip()
        stmt = stmt.where(sa.or_(variant.sku.startswith(q, autoescape=True), variant.ean == q))
    if filters.warehouse is not None:
        stmt = stmt.where(level.warehouse_id == filters.warehouse)
    if filters.state == "out":
        stmt = stmt.where(_available <= 0)
    elif filters.state == "low":
        stmt = stmt.where(_available > 0, _available <= _limit)
    page = page_of(session, stmt, [SortKey(variant.sku), SortKey(level.id)], cursor, scalars=False)
    rows = [StockRow(*r) for r in page.rows]
    attach_incoming(session, rows)
    return Page(rows=rows, next_cursor=page.next_cursor, is_first=page.is_first)


def attach_incoming(session: Session, rows: list[StockRow]) -> None:
    """Open purchase orders and transfers in transit, on the rows of their warehouse."""
    by_key: dict[tuple[int, int], StockRow] = {(r.variant_id, r.warehouse_id): r for r in rows}
    found = incoming_by_key(session, sorted({r.sku for r in rows}))
    for key, items in found.items():
        if key in by_key:
            by_key[key].incoming = items


def incoming_by_key(session: Session, skus: list[str]) -> dict[tuple[int, int], list[Incoming]]:
    """Incoming goods by (variant, warehouse), earliest expected first."""
    found: dict[tuple[int, int], list[Incoming]] = defaultdict(list)
    if not skus:
        return found
    reads = inventory.stock_for_skus(session, skus)
    for read in reads.values():
        for w in read.warehouses:
            found[(read.variant_id, w.warehouse_id)] += [
                Incoming(f"PO {i.number}", f"/workspace/purchase-orders/{i.purchase_order_id}",
                         i.quantity, i.expected_date)
                for i in w.incoming
            ]  # fmt: skip
    moving = inventory.in_transit(session, [r.variant_id for r in reads.values()])
    for variant_id, trips in moving.items():
        for t in trips:
            found[(variant_id, t.warehouse_id)].append(
                Incoming(f"Transfer {t.number}", f"/workspace/stock/transfers/{t.transfer_id}",
                         t.quantity, t.expected_date)
            )  # fmt: skip
    for items in found.values():
        items.sort(key=lambda i: (i.expected_date or date.max, i.label))
    return found


def sku_rows(session: Session, sku: str) -> tuple[dict[str, Any], list[StockRow]] | None:
    """The variant's facts and one row per warehouse that stocks it or expects it."""
    variant = session.execute(
        sa.select(catalog.Variant.id, catalog.Variant.sku, catalog.Variant.title,
                  catalog.Variant.ean, catalog.Product.title.label("product"))
        .join(catalog.Product).where(catalog.Variant.sku == sku)
    ).one_or_none()  # fmt: skip
    if variant is None:
        return None
    level, site = inventory.StockLevel, inventory.Warehouse
    rows = [
        StockRow(variant.id, sku, variant.title, *r)
        for r in session.execute(
            sa.select(level.warehouse_id, site.code, level.on_hand, level.reserved,
                      level.reorder_point)
            .join(site, site.id == level.warehouse_id)
            .where(level.variant_id == variant.id)
            .order_by(site.priority, site.id)
        )
    ]  # fmt: skip
    incoming = incoming_by_key(session, [sku])
    _add_incoming_only(session, variant.id, sku, variant.title, rows, incoming)
    for row in rows:
        row.incoming = incoming.get((variant.id, row.warehouse_id), [])
    return dict(variant._mapping), rows


def _add_incoming_only(
    session: Session,
    variant_id: int,
    sku: str,
    title: str,
    rows: list[StockRow],
    incoming: dict[tuple[int, int], list[Incoming]],
) -> None:
    """Warehouses with goods on the way but no stock row yet get an empty row."""
    stocked = {r.warehouse_id for r in rows}
    missing = sorted({w for (_, w) in incoming} - stocked)
    if not missing:
        return
    codes = dict(
        session.execute(
            sa.select(inventory.Warehouse.id, inventory.Warehouse.code).where(
                inventory.Warehouse.id.in_(missing)
            )
        ).all()
    )
    rows += [StockRow(variant_id, sku, title, w, codes[w], 0, 0, None) for w in missing]


class LedgerRow(NamedTuple):
    id: int
    created_at: datetime
    code: str
    kind: inventory.MovementKind
    on_hand_delta: int
    reserved_delta: int
    reason: str
    reference: str
    actor: str


def ledger_page(
    session: Session, variant_id: int, warehouse: int | None, cursor: str | None
) -> Page[LedgerRow]:
    """One SKU's movements, newest first (``ix_stock_movements_variant_id_id``)."""
    move, site = inventory.StockMovement, inventory.Warehouse
    stmt = cast("sa.Select[Any]", (
        sa.select(move.id, move.created_at, site.code, move.kind, move.on_hand_delta,
                  move.reserved_delta, move.reason, move.reference, move.actor)
        .join(site, site.id == move.warehouse_id)
        .where(move.variant_id == variant_id)
    ))  # fmt: skip
    if warehouse is not None:
        stmt = stmt.where(move.warehouse_id == warehouse)
    page = page_of(session, stmt, [SortKey(move.id, descending=True)], cursor, scalars=False)
    return Page([LedgerRow(*r) for r in page.rows], page.next_cursor, page.is_first)


def warehouse_choices(session: Session) -> list[tuple[int, str, str]]:
    site = inventory.Warehouse
    return [
        (r.id, r.code, r.name)
        for r in session.execute(
            sa.select(site.id, site.code, site.name).order_by(site.priority, site.id)
        )
    ]
