"""Reactions to other modules' events, inside the transaction that recorded them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from opsdesk import orders
from opsdesk.kernel.events import DomainEvent, Subscriber
from opsdesk.shipping import promises
from opsdesk.shipping.carriers.base import Lane, Place
from opsdesk.shipping.transit import classify_lane, estimate_delivery, promised_delivery_date


def promise_delivery(session: Session, event: orders.OrderPlaced) -> None:
    """Give an order without a promised date the one its stock and lane allow.

    Orders sit below shipping, so they cannot ask the estimator themselves; the promise
    uses the same arithmetic as every carrier label, so an on-time parcel keeps it.
    Held stock ships after one day of handling; waiting stock after it arrives.
    """
    order = session.get(orders.Order, event.order_id)
    if order is None:
        return
    if order.promised_delivery_date is not None:
        # The shop promised at checkout; stock that must first arrive may not keep it.
        waiting = [s for s in event.ships_from if s.ready_on is not None]
        if waiting:
            honest = _promise_from_sources(order, waiting)
            promises.move_promise_to(session, order, honest, now=order.placed_at)
        return
    if event.ships_from:
        promise = _promise_from_sources(order, event.ships_from)
    else:  # an event without sources: read them back
        promise = promises.stock_promise(session, order, handed_over_after=order.placed_at.date())
    if promise is not None:
        order.promised_delivery_date = promise


def _promise_from_sources(order: orders.Order, sources: Sequence[orders.ShipsFrom]) -> date | None:
    """``_promise`` over what intake just allocated, as the event tells it (no query)."""
    level = promises.service_level(order.service_level)
    destination = Place(order.ship_country, order.ship_region, order.ship_city)
    placed_on = order.placed_at.date()
    dates: list[date] = []
    for source in sources:
        if source.warehouse_id is None or not destination.country:
            lane = Lane.FAR
        else:
            lane = classify_lane(Place(source.country, source.region), destination)
        if source.ready_on is not None:
            dates.append(estimate_delivery(source.ready_on, lane, level))
        else:
            dates.append(promised_delivery_date(placed_on, lane, level))
    return max(dates) if dates else None


def repromise_for_new_address(session: Session, event: orders.OrderAddressChanged) -> None:
    """The promise checkout would have made for the new address: only the lane changes it."""
    order = session.get(orders.Order, event.order_id)
    if order is None:
        return
    promise = promises.stock_promise(session, order, handed_over_after=order.placed_at.date())
    if promise is not None:
        order.promised_delivery_date = promise


def repromise_for_upgrade(session: Session, event: orders.OrderShippingUpgraded) -> None:
    """The faster level counted from today (the parcel has not left yet), never later.

    An upgrade must not push the date the customer was given further out, even when the
    order has waited so long that the fresh estimate lands after it.
    """
    order = session.get(orders.Order, event.order_id)
    if order is None:
        return
    start = max(order.placed_at.date(), event.occurred_at.date())
    promise = promises.stock_promise(session, order, handed_over_after=start)
    if promise is None:
        return
    previous = order.promised_delivery_date
    order.promised_delivery_date = min(promise, previous) if previous else promise


SUBSCRIPTIONS: dict[type[DomainEvent], list[Subscriber]] = {
    orders.OrderPlaced: [promise_delivery],
    orders.OrderAddressChanged: [repromise_for_new_address],
    orders.OrderShippingUpgraded: [repromise_for_upgrade],
}
