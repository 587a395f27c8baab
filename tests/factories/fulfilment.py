"""An order of two Berlin mugs taken through picking, packing and shipping."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog, fulfilment, orders, shipping
from tests.factories.orders import MUG, Shop, make_shop, place

PACKER = "Jonas"
ACTOR = "operations:test"
# A Tuesday morning, so that no weekend bends the dates.
TUESDAY = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = TUESDAY) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class Picking:
    shop: Shop
    order_id: int
    fulfilment_id: int
    pick_list_id: int


def picking_order(
    session: Session,
    *,
    mugs: int = 2,
    shop: Shop | None = None,
    currency: str = "EUR",
    unit_price_minor: int | None = None,
) -> Picking:
    """A stocked shop (or ``shop``), an order of ``mugs`` mugs, and a pick list for Berlin.
    An order in another currency than the catalog's EUR needs its ``unit_price_minor``."""
    shop = shop or make_shop(session)
    line: dict[str, Any] = {"sku": MUG, "quantity": mugs}
    if unit_price_minor is not None:
        line["unit_price_minor"] = unit_price_minor
    order = place(session, [line], now=TUESDAY, currency=currency)
    pick_list = fulfilment.create_pick_list(
        session, warehouse_id=shop.berlin, actor=ACTOR, now=TUESDAY
    )
    _, parts = fulfilment.get_pick_list(session, pick_list.id)
    return Picking(shop, order.id, parts[0].id, pick_list.id)


def pack(session: Session, fulfilment_id: int, *, sku: str = MUG, quantity: int = 2) -> None:
    fulfilment.scan(session, fulfilment_id, code=sku, quantity=quantity, packer=PACKER, actor=ACTOR,
                    now=TUESDAY)  # fmt: skip


def shipped_order(
    session: Session, *, carrier: shipping.Carrier | None = None, mugs: int = 2, **order: Any
) -> tuple[Picking, shipping.Shipment]:
    """Picked, packed and handed to the simulated carrier on Tuesday morning; ``order``
    as for :func:`picking_order` (shop, currency, unit price)."""
    picking = picking_order(session, mugs=mugs, **order)
    pack(session, picking.fulfilment_id, quantity=mugs)
    shipment = fulfilment.ship_fulfilment(
        session, picking.fulfilment_id,
        carrier=carrier or shipping.SimulatedCarrier(seed=1, clock=FixedClock()),
        service_level=shipping.ServiceLevel.STANDARD, actor=ACTOR, now=TUESDAY,
    )  # fmt: skip
    return picking, shipment


def order_status(session: Session, order_id: int) -> orders.OrderStatus:
    session.flush()
    session.expire_all()
    order = session.get(orders.Order, order_id)
    assert order is not None
    return order.status


def timeline_summaries(session: Session, order_id: int) -> list[str]:
    return [e.summary for e in orders.timeline(session, order_id)]


# A mug 120×90×100 mm of 350 g; two of them ship.
POUCH = fulfilment.Box("POUCH", "Pouch", 150, 100, 20, 1_000, 30)  # too flat for a mug
DUO = fulfilment.Box("DUO", "Duo carton", 260, 130, 110, 3_000, 150)
CRATE = fulfilment.Box("CRATE", "Crate", 500, 400, 300, 20_000, 900)


def berlin_boxes(session: Session, warehouse_id: int) -> None:
    """Three boxes of the warehouse's own, and a mug with real measures to fit them."""
    for box in (CRATE, POUCH, DUO):
        fulfilment.save_box(session, warehouse_id, box)
    session.execute(
        sa.update(catalog.Variant)
        .where(catalog.Variant.sku == MUG)
        .values(length_mm=120, width_mm=90, height_mm=100, weight_g=350)
    )
