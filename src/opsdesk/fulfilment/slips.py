"""The packing slip that goes in the box: what is inside, where it goes, and how to send
something back (a QR code to the returns page)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from opsdesk import orders
from opsdesk.fulfilment.packing import get_fulfilment
from opsdesk.kernel import pdf
from opsdesk.kernel.errors import NotFound


@dataclass(frozen=True)
class Slip:
    order_number: str
    address: tuple[str, ...]
    lines: tuple[tuple[str, str, int], ...]  # SKU, title, quantity of this parcel


def slip_of(session: Session, fulfilment_id: int) -> Slip:
    """The lines of this parcel only: an order split over warehouses ships in several."""
    fulfilment = get_fulfilment(session, fulfilment_id)
    order = session.get(orders.Order, fulfilment.order_id)
    if order is None:
        raise NotFound("order", fulfilment.order_id)
    titles = dict(
        session.execute(
            sa.select(orders.OrderLine.id, orders.OrderLine.title).where(
                orders.OrderLine.id.in_({line.order_line_id for line in fulfilment.lines})
            )
        ).all()
    )
    address = (order.ship_name, order.ship_line1, order.ship_line2,
               f"{order.ship_postal_code} {order.ship_city}".strip(),
               " ".join(p for p in (order.ship_region, order.ship_country) if p))  # fmt: skip
    lines = tuple(
        (ln.sku, titles.get(ln.order_line_id, ""), ln.quantity) for ln in fulfilment.lines
    )
    return Slip(order.number, tuple(a for a in address if a.strip()), lines)


def slip_story(
    slip: Slip, *, store_name: str, returns_url: str, return_days: int
) -> list[Flowable]:
    rows: list[list[object]] = [["SKU", "Item", "Qty"]]
    rows += [[sku, title, str(quantity)] for sku, title, quantity in slip.lines]
    back = f"Something not right? You can send items back within {return_days} days of delivery."
    how = (
        f"Scan the code or open {returns_url} and enter order number {slip.order_number} "
        "with your postal code or e-mail address."
    )
    return [
        pdf.text(f"{store_name} · packing slip", 16, bold=True),
        pdf.text(f"Order {slip.order_number}", 11),
        pdf.barcode(slip.order_number),
        pdf.gap(),
        pdf.text("Ship to", 10, bold=True),
        *[pdf.text(part) for part in slip.address],
        pdf.gap(),
        pdf.table(rows, widths=[45 * mm, 110 * mm, 20 * mm]),
        pdf.gap(8),
        pdf.text(back, 11, bold=True),
        pdf.text(how, 9),
        pdf.qr_code(returns_url),
    ]


def packing_slip_pdf(
    session: Session, fulfilment_id: int, *, store_name: str, returns_url: str, return_days: int
) -> bytes:
    slip = slip_of(session, fulfilment_id)
    story = slip_story(slip, store_name=store_name, returns_url=returns_url,
                       return_days=return_days)  # fmt: skip
    return pdf.build(story, title=f"Packing slip {slip.order_number}")
