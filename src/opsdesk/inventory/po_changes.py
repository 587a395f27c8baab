"""What happens to a purchase order between creation and the dock: made out to a
supplier record, sent, its due date moved. Every change is kept (who, when, why), and a
moved due date re-dates the backorders waiting on it, so customers' promises follow."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.inventory import purchasing, suppliers, waiting_dates
from opsdesk.inventory.models import PurchaseOrder, PurchaseOrderChange, PurchaseOrderStatus
from opsdesk.inventory.schemas import PurchaseOrderCreate, PurchaseOrderRead
from opsdesk.kernel.errors import IllegalTransition, InvalidInput, NotFound

CHANGEABLE = (PurchaseOrderStatus.OPEN, PurchaseOrderStatus.PARTIALLY_RECEIVED)


def create_for_supplier(
    session: Session,
    *,
    supplier_id: int,
    warehouse_id: int,
    lines: Mapping[str, int],
    today: date,
    expected_date: date | None = None,
) -> PurchaseOrderRead:
    """A purchase order to a supplier record, due after the supplier's lead time unless
    a date is given."""
    supplier = suppliers.get_supplier(session, supplier_id)
    due = expected_date or today + timedelta(days=supplier.lead_time_days)
    if due < today:
        raise InvalidInput("the due date is in the past", details={"field": "expected_date"})
    data = PurchaseOrderCreate(
        supplier=supplier.name, warehouse_id=warehouse_id, expected_date=due,
        lines=[{"sku": sku, "quantity": q} for sku, q in lines.items()],
    )  # fmt: skip
    created = purchasing.create_purchase_order(session, data)
    order = _order(session, created.id)
    order.supplier_id = supplier.id
    session.flush()
    return created


def change_due_date(
    session: Session, purchase_order_id: int, *, due: date, reason: str, actor: str,
    now: datetime,
) -> list[int]:  # fmt: skip
    """Move the date the supplier now promises; returns the orders whose waiting lines
    got a new date from it."""
    order = _order(session, purchase_order_id)
    if order.status not in CHANGEABLE:
        raise IllegalTransition("purchase order", order.status.value, "re-dated",
                                reason="it is no longer expected")  # fmt: skip
    if not reason.strip():
        raise InvalidInput("say why the date moves", details={"field": "reason"})
    if due == order.expected_date:
        raise InvalidInput(f"the order is already due on {due.isoformat()}",
                           details={"field": "expected_date"})  # fmt: skip
    record(session, order.id, "expected_date", order.expected_date.isoformat(), due.isoformat(),
           reason=reason, actor=actor, now=now)  # fmt: skip
    order.expected_date = due
    session.flush()
    return waiting_dates.redate_waiting(session, today=now.date())


def mark_sent(session: Session, purchase_order_id: int, *, to: str, actor: str,
              now: datetime) -> None:  # fmt: skip
    """Record that the order went to the supplier (again, when it is re-sent)."""
    order = _order(session, purchase_order_id)
    if order.status is PurchaseOrderStatus.CANCELLED:
        raise IllegalTransition("purchase order", order.status.value, "sent")
    previous = order.sent_at.isoformat() if order.sent_at else ""
    record(session, order.id, "sent", previous, to, reason="e-mailed with the PDF",
           actor=actor, now=now)  # fmt: skip
    order.sent_at = now
    session.flush()


def record(session: Session, purchase_order_id: int, field: str, old: str, new: str, *,
           reason: str, actor: str, now: datetime) -> None:  # fmt: skip
    session.add(
        PurchaseOrderChange(purchase_order_id=purchase_order_id, field=field, old_value=old[:200],
                            new_value=new[:200], reason=reason[:300], actor=actor,
                            created_at=now)
    )  # fmt: skip


def changes_of(session: Session, purchase_order_id: int) -> list[PurchaseOrderChange]:
    """The order's history, newest first."""
    return list(
        session.scalars(
            sa.select(PurchaseOrderChange)
            .where(PurchaseOrderChange.purchase_order_id == purchase_order_id)
            .order_by(PurchaseOrderChange.id.desc())
        )
    )


def _order(session: Session, purchase_order_id: int) -> PurchaseOrder:
    order = session.get(PurchaseOrder, purchase_order_id)
    if order is None:
        raise NotFound("purchase order", purchase_order_id)
    return order
