"""The purchase order as the supplier receives it: a one-page PDF with the store, the
supplier, where and when to deliver, the lines by SKU, and the order number as a Code 128
barcode that the dock scans when the delivery arrives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from opsdesk import catalog
from opsdesk.inventory.models import PurchaseOrder, PurchaseOrderLine, Supplier, Warehouse
from opsdesk.kernel import pdf
from opsdesk.kernel.errors import NotFound

FILENAME = "{number}.pdf"


@dataclass(frozen=True)
class DocumentLine:
    sku: str
    title: str
    ean: str
    quantity: int


@dataclass(frozen=True)
class PoDocument:
    store_name: str
    number: str
    supplier: str
    supplier_email: str
    currency: str
    deliver_to: tuple[str, ...]  # warehouse name and address lines
    ordered_on: date
    due: date
    lines: tuple[DocumentLine, ...]


def document_of(session: Session, purchase_order_id: int, *, store_name: str) -> PoDocument:
    """What the PDF shows, read in three queries."""
    order = session.get(PurchaseOrder, purchase_order_id)
    if order is None:
        raise NotFound("purchase order", purchase_order_id)
    supplier = session.get(Supplier, order.supplier_id) if order.supplier_id else None
    site = session.get(Warehouse, order.warehouse_id)
    assert site is not None
    rows = session.execute(
        sa.select(catalog.Variant.sku, catalog.Variant.title, catalog.Variant.ean,
                  PurchaseOrderLine.quantity_ordered)
        .join(catalog.Variant, catalog.Variant.id == PurchaseOrderLine.variant_id)
        .where(PurchaseOrderLine.purchase_order_id == order.id)
        .order_by(PurchaseOrderLine.id)
    )  # fmt: skip
    place = " ".join(p for p in (site.postal_code, site.city) if p)
    return PoDocument(
        store_name=store_name, number=order.number, supplier=order.supplier,
        supplier_email=supplier.email if supplier else "",
        currency=supplier.currency if supplier else "",
        deliver_to=tuple(p for p in (site.name, site.address_line, place, site.country) if p),
        ordered_on=order.created_at.date(), due=order.expected_date,
        lines=tuple(DocumentLine(r.sku, r.title, r.ean or "", r.quantity_ordered) for r in rows),
    )  # fmt: skip


def render_pdf(doc: PoDocument) -> bytes:
    return pdf.build(story(doc), title=f"Purchase order {doc.number}")


def filename(number: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in number)
    return FILENAME.format(number=safe)


def story(doc: PoDocument) -> list[Flowable]:
    rows: list[list[object]] = [["SKU", "Item", "EAN", "Quantity"]]
    rows += [[ln.sku, ln.title, ln.ean, str(ln.quantity)] for ln in doc.lines]
    units = sum(ln.quantity for ln in doc.lines)
    supplier = doc.supplier + (f" <{doc.supplier_email}>" if doc.supplier_email else "")
    return [
        pdf.text(doc.store_name, 16, bold=True),
        pdf.text(f"Purchase order {doc.number}", 13, bold=True),
        pdf.gap(2),
        pdf.barcode(doc.number),
        pdf.gap(),
        pdf.text(f"Supplier: {supplier}"),
        pdf.text(
            f"Ordered on {doc.ordered_on.isoformat()}; please deliver by {doc.due.isoformat()}."
        ),
        pdf.text("Deliver to: " + ", ".join(doc.deliver_to)),
        *([pdf.text(f"Currency: {doc.currency}")] if doc.currency else []),
        pdf.gap(),
        pdf.table(rows, widths=[40 * mm, 80 * mm, 35 * mm, 25 * mm]),
        pdf.gap(),
        pdf.text(
            f"{len(doc.lines)} lines, {units} units. Please quote {doc.number} on "
            "the delivery note so that we can book the delivery in at once."
        ),
    ]
