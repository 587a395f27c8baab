from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import fulfilment, orders, returns, shipping
from opsdesk.inventory.models import MovementKind, StockMovement
from opsdesk.kernel.errors import Conflict, IllegalTransition, InvalidInput
from tests.factories.fulfilment import (
    ACTOR,
    TUESDAY,
    FixedClock,
    order_status,
    pack,
    picking_order,
    shipped_order,
)
from tests.factories.inventory import ledger_sums, stock_level
from tests.factories.orders import TEE, expect_tees, make_shop, place
from tests.factories.returns import first_line_id, received_return

RESTOCK = returns.Disposition.RESTOCK
WRITE_OFF = returns.Disposition.WRITE_OFF
MUG_PRICE = 1990


def _movements(session: Session, reference: str) -> list[tuple[str, int]]:
    rows = session.execute(
        sa.select(StockMovement.kind, StockMovement.on_hand_delta)
        .where(StockMovement.reference == reference)
        .order_by(StockMovement.id)
    )
    return [(kind.value, delta) for kind, delta in rows]


def test_a_restocked_return_goes_back_on_the_shelf_and_into_the_ledger(session: Session) -> None:
    picking, rma = received_return(session, quantity=1)
    shop = picking.shop
    assert stock_level(session, shop.mug, shop.berlin) == (8, 0)
    returns.inspect_line(session, rma.id, rma.lines[0].id, disposition=RESTOCK, actor=ACTOR)
    assert stock_level(session, shop.mug, shop.berlin) == (9, 0)
    assert ledger_sums(session, shop.mug, shop.berlin) == (9, 0)
    assert _movements(session, f"return:{rma.number}") == [(MovementKind.RETURN_TO_STOCK, 1)]
    assert rma.status is returns.ReturnStatus.INSPECTED
    line = session.get(orders.OrderLine, rma.lines[0].order_line_id)
    assert line is not None
    assert line.quantity_returned == 1
    # One of two mugs came back: the order is not returned as a whole.
    assert order_status(session, picking.order_id) is orders.OrderStatus.SHIPPED


def test_a_written_off_return_is_booked_in_and_out_leaving_stock_unchanged(
    session: Session,
) -> None:
    picking, rma = received_return(session, quantity=2)
    returns.inspect_line(session, rma.id, rma.lines[0].id, disposition=WRITE_OFF, actor=ACTOR)
    assert stock_level(session, picking.shop.mug, picking.shop.berlin) == (8, 0)
    assert _movements(session, f"return:{rma.number}") == [
        (MovementKind.RETURN_TO_STOCK, 2),
        (MovementKind.WRITE_OFF, -2),
    ]
    assert order_status(session, picking.order_id) is orders.OrderStatus.RETURNED


def test_more_than_was_shipped_cannot_be_returned(session: Session) -> None:
    picking, _rma = received_return(session, quantity=1)
    line_id = first_line_id(session, picking.order_id)
    with pytest.raises(Conflict, match="only 1 shipped and not yet returned"):
        returns.request_return(
            session, order_id=picking.order_id, lines={line_id: 2},
            reason=returns.ReturnReason.CHANGED_MIND, actor=ACTOR,
        )  # fmt: skip


def test_an_order_still_in_the_warehouse_cannot_be_returned(session: Session) -> None:
    picking = picking_order(session)
    with pytest.raises(Conflict, match="only shipped items"):
        returns.request_return(
            session, order_id=picking.order_id,
            lines={first_line_id(session, picking.order_id): 1},
            reason=returns.ReturnReason.LATE, actor=ACTOR,
        )  # fmt: skip


def test_a_rejected_return_frees_its_units_and_cannot_be_received(session: Session) -> None:
    picking, _shipment = shipped_order(session)
    line_id = first_line_id(session, picking.order_id)
    rma = returns.request_return(
        session, order_id=picking.order_id, lines={line_id: 2},
        reason=returns.ReturnReason.CHANGED_MIND, actor=ACTOR,
    )  # fmt: skip
    returns.decide(session, rma.id, approve=False, note="outside the window", actor=ACTOR)
    with pytest.raises(IllegalTransition):
        returns.receive(session, rma.id, warehouse_id=picking.shop.berlin, actor=ACTOR)
    again = returns.request_return(
        session, order_id=picking.order_id, lines={line_id: 2},
        reason=returns.ReturnReason.DAMAGED, actor=ACTOR,
    )  # fmt: skip
    assert again.number.endswith("-2")


def test_a_return_refund_is_capped_at_what_its_lines_cost(session: Session) -> None:
    _picking, rma = received_return(session, quantity=1)
    returns.inspect_line(session, rma.id, rma.lines[0].id, disposition=RESTOCK, actor=ACTOR)
    with pytest.raises(Conflict, match="exceeds"):
        returns.refund_return(session, rma.id, amount_minor=MUG_PRICE + 1, actor=ACTOR)
    refund = returns.refund_return(session, rma.id, actor=ACTOR)
    assert (refund.amount_minor, refund.currency, refund.return_id) == (MUG_PRICE, "EUR", rma.id)
    assert rma.status is returns.ReturnStatus.REFUNDED


def test_order_refunds_never_exceed_what_was_paid(session: Session) -> None:
    picking, _shipment = shipped_order(session)
    order = session.get(orders.Order, picking.order_id)
    assert order is not None
    paid = order.total_minor
    returns.record_refund(session, order_id=order.id, amount_minor=paid - 100, currency="EUR",
                          reason="goodwill", actor=ACTOR)  # fmt: skip
    with pytest.raises(Conflict, match="exceeds the 100 still refundable"):
        returns.record_refund(session, order_id=order.id, amount_minor=101, currency="EUR",
                              reason="more", actor=ACTOR)  # fmt: skip
    with pytest.raises(InvalidInput, match="paid in EUR"):
        returns.record_refund(session, order_id=order.id, amount_minor=50, currency="USD",
                              reason="wrong", actor=ACTOR)  # fmt: skip


def test_a_refund_with_a_known_external_id_is_recorded_once(session: Session) -> None:
    picking, _shipment = shipped_order(session)
    kwargs = {"order_id": picking.order_id, "amount_minor": 500, "currency": "EUR",
              "reason": "shopify", "external_id": "shopify:509562969", "actor": ACTOR}  # fmt: skip
    first = returns.record_refund(session, **kwargs)  # type: ignore[arg-type]
    again = returns.record_refund(session, **kwargs)  # type: ignore[arg-type]
    assert first.id == again.id
    assert [r.id for r in returns.refunds_for_order(session, picking.order_id)] == [first.id]


def test_a_restocked_return_first_serves_a_customer_waiting_for_that_item(
    session: Session,
) -> None:
    shop = make_shop(session, mugs=0, tees=2)
    first = place(session, {TEE: 2}, now=TUESDAY)
    pick_list = returns_pick_list(session, shop.berlin)
    pack(session, pick_list, sku=TEE, quantity=2)
    fulfilment.ship_fulfilment(
        session, pick_list, carrier=shipping.SimulatedCarrier(seed=1, clock=FixedClock()),
        service_level=shipping.ServiceLevel.STANDARD, actor=ACTOR, now=TUESDAY,
    )  # fmt: skip
    expect_tees(session, shop, 5, on=date(2026, 12, 20))
    waiting = place(session, {TEE: 1}, now=TUESDAY)
    assert order_status(session, waiting.id) is orders.OrderStatus.BACKORDERED

    rma = returns.request_return(
        session, order_id=first.id, lines={first_line_id(session, first.id): 1},
        reason=returns.ReturnReason.CHANGED_MIND, actor=ACTOR,
    )  # fmt: skip
    returns.decide(session, rma.id, approve=True, actor=ACTOR)
    returns.receive(session, rma.id, warehouse_id=shop.berlin, actor=ACTOR)
    returns.inspect_line(session, rma.id, rma.lines[0].id, disposition=RESTOCK, actor=ACTOR)

    assert order_status(session, waiting.id) is orders.OrderStatus.ALLOCATED
    assert stock_level(session, shop.tee, shop.berlin) == (1, 1)  # on hand, reserved
    assert ledger_sums(session, shop.tee, shop.berlin) == (1, 1)


def returns_pick_list(session: Session, warehouse_id: int) -> int:
    pick_list = fulfilment.create_pick_list(
        session, warehouse_id=warehouse_id, actor=ACTOR, now=TUESDAY
    )
    _, parts = fulfilment.get_pick_list(session, pick_list.id)
    return parts[0].id
