"""A customer with a late parcel, a backordered order and a ticket about the late one:
what the agent workspace and the Customer 360 are built to show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import fulfilment, inventory, orders, shipping, support
from tests.factories.inventory import make_purchase_order
from tests.factories.orders import MUG, TEE, place
from tests.factories.support import make_ticket
from tests.factories.tracking import THURSDAY, TrackedOrder, delivered_order, late_order

TEES_DUE = date(2026, 12, 15)


@dataclass(frozen=True)
class LateOrderTicket:
    ticket_id: int
    customer_id: int
    late: TrackedOrder
    backordered_id: int
    backordered_number: str
    purchase_order_number: str


def warehouse_id(session: Session, code: str) -> int:
    found = session.scalar(
        sa.select(inventory.Warehouse.id).where(inventory.Warehouse.code == code)
    )
    assert found is not None
    return found


def more_orders(session: Session, count: int) -> list[orders.Order]:
    """Further delivered-to-be orders of one mug each, for the same customer."""
    return [place(session, {MUG: 1}) for _ in range(count)]


def late_order_ticket(session: Session, *, subject: str | None = None) -> LateOrderTicket:
    """Ana's two mugs are three days late; her four tees wait for a Hamburg purchase
    order (two of them are on a Berlin shelf); she writes about the mugs."""
    late = late_order(session)
    po = make_purchase_order(session, warehouse_id(session, "HAM"), {TEE: 10}, expected=TEES_DUE)
    backordered = place(session, {TEE: 4})
    ticket = make_ticket(
        session,
        subject=subject or f"Order {late.number} is late",
        body=f"Hello, my order {late.number} should have arrived by now. Where is it?",
    )
    session.flush()
    assert ticket.customer_id is not None
    return LateOrderTicket(
        ticket_id=ticket.id, customer_id=ticket.customer_id, late=late,
        backordered_id=backordered.id, backordered_number=backordered.number,
        purchase_order_number=po.number,
    )  # fmt: skip


def linked_order_ids(session: Session, ticket_id: int) -> list[int]:
    return [o.id for o in support.read_ticket(session, ticket_id).orders]


@dataclass(frozen=True)
class DamagedDeliveryTicket:
    """Ana's two delivered mugs, one arrived broken; a third mug is still on its way out."""

    ticket_id: int
    customer_id: int
    delivered: TrackedOrder
    mug_line_id: int
    open_order_id: int
    open_number: str
    berlin_id: int


def damaged_delivery_ticket(session: Session) -> DamagedDeliveryTicket:
    """A ticket about a broken mug of a delivered order (linked from the text), and a
    second, allocated order of one mug that has not shipped yet."""
    delivered = delivered_order(session)
    still_open = place(session, {MUG: 1}, now=THURSDAY)
    ticket = make_ticket(
        session,
        subject=f"Broken mug in order {delivered.number}",
        body=f"Hello, one of the two mugs of order {delivered.number} arrived in pieces.",
    )
    session.flush()
    assert ticket.customer_id is not None
    return DamagedDeliveryTicket(
        ticket_id=ticket.id, customer_id=ticket.customer_id, delivered=delivered,
        mug_line_id=delivered.line_ids[0], open_order_id=still_open.id,
        open_number=still_open.number, berlin_id=warehouse_id(session, "BER"),
    )  # fmt: skip


def ship_now(session: Session, order_id: int, warehouse: int) -> None:
    """Pick, pack and hand ``order_id`` (one mug) to the carrier, as the warehouse would."""
    pick_list = fulfilment.create_pick_list(
        session, warehouse_id=warehouse, actor="operations:test", now=THURSDAY
    )
    _, parts = fulfilment.get_pick_list(session, pick_list.id)
    part = next(p for p in parts if p.order_id == order_id)
    fulfilment.scan(session, part.id, code=MUG, quantity=1, packer="Jonas",
                    actor="operations:test", now=THURSDAY)  # fmt: skip
    fulfilment.ship_fulfilment(
        session, part.id, carrier=shipping.SimulatedCarrier(seed=2, clock=lambda: THURSDAY),
        service_level=shipping.ServiceLevel.STANDARD, actor="operations:test", now=THURSDAY,
    )  # fmt: skip
