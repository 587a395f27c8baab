"""Inspecting returned lines: back on the shelf, or written off."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import inventory, orders
from opsdesk.kernel import events as domain_events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import Conflict, NotFound
from opsdesk.returns import policy
from opsdesk.returns.events import ReturnInspected
from opsdesk.returns.models import (
    ConditionGrade,
    Disposition,
    ReturnLine,
    ReturnRequest,
    ReturnStatus,
)
from opsdesk.returns.service import get_return


def inspect_line(
    session: Session,
    return_id: int,
    return_line_id: int,
    *,
    disposition: Disposition,
    note: str = "",
    grade: ConditionGrade | None = None,
    reason_confirmed: bool | None = None,
    actor: str,
    now: datetime | None = None,
) -> ReturnRequest:
    """Decide one received line; when the last line is decided the return is inspected.

    ``grade`` and ``reason_confirmed`` record what the inspector saw (the reasons summary
    and supplier claims read them); they do not decide the disposition, the inspector does.
    """
    at = now or utcnow()
    rma = get_return(session, return_id, lock=True)
    if rma.status is not ReturnStatus.RECEIVED or rma.warehouse_id is None:
        raise Conflict(
            f"return {rma.number} is {rma.status.value}; lines are inspected once received"
        )
    line = next((ln for ln in rma.lines if ln.id == return_line_id), None)
    if line is None:
        raise NotFound("return line", return_line_id)
    if line.disposition is not None:
        raise Conflict(f"return line {line.id} was already inspected ({line.disposition.value})")
    order_line = session.get(orders.OrderLine, line.order_line_id)
    assert order_line is not None  # a foreign key guarantees it
    _move_stock(session, rma, line, order_line, disposition, actor, at)
    line.disposition, line.inspection_note = disposition, note
    line.condition_grade, line.reason_confirmed = grade, reason_confirmed
    # The order's own count of returned units (its column, kept in step here).
    order_line.quantity_returned += line.quantity
    if all(ln.disposition is not None for ln in rma.lines):
        _finish_inspection(session, rma, actor, at)
    return rma


def _move_stock(
    session: Session,
    rma: ReturnRequest,
    line: ReturnLine,
    order_line: orders.OrderLine,
    disposition: Disposition,
    actor: str,
    at: datetime,
) -> None:
    """Restock, or book the unit in and straight out again so the ledger tells the story.

    A returned unit is not on hand (it was picked); writing it off without booking it in
    first would take a good unit off the shelf instead.
    """
    if order_line.variant_id is None or rma.warehouse_id is None:
        raise Conflict(f"order line {order_line.id} has no catalog variant to put back in stock")
    where = {"variant_id": order_line.variant_id, "warehouse_id": rma.warehouse_id}
    reference = f"return:{rma.number}"
    inventory.return_to_stock(
        session, **where, quantity=line.quantity, actor=actor, reference=reference, now=at
    )
    if disposition is Disposition.WRITE_OFF:
        inventory.write_off(
            session, **where, quantity=line.quantity, actor=actor,
            reason="returned unit not resellable", reference=reference, now=at,
        )  # fmt: skip
    else:
        # A resellable unit back on the shelf goes first to customers waiting for it.
        inventory.fill_backorders(
            session, [(order_line.variant_id, rma.warehouse_id)], actor=actor, now=at
        )
    verb = "restocked" if disposition is Disposition.RESTOCK else "written off"
    orders.add_timeline_event(
        session, rma.order_id, kind="return.line_inspected",
        summary=f"Returned {line.quantity} x {order_line.sku} {verb}", actor=actor,
        data={"return_id": rma.id, "return_line_id": line.id}, occurred_at=at,
    )  # fmt: skip


def _finish_inspection(session: Session, rma: ReturnRequest, actor: str, at: datetime) -> None:
    policy.check_transition(rma.status, ReturnStatus.INSPECTED)
    rma.status = ReturnStatus.INSPECTED
    restocked = sum(ln.quantity for ln in rma.lines if ln.disposition is Disposition.RESTOCK)
    written_off = sum(ln.quantity for ln in rma.lines) - restocked
    domain_events.record(
        session,
        ReturnInspected(
            return_id=rma.id, order_id=rma.order_id, restocked=restocked, written_off=written_off
        ),
        now=at,
    )
    session.flush()
    rows = session.execute(
        sa.select(
            orders.OrderLine.quantity,
            orders.OrderLine.quantity_cancelled,
            orders.OrderLine.quantity_returned,
        ).where(orders.OrderLine.order_id == rma.order_id)
    ).all()
    status = session.scalar(sa.select(orders.Order.status).where(orders.Order.id == rma.order_id))
    if policy.everything_returned([(q, c, r) for q, c, r in rows]) and status in (
        orders.OrderStatus.SHIPPED,
        orders.OrderStatus.DELIVERED,
    ):
        orders.transition(
            session, rma.order_id, orders.OrderStatus.RETURNED, actor=actor,
            summary="Every item of the order has been returned", now=at,
        )  # fmt: skip
