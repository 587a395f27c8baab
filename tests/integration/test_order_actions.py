"""Changing the address and upgrading shipping from a ticket, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import inventory, orders
from opsdesk.kernel.errors import InvalidInput, NotFound
from opsdesk.kernel.events import OutboxEvent
from tests.factories.customers import berlin_address
from tests.factories.fulfilment import TUESDAY, pack, picking_order, shipped_order
from tests.factories.orders import MUG, make_shop, place

AGENT = "agent:Ana"
# Berlin warehouse → Berlin customer (same region) on Tuesday 17 Nov 2026: handed over
# Wednesday, standard takes two business days.
PROMISED_STANDARD = date(2026, 11, 20)


def _munich(**overrides: Any) -> orders.ShippingAddress:
    values = berlin_address(line1="Marienplatz 8", city="München", region="BY",
                            postal_code="80331", latitude=48.137, longitude=11.575)  # fmt: skip
    return orders.ShippingAddress.model_validate(values | overrides)


def _outbox(session: Session, name: str) -> list[dict[str, Any]]:
    query = sa.select(OutboxEvent.payload).where(OutboxEvent.name == name)
    return list(session.scalars(query.order_by(OutboxEvent.id)))


def _last_entry(session: Session, order_id: int) -> orders.OrderEvent:
    return orders.timeline(session, order_id)[-1]


def test_a_new_address_is_used_and_the_promise_rechecked_for_its_lane(session: Session) -> None:
    shop = make_shop(session)
    order = place(session, {MUG: 2}, now=TUESDAY)
    assert order.promised_delivery_date == PROMISED_STANDARD

    changed = orders.update_shipping_address(
        session, order.id, _munich(), actor=AGENT, reason="customer moved", now=TUESDAY
    )
    session.commit()

    read = orders.read_order(session, order.id)
    assert (read.shipping_address.line1, read.shipping_address.city) == ("Marienplatz 8", "München")
    # Berlin → Bavaria is a neighbouring lane: three business days from Wednesday.
    assert changed.promised_delivery_date == read.promised_delivery_date == date(2026, 11, 23)
    assert _last_entry(session, order.id).summary == (
        "Shipping address changed from Berlin (10119) to München (80331) by agent:Ana: "
        "customer moved — new promised date Mon 23 Nov"
    )
    assert "Torstrasse" not in str(_last_entry(session, order.id).data)  # no old street kept
    # Reservations stay where they were.
    held = inventory.reservations_for_order(session, order.id)
    assert [(r.warehouse_id, r.quantity, r.status.value) for r in held] == [
        (shop.berlin, 2, "active")
    ]
    (event,) = _outbox(session, "OrderAddressChanged")
    assert (event["previous_city"], event["city"], event["actor"]) == ("Berlin", "München", AGENT)


def test_the_same_address_again_changes_nothing(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 1}, now=TUESDAY)
    orders.update_shipping_address(session, order.id, _munich(), actor=AGENT, now=TUESDAY)
    orders.update_shipping_address(session, order.id, _munich(), actor=AGENT, now=TUESDAY)
    session.commit()

    kinds = [e.kind for e in orders.timeline(session, order.id)]
    assert kinds.count("order.address_changed") == 1
    assert len(_outbox(session, "OrderAddressChanged")) == 1


def test_a_packed_order_can_still_change_its_address(session: Session) -> None:
    picking = picking_order(session)
    pack(session, picking.fulfilment_id)
    order = orders.update_shipping_address(
        session, picking.order_id, _munich(), actor=AGENT, now=TUESDAY
    )
    assert (order.status, order.ship_city) == (orders.OrderStatus.PACKED, "München")


def test_an_address_change_after_shipping_is_refused_and_changes_nothing(
    session: Session,
) -> None:
    picking, _shipment = shipped_order(session)
    session.commit()

    with pytest.raises(orders.OrderActionRefused) as caught:
        orders.update_shipping_address(session, picking.order_id, _munich(), actor=AGENT)
    session.rollback()

    assert caught.value.status_code == 409
    assert "it is shipped" in caught.value.message
    assert "contact the carrier" in caught.value.message
    assert orders.read_order(session, picking.order_id).shipping_address.city == "Berlin"
    assert _outbox(session, "OrderAddressChanged") == []


def test_an_unknown_order_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        orders.update_shipping_address(session, 999, _munich(), actor=AGENT)
    with pytest.raises(NotFound):
        orders.upgrade_shipping(session, 999, "express", actor=AGENT)


def test_an_upgrade_moves_the_promise_earlier_and_charges_the_order(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 1}, now=TUESDAY)
    total_before, shipping_before = order.total_minor, order.shipping_minor

    orders.upgrade_shipping(session, order.id, "express", actor=AGENT, reason="late for a gift",
                            charge_minor=500, now=TUESDAY)  # fmt: skip
    session.commit()

    read = orders.read_order(session, order.id)
    assert read.service_level == "express"
    assert read.promised_delivery_date == date(2026, 11, 19)  # one day earlier
    assert (read.shipping_minor, read.total_minor) == (shipping_before + 500, total_before + 500)
    assert _last_entry(session, order.id).summary == (
        "Shipping upgraded to express by agent:Ana for €5.00: late for a gift "
        "— new promised date Thu 19 Nov"
    )
    (event,) = _outbox(session, "OrderShippingUpgraded")
    assert (event["previous"], event["service_level"], event["charge_minor"]) == (
        "standard", "express", 500,
    )  # fmt: skip


def test_an_upgrade_of_a_late_order_never_moves_the_promise_later(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 1}, now=TUESDAY)
    two_weeks_on = TUESDAY + timedelta(days=14)
    orders.upgrade_shipping(session, order.id, "express", actor=AGENT, now=two_weeks_on)
    assert order.promised_delivery_date == PROMISED_STANDARD


def test_an_upgrade_must_be_faster_and_before_shipping(session: Session) -> None:
    picking, _shipment = shipped_order(session)
    other = place(session, {MUG: 1}, now=TUESDAY)
    session.commit()

    with pytest.raises(InvalidInput) as slower:
        orders.upgrade_shipping(session, other.id, "economy", actor=AGENT)
    session.rollback()
    assert slower.value.details["errors"][0]["field"] == "service_level"
    with pytest.raises(orders.OrderActionRefused, match="it is shipped"):
        orders.upgrade_shipping(session, picking.order_id, "express", actor=AGENT)
    session.rollback()
    assert orders.read_order(session, picking.order_id).service_level == "standard"
