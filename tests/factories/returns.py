"""Returns of the two shipped Berlin mugs."""

from __future__ import annotations

from sqlalchemy.orm import Session

from opsdesk import orders, returns
from tests.factories.fulfilment import ACTOR, Picking, shipped_order


def first_line_id(session: Session, order_id: int) -> int:
    order = session.get(orders.Order, order_id)
    assert order is not None
    return order.lines[0].id


def received_return(
    session: Session, *, quantity: int = 1, mugs: int = 2
) -> tuple[Picking, returns.ReturnRequest]:
    """A shipped order whose return of ``quantity`` mugs arrived back in Berlin."""
    picking, _shipment = shipped_order(session, mugs=mugs)
    line_id = first_line_id(session, picking.order_id)
    rma = returns.request_return(
        session, order_id=picking.order_id, lines={line_id: quantity},
        reason=returns.ReturnReason.DAMAGED, actor=ACTOR,
    )  # fmt: skip
    returns.decide(session, rma.id, approve=True, actor=ACTOR)
    returns.receive(session, rma.id, warehouse_id=picking.shop.berlin, actor=ACTOR)
    return picking, rma
