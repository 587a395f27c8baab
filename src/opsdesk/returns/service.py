"""Return requests from request to inspection. Services take a session, never commit."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from opsdesk import inventory, orders
from opsdesk.kernel import events as domain_events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import Conflict, NotFound
from opsdesk.returns import policy
from opsdesk.returns.events import ReturnDecided, ReturnReceived, ReturnRequested
from opsdesk.returns.models import (
    ReturnLine,
    ReturnReason,
    ReturnRequest,
    ReturnStatus,
)

RETURNABLE_ORDER_STATUSES = frozenset(
    {orders.OrderStatus.PARTIALLY_SHIPPED, orders.OrderStatus.SHIPPED, orders.OrderStatus.DELIVERED}
)


def _locked_order(session: Session, order_id: int) -> orders.Order:
    order = session.scalar(
        sa.select(orders.Order)
        .where(orders.Order.id == order_id)
        .options(selectinload(orders.Order.lines))
        .with_for_update()
    )
    if order is None:
        raise NotFound("order", order_id)
    return order


def _claimed(session: Session, order_id: int) -> dict[int, int]:
    """Units per order line already in returns that were not rejected."""
    rows = session.execute(
        sa.select(ReturnLine.order_line_id, sa.func.sum(ReturnLine.quantity))
        .join(ReturnRequest, ReturnRequest.id == ReturnLine.return_id)
        .where(
            ReturnRequest.order_id == order_id,
            ReturnRequest.status.not_in(policy.NOT_COUNTED),
        )
        .group_by(ReturnLine.order_line_id)
    )
    return {line_id: int(total) for line_id, total in rows}


def request_return(
    session: Session,
    *,
    order_id: int,
    lines: Mapping[int, int],
    reason: ReturnReason,
    note: str = "",
    actor: str,
    now: datetime | None = None,
) -> ReturnRequest:
    """Open a return for shipped units: never more than shipped minus already returned."""
    at = now or utcnow()
    order = _locked_order(session, order_id)
    if order.status not in RETURNABLE_ORDER_STATUSES:
        raise Conflict(
            f"order {order.number} is {order.status.value}; only shipped items can be returned",
            details={"status": order.status.value},
        )
    claimed = _claimed(session, order_id)
    returnable = {ln.id: ln.quantity_shipped - claimed.get(ln.id, 0) for ln in order.lines}
    policy.check_return_quantities(lines, returnable)
    count = session.scalar(sa.select(sa.func.count()).where(ReturnRequest.order_id == order_id))
    rma = ReturnRequest(
        number=f"RMA-{order.number}-{(count or 0) + 1}",
        order_id=order_id,
        status=ReturnStatus.REQUESTED,
        reason=reason,
        customer_note=note,
        created_at=at,
    )
    rma.lines = [ReturnLine(order_line_id=k, quantity=q) for k, q in sorted(lines.items())]
    session.add(rma)
    session.flush()
    skus = {ln.id: ln.sku for ln in order.lines}
    items = ", ".join(f"{q} x {skus[k]}" for k, q in sorted(lines.items()))
    _timeline(session, rma, f"Return {rma.number} requested: {items} ({reason.value})", actor, at)
    domain_events.record(
        session,
        ReturnRequested(
            return_id=rma.id, order_id=order_id, number=rma.number, reason=reason.value,
            quantity=sum(lines.values()),
        ),
        now=at,
    )  # fmt: skip
    return rma


def get_return(session: Session, return_id: int, *, lock: bool = False) -> ReturnRequest:
    query = (
        sa.select(ReturnRequest)
        .where(ReturnRequest.id == return_id)
        .options(selectinload(ReturnRequest.lines))
    )
    rma = session.scalar(query.with_for_update() if lock else query)
    if rma is None:
        raise NotFound("return", return_id)
    return rma


def returns_for_order(session: Session, order_id: int) -> list[ReturnRequest]:
    return list(
        session.scalars(
            sa.select(ReturnRequest)
            .where(ReturnRequest.order_id == order_id)
            .options(selectinload(ReturnRequest.lines))
            .order_by(ReturnRequest.id)
        )
    )


def _timeline(session: Session, rma: ReturnRequest, summary: str, actor: str, at: datetime) -> None:
    orders.add_timeline_event(
        session, rma.order_id, kind=f"return.{rma.status.value}", summary=summary, actor=actor,
        data={"return_id": rma.id, "number": rma.number}, occurred_at=at,
    )  # fmt: skip


def decide(
    session: Session,
    return_id: int,
    *,
    approve: bool,
    note: str = "",
    actor: str,
    now: datetime | None = None,
) -> ReturnRequest:
    """Approve or reject a requested return."""
    at = now or utcnow()
    rma = get_return(session, return_id, lock=True)
    target = ReturnStatus.APPROVED if approve else ReturnStatus.REJECTED
    policy.check_transition(rma.status, target)
    rma.status, rma.decision_note, rma.decided_at = target, note, at
    because = f": {note}" if note else ""
    _timeline(session, rma, f"Return {rma.number} {target.value}{because}", actor, at)
    domain_events.record(
        session,
        ReturnDecided(return_id=rma.id, order_id=rma.order_id, status=target.value, note=note),
        now=at,
    )
    return rma


def receive(
    session: Session, return_id: int, *, warehouse_id: int, actor: str, now: datetime | None = None
) -> ReturnRequest:
    """The parcel arrived back at ``warehouse_id``; its lines wait for inspection."""
    at = now or utcnow()
    rma = get_return(session, return_id, lock=True)
    policy.check_transition(rma.status, ReturnStatus.RECEIVED)
    warehouse = inventory.get_warehouse(session, warehouse_id)
    rma.status, rma.warehouse_id, rma.received_at = ReturnStatus.RECEIVED, warehouse_id, at
    _timeline(session, rma, f"Return {rma.number} received at {warehouse.name}", actor, at)
    domain_events.record(
        session,
        ReturnReceived(return_id=rma.id, order_id=rma.order_id, warehouse_id=warehouse_id),
        now=at,
    )
    return rma
