"""Refunds: recorded once, never more than was paid."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import orders
from opsdesk.kernel import events as domain_events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import Conflict, InvalidInput, NotFound
from opsdesk.returns import policy
from opsdesk.returns.events import RefundRecorded
from opsdesk.returns.models import Refund, ReturnStatus
from opsdesk.returns.service import get_return


def _locked_order(session: Session, order_id: int) -> orders.Order:
    """Lock the order so two refunds racing for the same money are serialised."""
    order = session.scalar(
        sa.select(orders.Order).where(orders.Order.id == order_id).with_for_update()
    )
    if order is None:
        raise NotFound("order", order_id)
    return order


def _refunded(session: Session, *, order_id: int, return_id: int | None = None) -> int:
    query = sa.select(sa.func.coalesce(sa.func.sum(Refund.amount_minor), 0)).where(
        Refund.order_id == order_id
    )
    if return_id is not None:
        query = query.where(Refund.return_id == return_id)
    return int(session.scalar(query) or 0)


def record_refund(
    session: Session,
    *,
    order_id: int,
    amount_minor: int,
    currency: str,
    reason: str,
    external_id: str | None = None,
    actor: str,
    return_id: int | None = None,
    now: datetime | None = None,
) -> Refund:
    """Record money given back on an order (the Shopify refunds adapter calls this).

    Idempotent by ``external_id``: the same id again returns the first refund. The total
    refunded never exceeds the order's total (409 otherwise).
    """
    at = now or utcnow()
    order = _locked_order(session, order_id)
    if external_id is not None:
        earlier = session.scalar(sa.select(Refund).where(Refund.external_id == external_id))
        if earlier is not None:
            if earlier.order_id != order_id or earlier.amount_minor != amount_minor:
                raise Conflict(f"refund {external_id} was already recorded differently")
            return earlier
    if currency.upper() != order.currency:
        raise InvalidInput(
            f"order {order.number} was paid in {order.currency}, not {currency}",
            details={"field": "currency"},
        )
    policy.check_refund(
        amount_minor,
        paid_minor=order.total_minor,
        refunded_minor=_refunded(session, order_id=order_id),
    )
    refund = Refund(
        order_id=order_id, return_id=return_id, amount_minor=amount_minor,
        currency=order.currency, reason=reason[:200], external_id=external_id,
        actor=actor[:120], created_at=at,
    )  # fmt: skip
    session.add(refund)
    session.flush()
    amount = f"{amount_minor / 100:.2f} {order.currency}"
    because = f": {reason}" if reason else ""
    orders.add_timeline_event(
        session, order_id, kind="refund.recorded", summary=f"Refunded {amount}{because}",
        actor=actor, data={"refund_id": refund.id, "return_id": return_id}, occurred_at=at,
    )  # fmt: skip
    domain_events.record(
        session,
        RefundRecorded(
            refund_id=refund.id, order_id=order_id, return_id=return_id,
            amount_minor=amount_minor, currency=order.currency, external_id=external_id,
        ),
        now=at,
    )  # fmt: skip
    return refund


def refund_return(
    session: Session,
    return_id: int,
    *,
    amount_minor: int | None = None,
    reason: str = "",
    actor: str,
    now: datetime | None = None,
) -> Refund:
    """Refund an inspected return: by default, what its lines cost; never more than that."""
    rma = get_return(session, return_id, lock=True)
    policy.check_transition(rma.status, ReturnStatus.REFUNDED)
    prices = dict(
        session.execute(
            sa.select(orders.OrderLine.id, orders.OrderLine.unit_price_minor).where(
                orders.OrderLine.order_id == rma.order_id
            )
        ).all()
    )
    paid_for_lines = sum(prices[ln.order_line_id] * ln.quantity for ln in rma.lines)
    amount = paid_for_lines if amount_minor is None else amount_minor
    policy.check_refund(
        amount,
        paid_minor=paid_for_lines,
        refunded_minor=_refunded(session, order_id=rma.order_id, return_id=rma.id),
    )
    currency = session.scalar(
        sa.select(orders.Order.currency).where(orders.Order.id == rma.order_id)
    )
    refund = record_refund(
        session, order_id=rma.order_id, amount_minor=amount, currency=currency or "",
        reason=reason or f"return {rma.number}", actor=actor, return_id=rma.id, now=now,
    )  # fmt: skip
    rma.status = ReturnStatus.REFUNDED
    return refund


def refunds_for_order(session: Session, order_id: int) -> list[Refund]:
    if session.get(orders.Order, order_id) is None:
        raise NotFound("order", order_id)
    return list(
        session.scalars(sa.select(Refund).where(Refund.order_id == order_id).order_by(Refund.id))
    )
