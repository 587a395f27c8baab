from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session
from time_machine import TimeMachineFixture

from opsdesk import inventory, orders
from opsdesk.kernel.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from opsdesk.kernel.events import OutboxEvent
from tests.factories.inventory import ledger_sums, stock_level
from tests.factories.orders import MUG, TEE, expect_tees, make_shop, place

NOW = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)  # before the real clock: later steps sort after
S = orders.OrderStatus


def _summaries(session: Session, order_id: int) -> list[str]:
    return [e.summary for e in orders.timeline(session, order_id)]


def status_of(order: orders.Order) -> orders.OrderStatus:
    """The order's status, read afresh (a service call in between may have moved it)."""
    return order.status


def _line(order: orders.Order, sku: str) -> orders.OrderLine:
    return next(line for line in order.lines if line.sku == sku)


def test_cancelling_an_order_gives_its_stock_back_through_the_ledger(session: Session) -> None:
    shop = make_shop(session)
    order = place(session, {MUG: 3})
    assert stock_level(session, shop.mug, shop.berlin) == (10, 3)

    orders.cancel_order(session, order.id, actor="agent:Ana", reason="customer request")
    session.commit()

    assert order.status is S.CANCELLED
    assert [line.quantity_cancelled for line in order.lines] == [3]
    assert stock_level(session, shop.mug, shop.berlin) == (10, 0)
    assert ledger_sums(session, shop.mug, shop.berlin) == (10, 0)
    assert _summaries(session, order.id)[-1] == "Cancelled by agent:Ana: customer request"
    cancelled = session.scalars(
        sa.select(OutboxEvent).where(OutboxEvent.name == "OrderCancelled")
    ).one()
    assert cancelled.payload["whole_order"] is True
    assert cancelled.payload["reason"] == "customer request"


def test_cancelling_one_line_keeps_the_rest_reserved(session: Session) -> None:
    shop = make_shop(session)
    order = place(session, {MUG: 2, TEE: 1})
    tee = _line(order, TEE)

    orders.cancel_order(session, order.id, actor="agent:Ana", reason="changed mind",
                        line_ids=[tee.id])  # fmt: skip
    session.commit()

    assert order.status is S.ALLOCATED
    assert (tee.quantity_cancelled, _line(order, MUG).quantity_cancelled) == (1, 0)
    assert stock_level(session, shop.tee, shop.berlin) == (2, 0)
    assert stock_level(session, shop.mug, shop.berlin) == (10, 2)
    assert _summaries(session, order.id)[-1] == "Cancelled 1 × TEE-RED by agent:Ana: changed mind"

    with pytest.raises(Conflict, match="nothing left to cancel"):
        orders.cancel_order(session, order.id, actor="agent:Ana", reason="again",
                            line_ids=[tee.id])  # fmt: skip
    with pytest.raises(InvalidInput, match="no line 999"):
        orders.cancel_order(session, order.id, actor="agent:Ana", reason="x", line_ids=[999])


def test_cancelling_the_waiting_line_of_a_backordered_order_allocates_it(
    session: Session,
) -> None:
    shop = make_shop(session, tees=0)
    expect_tees(session, shop, 10, on=date(2026, 6, 14))
    order = place(session, {MUG: 1, TEE: 2}, now=NOW)
    assert order.status is S.BACKORDERED

    orders.cancel_order(session, order.id, actor="agent:Ana", reason="no waiting",
                        line_ids=[_line(order, TEE).id])  # fmt: skip
    session.commit()
    assert status_of(order) is S.ALLOCATED
    assert _summaries(session, order.id)[-1] == "Every line is now reserved and can be picked"


def test_cancelling_every_line_one_by_one_cancels_the_order(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 1, TEE: 1})
    for line in list(order.lines):
        orders.cancel_order(session, order.id, actor="agent:Ana", reason="split",
                            line_ids=[line.id])  # fmt: skip
    assert order.status is S.CANCELLED


def test_an_order_walks_from_picking_to_delivered(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 2, TEE: 1})
    mug, tee = _line(order, MUG), _line(order, TEE)
    actor = "operations:Kai"

    orders.transition(session, order.id, "picking", actor=actor, summary="Picking started")
    orders.transition(session, order.id, S.PACKED, actor=actor, summary="Packed in 1 box")
    orders.mark_shipped(session, order.id, {mug.id: 1}, actor=actor)
    assert order.status is S.PARTIALLY_SHIPPED
    orders.mark_shipped(session, order.id, {mug.id: 1}, actor=actor)
    assert order.status is S.PARTIALLY_SHIPPED
    orders.mark_shipped(session, order.id, {tee.id: 1}, actor=actor)
    assert status_of(order) is S.SHIPPED
    orders.mark_delivered(session, order.id, actor="system:carrier")
    session.commit()

    assert status_of(order) is S.DELIVERED
    assert (mug.quantity_shipped, tee.quantity_shipped) == (2, 1)
    assert _summaries(session, order.id)[-5:] == [
        "Packed in 1 box",
        "Shipped 1 × MUG-BLUE",
        "Shipped 1 × MUG-BLUE",
        "Shipped 1 × TEE-RED",
        "Delivered to the customer",
    ]
    changes = session.scalars(
        sa.select(OutboxEvent.payload).where(OutboxEvent.name == "OrderStatusChanged")
    ).all()
    assert [c["status"] for c in changes] == [
        "picking", "packed", "partially_shipped", "shipped", "delivered",
    ]  # fmt: skip


def test_illegal_moves_are_refused_and_change_nothing(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 1})
    with pytest.raises(IllegalTransition, match="from allocated to packed"):
        orders.transition(session, order.id, S.PACKED, actor="a", summary="skip picking")
    with pytest.raises(IllegalTransition, match="from allocated to shipped"):
        orders.mark_shipped(session, order.id, {order.lines[0].id: 1}, actor="a")
    with pytest.raises(InvalidInput, match="unknown order status"):
        orders.transition(session, order.id, "lost", actor="a", summary="?")
    with pytest.raises(NotFound):
        orders.transition(session, 987654, S.PICKING, actor="a", summary="?")
    assert order.status is S.ALLOCATED
    assert order.lines[0].quantity_shipped == 0


def test_shipping_more_than_is_open_names_the_line(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 2})
    line = order.lines[0]
    orders.transition(session, order.id, S.PICKING, actor="a", summary="Picking")
    orders.transition(session, order.id, S.PACKED, actor="a", summary="Packed")
    with pytest.raises(InvalidInput) as caught:
        orders.mark_shipped(session, order.id, {line.id: 3}, actor="a")
    assert caught.value.details == {"field": f"shipped.{line.id}"}


def test_a_shipped_order_cannot_be_cancelled(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 1})
    orders.transition(session, order.id, S.PICKING, actor="a", summary="Picking")
    orders.transition(session, order.id, S.PACKED, actor="a", summary="Packed")
    orders.mark_shipped(session, order.id, {order.lines[0].id: 1}, actor="a")
    with pytest.raises(IllegalTransition, match="return it instead"):
        orders.cancel_order(session, order.id, actor="agent:Ana", reason="too late")


def test_a_receipt_that_fills_the_backorder_allocates_the_order(session: Session) -> None:
    shop = make_shop(session, tees=1)
    po = expect_tees(session, shop, 10, on=date(2026, 6, 14))
    order = place(session, {TEE: 4}, now=NOW)
    session.commit()
    assert order.status is S.BACKORDERED

    inventory.receive(session, purchase_order_id=po, actor="operations:Kai",
                      lines=[inventory.ReceiptLine(quantity=2, sku=TEE)])  # fmt: skip
    session.commit()
    session.refresh(order)
    assert order.status is S.BACKORDERED
    assert _summaries(session, order.id)[-1] == (
        "Backorder filled: Reserved 2 × TEE-RED in Hamburg Warehouse; 1 still awaited"
    )

    inventory.receive(session, purchase_order_id=po, actor="operations:Kai",
                      lines=[inventory.ReceiptLine(quantity=8, sku=TEE)])  # fmt: skip
    session.commit()
    session.refresh(order)
    assert status_of(order) is S.ALLOCATED
    assert _summaries(session, order.id)[-2:] == [
        "Backorder filled: Reserved 1 × TEE-RED in Hamburg Warehouse",
        "Every line is now reserved and can be picked",
    ]
    assert stock_level(session, shop.tee, shop.hamburg) == (10, 3)


def test_other_modules_append_to_the_timeline(
    session: Session, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 12, 3, 7, 0, tzinfo=UTC), tick=False)
    make_shop(session)
    order = place(session, {MUG: 1})
    at = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)  # an hour after the order
    orders.add_timeline_event(session, order.id, kind="shipment.delayed", actor="system:dhl",
                              summary="DHL reports a one-day delay", data={"days": 1},
                              occurred_at=at)  # fmt: skip
    session.commit()
    last = orders.timeline(session, order.id)[-1]
    assert (last.kind, last.summary, last.data, last.occurred_at) == (
        "shipment.delayed", "DHL reports a one-day delay", {"days": 1}, at,
    )  # fmt: skip
    with pytest.raises(NotFound):
        orders.add_timeline_event(session, 424242, kind="x", summary="y", actor="z")
    with pytest.raises(InvalidInput):
        orders.add_timeline_event(session, order.id, kind="x", summary="  ", actor="z")
