"""A delivered order of a mug and an oak desk lamp: two lines to choose from for a return."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from opsdesk import fulfilment, orders, shipping
from tests.factories.catalog import make_product
from tests.factories.fulfilment import ACTOR, TUESDAY, FixedClock, pack
from tests.factories.inventory import receive_stock
from tests.factories.orders import MUG, make_shop, place
from tests.factories.tracking import THURSDAY, set_customer_locale

LAMP = "LAMP-OAK"
# Five days after the Thursday delivery: well inside the 30-day window.
TUESDAY_AFTER = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Delivered:
    order_id: int
    number: str
    customer_id: int
    lamp_line: int


def delivered_lamp_and_mug(session: Session, locale: str) -> Delivered:
    """A mug and an oak desk lamp, shipped on Tuesday and delivered on Thursday."""
    shop = make_shop(session)
    make_product(session, "oak-desk-lamp", skus=(LAMP,), title="Oak desk lamp",
                 fragile=False)  # fmt: skip
    receive_stock(session, LAMP, shop.berlin, 3)
    order = place(session, {MUG: 1, LAMP: 1}, now=TUESDAY)
    pick_list = fulfilment.create_pick_list(session, warehouse_id=shop.berlin, actor=ACTOR,
                                            now=TUESDAY)  # fmt: skip
    part = fulfilment.get_pick_list(session, pick_list.id)[1][0]
    pack(session, part.id, sku=MUG, quantity=1)
    pack(session, part.id, sku=LAMP, quantity=1)
    parcel = fulfilment.ship_fulfilment(
        session, part.id, carrier=shipping.SimulatedCarrier(seed=1, clock=FixedClock()),
        service_level=shipping.ServiceLevel.STANDARD, actor=ACTOR, now=TUESDAY,
    )  # fmt: skip
    delivered = shipping.TrackingUpdate(THURSDAY, shipping.ShipmentStatus.DELIVERED,
                                        "Delivered to the customer", "Berlin")  # fmt: skip
    shipping.apply_tracking_update(session, tracking_number=parcel.tracking_number or "",
                                   carrier=parcel.carrier, events=(delivered,), source="test",
                                   now=THURSDAY)  # fmt: skip
    set_customer_locale(session, order.id, locale, "Europe/Berlin")
    read = orders.read_order(session, order.id)
    assert read.status is orders.OrderStatus.DELIVERED
    assert read.customer_id is not None
    lamp = next(line.id for line in read.lines if line.sku == LAMP)
    return Delivered(order.id, order.number, read.customer_id, lamp)
