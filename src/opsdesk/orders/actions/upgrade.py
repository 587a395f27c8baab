"""Booking a faster service level before the parcel leaves."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from opsdesk.kernel import events
from opsdesk.kernel.db import utcnow
from opsdesk.orders import narrative
from opsdesk.orders.actions import rules
from opsdesk.orders.events import OrderShippingUpgraded
from opsdesk.orders.lifecycle import locked_order
from opsdesk.orders.models import Order
from opsdesk.orders.timeline import new_event


def upgrade_shipping(
    session: Session,
    order_id: int,
    service_level: str,
    *,
    actor: str,
    reason: str = "",
    charge_minor: int = 0,
    now: datetime | None = None,
) -> Order:
    """Economy → standard → express; a charge is added to the order's shipping and total.

    The new promised date comes from shipping's estimator (its in-transaction subscriber
    to ``OrderShippingUpgraded``) and is quoted on the timeline. Refused (409) once
    anything shipped; a level that is not faster is 422 naming ``service_level``.
    """
    now = now or utcnow()
    order = locked_order(session, order_id)
    rules.check_allowed(rules.OrderAction.UPGRADE_SHIPPING, order.number, order.status)
    rules.check_upgrade(order.service_level, service_level, charge_minor)
    previous = order.service_level
    order.service_level = service_level
    order.shipping_minor += charge_minor
    order.total_minor += charge_minor
    order.updated_at = now
    event = OrderShippingUpgraded(
        order_id=order.id, number=order.number, actor=actor, reason=reason.strip(),
        previous=previous, service_level=service_level, charge_minor=charge_minor,
        currency=order.currency, occurred_at=now,
    )  # fmt: skip
    events.record(session, event, now=now)
    charge = narrative.money(charge_minor, order.currency) if charge_minor else ""
    promised = order.promised_delivery_date
    summary = narrative.upgraded_sentence(service_level, actor, charge, reason.strip(), promised)
    data = {"from": previous, "to": service_level, "charge_minor": charge_minor,
            "promised_delivery_date": promised.isoformat() if promised else None}  # fmt: skip
    session.add(new_event(order.id, kind="order.shipping_upgraded", summary=summary, actor=actor,
                          data=data, occurred_at=now))  # fmt: skip
    return order
