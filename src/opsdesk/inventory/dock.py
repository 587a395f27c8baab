"""Receiving at the dock: a delivery counted against its purchase order, each line put
away in a bin, booked as one receipt. The receipt keeps the backorders it filled, so
the dock (and later anyone) can see which customers' orders it unblocked.

More than ordered is refused unless the clerk confirms it; then the line's ordered
quantity is raised to match, and that change is kept in the order's history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from opsdesk import catalog
from opsdesk.inventory import po_changes, purchasing
from opsdesk.inventory.models import PurchaseOrderLine, PurchaseReceipt, PurchaseReceiptLine
from opsdesk.kernel.errors import Conflict, InvalidInput, NotFound


@dataclass(frozen=True)
class DockLine:
    """Units of one SKU counted at the dock, and the bin they were put away in."""

    sku: str
    quantity: int
    bin: str = ""


@dataclass(frozen=True)
class OverReceipt:
    sku: str
    quantity: int
    outstanding: int


@dataclass(frozen=True)
class DockRow:
    """A purchase-order line as the dock scans it: by SKU or by EAN."""

    line_id: int
    variant_id: int
    sku: str
    ean: str
    title: str
    ordered: int
    received: int
    last_bin: str

    @property
    def outstanding(self) -> int:
        return max(0, self.ordered - self.received)


def merge_lines(lines: Sequence[DockLine]) -> list[DockLine]:
    """One line per SKU (a SKU scanned in two batches is one receipt line); the last
    bin named wins. Lines of 0 units are dropped; a negative count is refused."""
    merged: dict[str, DockLine] = {}
    for line in lines:
        if line.quantity < 0:
            raise InvalidInput(
                f"{line.sku}: a count cannot be negative", details={"field": line.sku}
            )
        if line.quantity == 0:
            continue
        before = merged.get(line.sku)
        total = line.quantity + (before.quantity if before else 0)
        bin_ = line.bin.strip() or (before.bin if before else "")
        merged[line.sku] = DockLine(line.sku, total, bin_)
    return list(merged.values())


def over_receipts(outstanding: dict[str, int], lines: Sequence[DockLine]) -> list[OverReceipt]:
    """Lines counting more than the order still expects of their SKU."""
    return [
        OverReceipt(ln.sku, ln.quantity, outstanding.get(ln.sku, 0))
        for ln in lines
        if ln.quantity > outstanding.get(ln.sku, 0)
    ]


def dock_rows(session: Session, purchase_order_id: int) -> list[DockRow]:
    """The order's lines with what a scanner and a clerk need: EAN, title, last bin."""
    lines = list(session.scalars(
        sa.select(PurchaseOrderLine)
        .where(PurchaseOrderLine.purchase_order_id == purchase_order_id)
        .order_by(PurchaseOrderLine.id)
    ))  # fmt: skip
    ids = [ln.variant_id for ln in lines]
    variants = {
        v.id: v
        for v in session.scalars(sa.select(catalog.Variant).where(catalog.Variant.id.in_(ids)))
    }
    bins = _last_bins(session, ids)
    return [
        DockRow(ln.id, ln.variant_id, variants[ln.variant_id].sku,
                variants[ln.variant_id].ean or "", variants[ln.variant_id].title,
                ln.quantity_ordered, ln.quantity_received, bins.get(ln.variant_id, ""))
        for ln in lines
    ]  # fmt: skip


def book_receipt(
    session: Session,
    *,
    purchase_order_id: int,
    lines: Sequence[DockLine],
    accept_over: bool,
    actor: str,
    now: datetime,
) -> PurchaseReceipt:
    """Book the counted goods in (filling waiting backorders) and keep the receipt."""
    counted = merge_lines(lines)
    if not counted:
        raise InvalidInput("nothing was counted: scan an item or type a quantity",
                           details={"field": "lines"})  # fmt: skip
    rows = {r.sku: r for r in dock_rows(session, purchase_order_id)}
    stranger = next((ln.sku for ln in counted if ln.sku not in rows), None)
    if stranger is not None:
        raise InvalidInput(f"{stranger} is not on this purchase order", details={"field": stranger})
    over = over_receipts({s: r.outstanding for s, r in rows.items()}, counted)
    if over and not accept_over:
        first = over[0]
        raise Conflict(
            f"over-receipt: {first.quantity} × {first.sku} counted but only "
            f"{first.outstanding} outstanding; confirm to accept more than ordered",
            details={"over": [vars(o) for o in over]},
        )
    _accept_over(session, purchase_order_id, over, rows, actor=actor, now=now)
    result = purchasing.receive(
        session, purchase_order_id=purchase_order_id, actor=actor, now=now,
        lines=[purchasing.ReceiptLine(sku=ln.sku, quantity=ln.quantity) for ln in counted],
    )  # fmt: skip
    receipt = PurchaseReceipt(
        purchase_order_id=purchase_order_id, actor=actor, created_at=now,
        filled=[f.model_dump() for f in result.backorders_filled],
        lines=[PurchaseReceiptLine(variant_id=rows[ln.sku].variant_id, quantity=ln.quantity,
                                   bin=ln.bin[:40]) for ln in counted],
    )  # fmt: skip
    session.add(receipt)
    session.flush()
    return receipt


def _accept_over(
    session: Session, purchase_order_id: int, over: Sequence[OverReceipt],
    rows: dict[str, DockRow], *, actor: str, now: datetime,
) -> None:  # fmt: skip
    for item in over:
        row = rows[item.sku]
        line = session.get(PurchaseOrderLine, row.line_id)
        assert line is not None
        raised = row.received + item.quantity
        po_changes.record(session, purchase_order_id, f"quantity_ordered:{item.sku}",
                          str(line.quantity_ordered), str(raised),
                          reason="more delivered than ordered; accepted at the dock",
                          actor=actor, now=now)  # fmt: skip
        line.quantity_ordered = raised
    session.flush()


def receipts_of(session: Session, purchase_order_id: int) -> list[PurchaseReceipt]:
    """The order's receipts, newest first, with their lines (two queries)."""
    return list(session.scalars(
        sa.select(PurchaseReceipt)
        .where(PurchaseReceipt.purchase_order_id == purchase_order_id)
        .options(selectinload(PurchaseReceipt.lines))
        .order_by(PurchaseReceipt.id.desc())
    ))  # fmt: skip


def get_receipt(session: Session, purchase_order_id: int, receipt_id: int) -> PurchaseReceipt:
    receipt = session.get(
        PurchaseReceipt, receipt_id, options=[selectinload(PurchaseReceipt.lines)]
    )
    if receipt is None or receipt.purchase_order_id != purchase_order_id:
        raise NotFound("receipt", receipt_id)
    return receipt


def _last_bins(session: Session, variant_ids: Sequence[int]) -> dict[int, str]:
    """Where each variant was put away last time: the default bin for this delivery."""
    latest = (
        sa.select(sa.func.max(PurchaseReceiptLine.id))
        .where(PurchaseReceiptLine.variant_id.in_(variant_ids), PurchaseReceiptLine.bin != "")
        .group_by(PurchaseReceiptLine.variant_id)
    )
    rows = session.execute(
        sa.select(PurchaseReceiptLine.variant_id, PurchaseReceiptLine.bin).where(
            PurchaseReceiptLine.id.in_(latest)
        )
    )
    return {r.variant_id: r.bin for r in rows}
