"""A pick list as the picker walks it: one row per SKU in bin order, which tote gets how
many, and the same as a printable PDF with barcodes of the list, the totes and the SKUs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from opsdesk import catalog, inventory, orders
from opsdesk.fulfilment.bins import bin_sort_key, bins_for
from opsdesk.fulfilment.codes import fulfilment_code, pick_list_code
from opsdesk.fulfilment.picking import get_pick_list
from opsdesk.kernel import pdf


@dataclass(frozen=True)
class PickLine:
    tote: str
    sku: str
    variant_id: int
    quantity: int


@dataclass(frozen=True)
class PickRow:
    bin: str
    sku: str
    title: str
    quantity: int
    totes: tuple[tuple[str, int], ...]  # (tote, units) in tote order


@dataclass(frozen=True)
class ToteRow:
    tote: str
    fulfilment_id: int
    order_number: str
    units: int
    status: str


@dataclass(frozen=True)
class PickSheet:
    id: int
    code: str
    warehouse: str
    created_at: datetime
    created_by: str
    completed_at: datetime | None
    rows: list[PickRow]
    totes: list[ToteRow]


def pick_rows(
    lines: Iterable[PickLine], bins: dict[int, str], titles: dict[int, str]
) -> list[PickRow]:
    """One row per SKU, in aisle order (bin, then SKU); SKUs without a bin come last."""
    units: dict[str, int] = defaultdict(int)
    totes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    variant_of: dict[str, int] = {}
    for line in lines:
        units[line.sku] += line.quantity
        totes[line.sku][line.tote] += line.quantity
        variant_of[line.sku] = line.variant_id
    rows = [
        PickRow(bins.get(variant_of[sku], ""), sku, titles.get(variant_of[sku], ""), units[sku],
                tuple(sorted(totes[sku].items())))
        for sku in units
    ]  # fmt: skip
    return sorted(rows, key=lambda r: (bin_sort_key(r.bin), r.sku))


def pick_sheet(session: Session, pick_list_id: int) -> PickSheet:
    pick_list, parts = get_pick_list(session, pick_list_id)
    warehouse = inventory.get_warehouse(session, pick_list.warehouse_id)
    variant_ids = {line.variant_id for f in parts for line in f.lines}
    titles = dict(
        session.execute(
            sa.select(catalog.Variant.id, catalog.Variant.title).where(
                catalog.Variant.id.in_(variant_ids)
            )
        ).all()
    )
    numbers = dict(
        session.execute(
            sa.select(orders.Order.id, orders.Order.number).where(
                orders.Order.id.in_({f.order_id for f in parts})
            )
        ).all()
    )
    lines = [
        PickLine(f.tote_code or fulfilment_code(f.id), line.sku, line.variant_id, line.quantity)
        for f in parts
        for line in f.lines
    ]
    totes = [
        ToteRow(f.tote_code or fulfilment_code(f.id), f.id, numbers.get(f.order_id, ""),
                sum(line.quantity for line in f.lines), f.status.value)
        for f in parts
    ]  # fmt: skip
    return PickSheet(
        pick_list.id, pick_list_code(pick_list.id), f"{warehouse.code} {warehouse.name}",
        pick_list.created_at, pick_list.created_by, pick_list.completed_at,
        pick_rows(lines, bins_for(session, pick_list.warehouse_id, variant_ids), titles), totes,
    )  # fmt: skip


def pick_list_pdf(sheet: PickSheet) -> bytes:
    return pdf.build(pick_list_story(sheet), title=f"Pick list {sheet.code}")


def pick_list_story(sheet: PickSheet) -> list[Flowable]:
    """The printed pick list: walk the rows top to bottom, drop each SKU into its totes."""
    head = [
        pdf.text(f"Pick list {sheet.code}", 16, bold=True),
        pdf.text(
            f"Warehouse {sheet.warehouse} · created {sheet.created_at:%Y-%m-%d %H:%M} UTC "
            f"by {sheet.created_by}",
            9,
        ),
        pdf.gap(2),
        pdf.barcode(sheet.code),
        pdf.gap(),
    ]
    rows: list[list[object]] = [["Bin", "SKU", "Title", "Qty", "Totes"]]
    for row in sheet.rows:
        into = ", ".join(f"{tote} ×{n}" for tote, n in row.totes)
        rows.append([row.bin or "—", pdf.barcode(row.sku, height=9 * mm, bar_width=0.3 * mm),
                     row.title, str(row.quantity), into])  # fmt: skip
    totes: list[list[object]] = [["Tote", "Order", "Units"]]
    for tote in sheet.totes:
        totes.append([pdf.barcode(tote.tote, height=9 * mm, bar_width=0.3 * mm),
                      tote.order_number, str(tote.units)])  # fmt: skip
    return [
        *head,
        pdf.table(rows, widths=[22 * mm, 62 * mm, 50 * mm, 12 * mm, 34 * mm]),
        pdf.gap(6),
        pdf.text("Totes: one per order", 12, bold=True),
        pdf.table(totes, widths=[70 * mm, 60 * mm, 20 * mm]),
    ]
