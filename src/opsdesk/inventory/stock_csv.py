"""Stock levels in and out as CSV (``sku,warehouse,on_hand``): an import is a count, so each
changed row becomes an adjustment with the reason "import", previewed before it is booked.

The preview (:func:`plan_stock_import`) reads everything in a few batched statements and
changes nothing; :func:`apply_stock_import` plans again with the stock rows locked and books
the changes only if the plan is still the one previewed (same fingerprint), all or nothing
in the caller's transaction. The export writes the same columns, so exporting and
importing the file again changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog
from opsdesk.inventory import stock
from opsdesk.inventory.models import StockLevel, Warehouse
from opsdesk.kernel.errors import Conflict

COLUMNS = ("sku", "warehouse", "on_hand")
IMPORT_REASON = "import"
EXPORT_BATCH = 1000
_CHUNK = 500


@dataclass(frozen=True)
class StockChange:
    line: int
    sku: str
    warehouse: str
    warehouse_id: int
    old: int
    new: int


@dataclass
class StockPlan:
    changes: list[StockChange] = field(default_factory=list)
    errors: list[catalog.RowError] = field(default_factory=list)
    unchanged: int = 0

    @property
    def fingerprint(self) -> str:
        return catalog.fingerprint(f"{c.sku}|{c.warehouse}|{c.old}|{c.new}" for c in self.changes)


@dataclass(frozen=True)
class _Row:
    line: int
    sku: str
    warehouse: str
    on_hand: int


def plan_stock_import(session: Session, data: bytes, *, lock: bool = False) -> StockPlan:
    """What importing ``data`` would change (old → new on hand) and which rows are bad."""
    table = catalog.read_table(data, COLUMNS, required=COLUMNS)
    plan = StockPlan(errors=list(table.errors))
    rows = _parse(table.rows, plan.errors)
    variants = _variant_ids(session, sorted({r.sku for r in rows}))
    warehouses = dict(session.execute(sa.select(Warehouse.code, Warehouse.id)).all())
    levels = _levels(session, sorted(set(variants.values())), lock=lock)
    for row in rows:
        _plan_row(plan, row, variants, warehouses, levels)
    plan.errors.sort(key=lambda e: e.line)
    return plan


def apply_stock_import(
    session: Session, data: bytes, *, previewed: str, actor: str, now: datetime | None = None
) -> StockPlan:
    """Book the previewed changes; Conflict if stock or the file changed since the preview."""
    plan = plan_stock_import(session, data, lock=True)
    if plan.fingerprint != previewed:
        raise Conflict(
            "stock changed since the preview (or the file differs): review the new preview",
            details={"field": "fingerprint"},
        )
    for change in plan.changes:
        stock.adjust(
            session, sku=change.sku, warehouse_id=change.warehouse_id,
            delta=change.new - change.old, reason=IMPORT_REASON, actor=actor, now=now,
        )  # fmt: skip
    return plan


def export_stock_lines(session: Session) -> Iterator[str]:
    """The header, then every stock row by SKU and warehouse code, read a batch at a time."""
    yield catalog.csv_line(COLUMNS)
    after: tuple[str, str] | None = None
    while True:
        query = (
            sa.select(catalog.Variant.sku, Warehouse.code, StockLevel.on_hand)
            .join(catalog.Variant, catalog.Variant.id == StockLevel.variant_id)
            .join(Warehouse, Warehouse.id == StockLevel.warehouse_id)
            .order_by(catalog.Variant.sku, Warehouse.code)
            .limit(EXPORT_BATCH)
        )
        if after is not None:
            query = query.where(sa.tuple_(catalog.Variant.sku, Warehouse.code) > sa.tuple_(*after))
        batch = session.execute(query).all()
        for sku, code, on_hand in batch:
            yield catalog.csv_line((sku, code, on_hand))
        if len(batch) < EXPORT_BATCH:
            return
        after = (batch[-1][0], batch[-1][1])


def _parse(cells: list[tuple[int, dict[str, str]]], errors: list[catalog.RowError]) -> list[_Row]:
    rows: list[_Row] = []
    first_seen: dict[tuple[str, str], int] = {}
    for line, row in cells:
        sku, code, raw = row["sku"], row["warehouse"], row["on_hand"]
        if not sku or not code:
            errors.append(catalog.RowError(line, "sku and warehouse are required", sku))
            continue
        if not raw.isdigit() or int(raw) > 1_000_000:
            errors.append(
                catalog.RowError(
                    line, f"on_hand must be a whole number 0 to 1,000,000, not {raw!r}", sku
                )
            )
            continue
        if (sku, code) in first_seen:
            errors.append(
                catalog.RowError(
                    line,
                    f"{sku} in {code} appears again (first on line {first_seen[(sku, code)]})",
                    sku,
                )
            )
            continue
        first_seen[(sku, code)] = line
        rows.append(_Row(line, sku, code, int(raw)))
    return rows


def _plan_row(
    plan: StockPlan,
    row: _Row,
    variants: dict[str, int],
    warehouses: dict[str, int],
    levels: dict[tuple[int, int], tuple[int, int]],
) -> None:
    if row.sku not in variants:
        plan.errors.append(catalog.RowError(row.line, f"unknown SKU {row.sku}", row.sku))
        return
    if row.warehouse not in warehouses:
        plan.errors.append(
            catalog.RowError(row.line, f"unknown warehouse {row.warehouse}", row.sku)
        )
        return
    warehouse_id = warehouses[row.warehouse]
    on_hand, reserved = levels.get((variants[row.sku], warehouse_id), (0, 0))
    if row.on_hand < reserved:
        plan.errors.append(catalog.RowError(
            row.line, f"on_hand {row.on_hand} is below the {reserved} units reserved for orders",
            row.sku,
        ))  # fmt: skip
    elif row.on_hand == on_hand:
        plan.unchanged += 1
    else:
        plan.changes.append(
            StockChange(row.line, row.sku, row.warehouse, warehouse_id, on_hand, row.on_hand)
        )


def _variant_ids(session: Session, skus: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(skus), _CHUNK):
        chunk = skus[start : start + _CHUNK]
        found.update(
            session.execute(
                sa.select(catalog.Variant.sku, catalog.Variant.id).where(
                    catalog.Variant.sku.in_(chunk)
                )
            ).all()
        )
    return found


def _levels(
    session: Session, variant_ids: list[int], *, lock: bool
) -> dict[tuple[int, int], tuple[int, int]]:
    """On hand and reserved by (variant, warehouse); locked in id order when applying."""
    found: dict[tuple[int, int], tuple[int, int]] = {}
    for start in range(0, len(variant_ids), _CHUNK):
        query = (
            sa.select(
                StockLevel.variant_id,
                StockLevel.warehouse_id,
                StockLevel.on_hand,
                StockLevel.reserved,
            )
            .where(StockLevel.variant_id.in_(variant_ids[start : start + _CHUNK]))
            .order_by(StockLevel.variant_id, StockLevel.warehouse_id)
        )
        if lock:
            query = query.with_for_update()
        for r in session.execute(query):
            found[(r.variant_id, r.warehouse_id)] = (r.on_hand, r.reserved)
    return found
