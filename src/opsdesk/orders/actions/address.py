"""Changing where an order goes, before anything has shipped."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from opsdesk import customers
from opsdesk.kernel import events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import InvalidInput
from opsdesk.orders import narrative
from opsdesk.orders.actions import rules
from opsdesk.orders.events import OrderAddressChanged
from opsdesk.orders.lifecycle import locked_order
from opsdesk.orders.models import Order
from opsdesk.orders.schemas import ShippingAddress
from opsdesk.orders.timeline import new_event


def update_shipping_address(
    session: Session,
    order_id: int,
    address: ShippingAddress,
    *,
    actor: str,
    reason: str = "",
    now: datetime | None = None,
) -> Order:
    """Send the order to ``address`` instead; the same address again changes nothing.

    Reservations stay where they are: moving stock to a nearer warehouse would release
    units another order may take meanwhile (and picked units are off the shelf already);
    the delivery promise is re-checked instead, by shipping's in-transaction subscriber
    to ``OrderAddressChanged``. After shipping: ``OrderActionRefused`` (409).
    """
    now = now or utcnow()
    address = checked_postal_code(address)
    order = locked_order(session, order_id)
    rules.check_allowed(rules.OrderAction.CHANGE_ADDRESS, order.number, order.status)
    old = address_of(order)
    if rules.same_address(old, address.model_dump()):
        return order
    _apply(order, address)
    order.updated_at = now
    promised_before = order.promised_delivery_date
    events.record(session, _changed_event(order, old, actor, reason.strip(), now), now=now)
    old_town = rules.town(old["city"], old["postal_code"])
    new_town = rules.town(address.city, address.postal_code)
    summary = narrative.address_changed_sentence(
        actor, old_town, new_town, reason.strip(), promised_before, order.promised_delivery_date
    )
    data = {
        "from": {"city": old["city"], "postal_code": old["postal_code"], "country": old["country"]},
        "to": {"city": address.city, "postal_code": address.postal_code,
               "country": address.country},
        "promised_delivery_date": _iso(order),
    }  # fmt: skip
    session.add(new_event(order.id, kind="order.address_changed", summary=summary, actor=actor,
                          data=data, occurred_at=now))  # fmt: skip
    return order


def checked_postal_code(address: ShippingAddress) -> ShippingAddress:
    """``address`` with its postal code written the country's way ("t12ab34" → "T12 AB34");
    422 when it is not a code of that country (or of its US state) — the chat reads codes
    with the same rules, so what it accepts the order accepts."""
    if not address.postal_code.strip() and not customers.uses_postal_codes(address.country):
        return address
    code = customers.normalise_postal_code(address.country, address.postal_code, address.region)
    if code is None:
        example = customers.postal_code_example(address.country)
        raise InvalidInput(
            f"{address.postal_code.strip() or 'an empty postal code'!s} is not a postal code "
            f"in {address.country}" + (f" (for example {example})" if example else ""),
            details={"field": "postal_code", "country": address.country, "example": example},
        )
    return address.model_copy(update={"postal_code": code})


def address_of(order: Order) -> dict[str, Any]:
    """The order's shipping address snapshot, keyed like ``ShippingAddress``."""
    return {field: getattr(order, f"ship_{field}") for field in rules.ADDRESS_FIELDS}


def _apply(order: Order, address: ShippingAddress) -> None:
    for field in rules.ADDRESS_FIELDS:  # not ``model_dump()``: subclasses carry more
        setattr(order, f"ship_{field}", getattr(address, field))


def _changed_event(
    order: Order, old: dict[str, Any], actor: str, reason: str, now: datetime
) -> OrderAddressChanged:
    return OrderAddressChanged(
        order_id=order.id,
        number=order.number,
        actor=actor,
        reason=reason,
        previous_city=old["city"],
        previous_postal_code=old["postal_code"],
        previous_country=old["country"],
        city=order.ship_city,
        postal_code=order.ship_postal_code,
        country=order.ship_country,
        occurred_at=now,
    )


def _iso(order: Order) -> str | None:
    promised = order.promised_delivery_date
    return promised.isoformat() if promised else None
