"""What the packing station shows of one parcel: its lines with progress, the stage it is
in (scan, box, ship, shipped), the boxes offered, and its shipment once it left."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import fulfilment, orders, shipping

Status = fulfilment.FulfilmentStatus


@dataclass(frozen=True)
class LineView:
    sku: str
    title: str
    quantity: int
    packed: int

    @property
    def done(self) -> bool:
        return self.packed >= self.quantity


@dataclass(frozen=True)
class ShipmentView:
    id: int
    carrier: str
    tracking_number: str


@dataclass(frozen=True)
class ParcelView:
    id: int
    code: str
    tote: str
    order_number: str
    status: str
    stage: str
    lines: list[LineView]
    boxes: tuple[fulfilment.Box, ...]
    all_fit: bool
    box_code: str
    shipment: ShipmentView | None

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def packed_units(self) -> int:
        return sum(min(line.packed, line.quantity) for line in self.lines)


def stage_of(status: fulfilment.FulfilmentStatus, box_code: str | None) -> str:
    """Where the packer is: scanning items, choosing a box, shipping, or done."""
    if status is Status.SHIPPED:
        return "shipped"
    if status is Status.CANCELLED:
        return "closed"
    if status is Status.PACKED:
        return "ship" if box_code else "box"
    return "scan"


def parcel_view(session: Session, fulfilment_id: int) -> ParcelView:
    part = fulfilment.get_fulfilment(session, fulfilment_id)
    number = session.scalar(sa.select(orders.Order.number).where(orders.Order.id == part.order_id))
    titles = dict(
        session.execute(
            sa.select(orders.OrderLine.id, orders.OrderLine.title).where(
                orders.OrderLine.id.in_({line.order_line_id for line in part.lines})
            )
        ).all()
    )
    offer = fulfilment.box_offer(session, part)
    return ParcelView(
        part.id, fulfilment.fulfilment_code(part.id), part.tote_code or "", number or "",
        part.status.value, stage_of(part.status, part.box_code),
        [LineView(ln.sku, titles.get(ln.order_line_id, ""), ln.quantity, ln.quantity_packed)
         for ln in part.lines],
        offer.boxes, offer.all_fit, part.box_code or "", _shipment(session, part),
    )  # fmt: skip


def _shipment(session: Session, part: fulfilment.Fulfilment) -> ShipmentView | None:
    """The parcel's shipment, found through its order (shipments are indexed by order)."""
    row = session.execute(
        sa.select(
            shipping.Shipment.id, shipping.Shipment.carrier, shipping.Shipment.tracking_number
        )
        .where(
            shipping.Shipment.order_id == part.order_id,
            shipping.Shipment.fulfilment_id == part.id,
        )
        .order_by(shipping.Shipment.id.desc())
        .limit(1)
    ).first()
    return ShipmentView(row[0], row[1], row[2] or "") if row else None
