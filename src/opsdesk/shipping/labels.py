"""OpsDesk's own shipping label, for carriers that hand over none (the simulated ones).

A 100×150 mm page (the common 4×6" thermal label): sender, recipient, service and weight,
a Code 128 of the tracking number for the carrier's scanners and a QR of the tracking
page for the recipient's phone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from opsdesk import inventory, orders
from opsdesk.kernel import pdf
from opsdesk.kernel.errors import Conflict
from opsdesk.shipping.models import Shipment
from opsdesk.shipping.service import get_shipment

LABEL_SIZE = (100 * mm, 150 * mm)


@dataclass(frozen=True)
class LabelSheet:
    """Everything printed on the label, as plain values (testable without a database)."""

    carrier: str
    service_level: str
    tracking_number: str
    tracking_url: str
    order_number: str
    sender: tuple[str, ...]
    recipient: tuple[str, ...]
    weight_g: int


def _address(*parts: str) -> tuple[str, ...]:
    return tuple(part for part in (p.strip() for p in parts) if part)


def sheet_for(session: Session, shipment: Shipment, store_name: str) -> LabelSheet:
    if not shipment.tracking_number:
        raise Conflict(f"shipment {shipment.id} has no tracking number yet: no label to print")
    order = session.get(orders.Order, shipment.order_id)
    assert order is not None  # a shipment's order is never deleted without it
    sender: tuple[str, ...] = (store_name,)
    if shipment.warehouse_id is not None:
        w = inventory.get_warehouse(session, shipment.warehouse_id)
        sender = _address(
            store_name, w.name, w.address_line, f"{w.postal_code} {w.city}", w.country
        )
    recipient = _address(
        order.ship_name, order.ship_line1, order.ship_line2,
        f"{order.ship_postal_code} {order.ship_city}", order.ship_region, order.ship_country,
    )  # fmt: skip
    weight = sum(int(p.get("weight_g", 0)) for p in shipment.packages)
    return LabelSheet(
        carrier=shipment.carrier,
        service_level=shipment.service_level,
        tracking_number=shipment.tracking_number,
        tracking_url=shipment.tracking_url,
        order_number=order.number,
        sender=sender,
        recipient=recipient,
        weight_g=weight,
    )


def _block(title: str, lines: Sequence[str], size: float) -> list[Flowable]:
    return [pdf.text(title, 7, bold=True), *(pdf.text(line, size) for line in lines)]


def render_label(sheet: LabelSheet) -> bytes:
    story: list[Flowable] = [
        pdf.text(f"{sheet.carrier} · {sheet.service_level.upper()}", 14, bold=True),
        pdf.gap(2),
        *_block("FROM", sheet.sender, 7),
        pdf.gap(3),
        *_block("TO", sheet.recipient, 11),
        pdf.gap(3),
        pdf.text(f"Order {sheet.order_number} · {sheet.weight_g / 1000:.2f} kg", 8),
        pdf.gap(3),
        pdf.barcode(sheet.tracking_number, height=16 * mm, bar_width=0.3 * mm),
        pdf.gap(4),
    ]
    if sheet.tracking_url:
        story.append(pdf.qr_code(sheet.tracking_url, size=24 * mm))
    title = f"Label {sheet.tracking_number}"
    return pdf.build(story, title=title, pagesize=LABEL_SIZE, margin=5 * mm)


def label_pdf(session: Session, shipment_id: int, store_name: str) -> bytes:
    """The label of one shipment (404 for an unknown shipment, 409 without a number)."""
    return render_label(sheet_for(session, get_shipment(session, shipment_id), store_name))
