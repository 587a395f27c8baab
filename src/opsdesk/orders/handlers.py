"""Reactions to other modules' events, run inside the transaction that recorded them."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import inventory
from opsdesk.kernel.events import DomainEvent, Subscriber
from opsdesk.orders import narrative
from opsdesk.orders.lifecycle import allocate_if_nothing_waits, locked_order
from opsdesk.orders.models import OrderLine
from opsdesk.orders.timeline import new_event

RECEIPT_ACTOR = "system:inventory"


def on_backorder_filled(session: Session, event: inventory.BackorderFilled) -> None:
    """Tell the timeline that stock arrived; allocate the order once nothing waits."""
    order = locked_order(session, event.order_id)
    sku = session.scalar(sa.select(OrderLine.sku).where(OrderLine.id == event.order_line_id))
    name = narrative.warehouse_names(session, [event.warehouse_id]).get(
        event.warehouse_id, f"warehouse {event.warehouse_id}"
    )
    summary = "Backorder filled: " + narrative.reserved_sentence(event.quantity, sku or "?", name)
    if event.remaining_quantity:
        summary += f"; {event.remaining_quantity} still awaited"
    session.add(
        new_event(
            order.id,
            kind="stock.backorder_filled",
            summary=summary,
            actor=RECEIPT_ACTOR,
            data={
                "order_line_id": event.order_line_id,
                "warehouse_id": event.warehouse_id,
                "quantity": event.quantity,
                "remaining_quantity": event.remaining_quantity,
            },
        )
    )
    allocate_if_nothing_waits(session, order, actor=RECEIPT_ACTOR)


SUBSCRIPTIONS: dict[type[DomainEvent], list[Subscriber]] = {
    inventory.BackorderFilled: [on_backorder_filled],
}
