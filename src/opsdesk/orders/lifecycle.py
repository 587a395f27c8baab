"""Moving orders through their life after intake: transitions, cancellation, shipping.

Every change locks the order row first (``FOR UPDATE`` on PostgreSQL; SQLite transactions
are serialised already), so two agents cancelling at once, or a cancellation racing a
shipment, see each other's result instead of both acting on a stale status.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from opsdesk import inventory
from opsdesk.kernel import events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from opsdesk.orders import narrative, policy
from opsdesk.orders.events import OrderCancelled, OrderStatusChanged
from opsdesk.orders.models import Order, OrderLine, OrderStatus
from opsdesk.orders.timeline import new_event


def locked_order(
    session: Session, order_id: int, *, with_lines: bool = False, lock: bool = True
) -> Order:
    """The order read fresh from the database, its row locked unless ``lock`` is False."""
    query = sa.select(Order).where(Order.id == order_id).execution_options(populate_existing=True)
    if lock:
        query = query.with_for_update()
    if with_lines:
        query = query.options(selectinload(Order.lines))
    order = session.scalars(query).first()
    if order is None:
        raise NotFound("order", order_id)
    return order


def _status(value: OrderStatus | str) -> OrderStatus:
    try:
        return OrderStatus(value)
    except ValueError:
        raise InvalidInput(f"unknown order status {value!r}", details={"field": "status"}) from None


def move(
    session: Session,
    order: Order,
    target: OrderStatus,
    *,
    actor: str,
    summary: str,
    data: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Order:
    """Apply one legal transition to a locked order, with its timeline entry and event."""
    now = now or utcnow()
    previous = order.status
    policy.check_transition(previous, target)
    order.status = target
    order.updated_at = now
    session.add(
        new_event(
            order.id,
            kind=f"status.{target.value}",
            summary=summary,
            actor=actor,
            data={"from": previous.value, "to": target.value, **(data or {})},
            occurred_at=now,
        )
    )
    events.record(
        session,
        OrderStatusChanged(
            order_id=order.id,
            number=order.number,
            previous=previous.value,
            status=target.value,
            actor=actor,
        ),
        now=now,
    )
    return order


def transition(
    session: Session,
    order_id: int,
    target: OrderStatus | str,
    *,
    actor: str,
    summary: str,
    data: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Order:
    """Move an order to ``target`` (fulfilment: picking/packed; shipping: delivered …).

    Raises ``IllegalTransition`` (409) naming both states when the state machine forbids it.
    """
    order = locked_order(session, order_id)
    return move(session, order, _status(target), actor=actor, summary=summary, data=data, now=now)


def cancel_order(
    session: Session,
    order_id: int,
    *,
    actor: str,
    reason: str,
    line_ids: Collection[int] | None = None,
    now: datetime | None = None,
) -> Order:
    """Cancel the whole order, or only some lines, and give their stock back.

    Allowed until anything ships (see ``policy``). Cancelling the last open lines
    cancels the order; cancelling the only waiting lines of a backordered order leaves
    it allocated.
    """
    if not reason.strip():
        raise InvalidInput("a cancellation needs a reason", details={"field": "reason"})
    now = now or utcnow()
    # Stock rows first, the order row last: the lock order of receipts (which fill
    # backorders, then move orders on) and of packing (pick, then move the order).
    # Locking the order first could deadlock with either on PostgreSQL.
    preview = locked_order(session, order_id, with_lines=True, lock=False)
    _check_cancellable(preview, line_ids)
    inventory.release(
        session,
        order_id=order_id,
        order_line_ids=None if line_ids is None else sorted(set(line_ids)),
        actor=actor,
        reason=reason,
    )
    order = locked_order(session, order_id, with_lines=True)
    chosen = _check_cancellable(order, line_ids)  # again: it may have moved meanwhile
    cancelled: dict[str, int] = {}
    for line in chosen:
        cancelled[line.sku] = cancelled.get(line.sku, 0) + _cancel_line(line)
    whole = policy.every_line_cancelled([_quantities(line) for line in order.lines])
    events.record(
        session,
        OrderCancelled(
            order_id=order.id,
            number=order.number,
            reason=reason,
            actor=actor,
            order_line_ids=[line.id for line in chosen],
            whole_order=whole,
        ),
        now=now,
    )
    if whole:
        summary = narrative.cancelled_sentence(actor, reason)
        return move(session, order, OrderStatus.CANCELLED, actor=actor, summary=summary, now=now)
    return _after_partial_cancel(session, order, chosen, cancelled, actor=actor, reason=reason,
                                 now=now)  # fmt: skip


def _after_partial_cancel(
    session: Session,
    order: Order,
    chosen: list[OrderLine],
    cancelled: Mapping[str, int],
    *,
    actor: str,
    reason: str,
    now: datetime,
) -> Order:
    """Tell the timeline; a backordered order whose waiting lines went is now allocated."""
    summary = narrative.cancelled_sentence(actor, reason, cancelled)
    data = {"order_line_ids": [line.id for line in chosen]}
    session.add(new_event(order.id, kind="order.lines_cancelled", summary=summary, actor=actor,
                          data=data, occurred_at=now))  # fmt: skip
    order.updated_at = now
    allocate_if_nothing_waits(session, order, actor=actor, now=now)
    return order


def _check_cancellable(order: Order, line_ids: Collection[int] | None) -> list[OrderLine]:
    """The lines to cancel, or an error when the order or a line cannot be cancelled."""
    if order.status not in policy.CANCELLABLE:
        policy.check_transition(order.status, OrderStatus.CANCELLED)
    return _chosen_lines(order, line_ids)


def _chosen_lines(order: Order, line_ids: Collection[int] | None) -> list[OrderLine]:
    if line_ids is None:
        return [line for line in order.lines if _quantities(line).open > 0]
    by_id = {line.id: line for line in order.lines}
    unknown = sorted(set(line_ids) - by_id.keys())
    if unknown:
        raise InvalidInput(
            f"order {order.number} has no line {', '.join(map(str, unknown))}",
            details={
                "errors": [{"field": "line_ids", "reason": f"unknown line {i}"} for i in unknown]
            },
        )
    chosen = [by_id[i] for i in sorted(set(line_ids))]
    done = [line.sku for line in chosen if _quantities(line).open == 0]
    if done:
        raise Conflict(f"nothing left to cancel on the line(s) for {', '.join(done)}")
    return chosen


def _cancel_line(line: OrderLine) -> int:
    open_units = _quantities(line).open
    line.quantity_cancelled += open_units
    return open_units


def _quantities(line: OrderLine) -> policy.LineQuantities:
    return policy.LineQuantities(line.quantity, line.quantity_cancelled, line.quantity_shipped)


def allocate_if_nothing_waits(
    session: Session, order: Order, *, actor: str, now: datetime | None = None
) -> bool:
    """Move a backordered order to allocated once no reservation of it waits for stock."""
    if order.status is not OrderStatus.BACKORDERED:
        return False
    reservations = inventory.reservations_for_order(session, order.id)
    if any(r.status == inventory.ReservationStatus.WAITING for r in reservations):
        return False
    move(session, order, OrderStatus.ALLOCATED, actor=actor,
         summary="Every line is now reserved and can be picked", now=now)  # fmt: skip
    return True


def mark_shipped(
    session: Session,
    order_id: int,
    shipped: Mapping[int, int],
    *,
    actor: str,
    summary: str | None = None,
    data: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Order:
    """Record units that left the warehouse: shipped when nothing remains, else partially."""
    order = locked_order(session, order_id, with_lines=True)
    if order.status not in policy.SHIPPABLE:
        raise IllegalTransition("order", order.status.value, OrderStatus.SHIPPED.value)
    sent = _ship_lines(order, shipped)
    summary = summary or "Shipped " + ", ".join(narrative.units(q, sku) for sku, q in sent.items())
    target = policy.status_after_shipping([_quantities(line) for line in order.lines])
    payload = {"shipped": {str(k): v for k, v in shipped.items()}, **(data or {})}
    if target is order.status:  # another part of an already partly shipped order
        now = now or utcnow()
        order.updated_at = now
        session.add(new_event(order.id, kind="order.shipped_part", summary=summary, actor=actor,
                              data=payload, occurred_at=now))  # fmt: skip
        return order
    return move(session, order, target, actor=actor, summary=summary, data=payload, now=now)


def _ship_lines(order: Order, shipped: Mapping[int, int]) -> dict[str, int]:
    if not shipped:
        raise InvalidInput("nothing to ship", details={"field": "shipped"})
    by_id = {line.id: line for line in order.lines}
    sent: dict[str, int] = {}
    for line_id, quantity in shipped.items():
        line = by_id.get(line_id)
        field = f"shipped.{line_id}"
        if line is None:
            raise InvalidInput(
                f"order {order.number} has no line {line_id}", details={"field": field}
            )
        if not 1 <= quantity <= _quantities(line).open:
            raise InvalidInput(
                f"can ship 1 to {narrative.units(_quantities(line).open, line.sku)}, not {quantity}",
                details={"field": field},
            )
        line.quantity_shipped += quantity
        sent[line.sku] = sent.get(line.sku, 0) + quantity
    return sent


def mark_delivered(
    session: Session,
    order_id: int,
    *,
    actor: str,
    summary: str = "Delivered to the customer",
    data: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Order:
    return transition(
        session, order_id, OrderStatus.DELIVERED, actor=actor, summary=summary, data=data, now=now
    )
