"""Reshipping lost or damaged units as replacement orders that reserve stock."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import inventory, orders
from opsdesk.kernel.errors import AlreadyExists, InsufficientStock, InvalidInput
from opsdesk.kernel.events import OutboxEvent
from tests.factories.fulfilment import TUESDAY, shipped_order
from tests.factories.inventory import stock_level
from tests.factories.orders import MUG, make_shop, place

AGENT = "agent:Ana"
AGENTS = 4


def _only_line(session: Session, order_id: int) -> orders.OrderLine:
    (line,) = orders.read_order(session, order_id).lines
    found = session.get(orders.OrderLine, line.id)
    assert found is not None
    return found


def test_a_reship_places_a_free_replacement_that_reserves_stock(session: Session) -> None:
    picking, _shipment = shipped_order(session)
    shop = picking.shop
    line = _only_line(session, picking.order_id)
    original = orders.read_order(session, picking.order_id)
    assert stock_level(session, shop.mug, shop.berlin) == (8, 0)

    replacement = orders.reship(session, picking.order_id, {line.id: 1}, actor=AGENT,
                                reason="damaged", note="mug arrived broken", now=TUESDAY)  # fmt: skip
    session.commit()

    read = orders.read_order(session, replacement.id)
    assert read.number == f"{original.number}-R1"
    assert (read.channel, read.replaces_order_id, read.status) == (
        "replacement", original.id, orders.OrderStatus.ALLOCATED,
    )  # fmt: skip
    assert (read.currency, read.total_minor, read.customer_id) == ("EUR", 0, original.customer_id)
    assert read.shipping_address == original.shipping_address
    assert [(ln.sku, ln.quantity, ln.unit_price_minor) for ln in read.lines] == [(MUG, 1, 0)]
    held = inventory.reservations_for_order(session, replacement.id)
    assert [(r.sku, r.quantity, r.warehouse_id, r.status.value) for r in held] == [
        (MUG, 1, shop.berlin, "active")
    ]
    assert stock_level(session, shop.mug, shop.berlin) == (8, 1)
    assert orders.timeline(session, picking.order_id)[-1].summary == (
        f"Reshipped 1 × {MUG} as replacement order {read.number} by agent:Ana (damaged): "
        "mug arrived broken"
    )
    assert read.timeline[-1].summary == (
        f"Replacement for order {original.number}, free of charge (damaged): mug arrived broken"
    )
    payload = session.scalars(
        sa.select(OutboxEvent.payload).where(OutboxEvent.name == "OrderReshipped")
    ).one()
    assert payload["replacement_order_id"] == replacement.id
    assert payload["quantities"] == {str(line.id): 1}


def test_a_line_is_reshipped_at_most_as_often_as_it_shipped(session: Session) -> None:
    picking, _shipment = shipped_order(session)
    line = _only_line(session, picking.order_id)
    first = orders.reship(session, picking.order_id, {line.id: 1}, actor=AGENT, reason="lost")
    second = orders.reship(session, picking.order_id, {line.id: 1}, actor=AGENT, reason="lost")
    assert (first.number.rsplit("-", 1)[1], second.number.rsplit("-", 1)[1]) == ("R1", "R2")

    with pytest.raises(InvalidInput) as caught:
        orders.reship(session, picking.order_id, {line.id: 1}, actor=AGENT, reason="lost")
    assert caught.value.details["errors"] == [{
        "field": f"lines.{line.id}",
        "reason": f"nothing of {MUG} can be reshipped: 2 shipped, 2 already reshipped",
    }]  # fmt: skip


def test_an_order_that_has_not_shipped_cannot_be_reshipped(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 1})
    with pytest.raises(orders.OrderActionRefused, match="it is allocated"):
        orders.reship(session, order.id, {order.lines[0].id: 1}, actor=AGENT, reason="lost")


def test_an_unknown_reason_names_the_field(session: Session) -> None:
    with pytest.raises(InvalidInput) as caught:
        orders.reship(session, 1, {1: 1}, actor=AGENT, reason="bored")
    assert caught.value.details["errors"][0]["field"] == "reason"


def test_out_of_stock_refuses_the_reship_and_leaves_nothing_behind(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as s, s.begin():
        picking, _shipment = shipped_order(s, mugs=10)  # the last ten mugs left
        line_id = _only_line(s, picking.order_id).id

    with session_factory() as s, pytest.raises(InsufficientStock) as caught, s.begin():
        orders.reship(s, picking.order_id, {line_id: 2}, actor=AGENT, reason="damaged")

    assert caught.value.details["short"][0]["sku"] == MUG
    with session_factory() as s:
        count = s.scalar(sa.select(sa.func.count()).select_from(orders.Order))
        kinds = [e.kind for e in orders.timeline(s, picking.order_id)]
    assert count == 1
    assert "order.reshipped" not in kinds


def test_a_replacement_can_go_to_another_address(session: Session) -> None:
    picking, _shipment = shipped_order(session)
    line = _only_line(session, picking.order_id)
    elsewhere = orders.ShippingAddress(
        name="Ana Lima", line1="Jungfernstieg 1", city="Hamburg", region="HH",
        postal_code="20095", country="DE",
    )  # fmt: skip
    replacement = orders.reship(session, picking.order_id, {line.id: 1}, actor=AGENT,
                                reason="wrong_item", address=elsewhere)  # fmt: skip
    assert (replacement.ship_city, replacement.ship_postal_code) == ("Hamburg", "20095")
    assert "(wrong item)" in orders.timeline(session, picking.order_id)[-1].summary


def test_agents_racing_to_reship_the_same_units_send_them_once(
    session_factory: sessionmaker[Session],
) -> None:
    """Two agents on two tickets about one lost parcel press "reship" at once."""
    with session_factory() as s, s.begin():
        picking, _shipment = shipped_order(s)
        line_id = _only_line(s, picking.order_id).id
    start = threading.Barrier(AGENTS)
    outcomes: list[str] = []

    def agent(n: int) -> None:
        start.wait()
        try:
            with session_factory() as s, s.begin():
                orders.reship(s, picking.order_id, {line_id: 2}, actor=f"agent:{n}",
                              reason="lost")  # fmt: skip
            outcomes.append("reshipped")
        except (InvalidInput, AlreadyExists) as exc:  # serialised, or collided on the number
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=agent, args=(n,)) for n in range(AGENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert outcomes.count("reshipped") == 1
    assert len(outcomes) == AGENTS  # nobody failed any other way (no deadlock, no 500)
    with session_factory() as s:
        replacements = s.scalars(
            sa.select(orders.Order.number).where(orders.Order.replaces_order_id.is_not(None))
        ).all()
        assert stock_level(s, picking.shop.mug, picking.shop.berlin) == (8, 2)
    assert len(replacements) == 1
