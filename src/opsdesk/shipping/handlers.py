"""Reactions to other modules' events, inside the transaction that recorded them."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from opsdesk import inventory, orders
from opsdesk.kernel.events import DomainEvent, Subscriber
from opsdesk.shipping.carriers.base import Lane, Place, ServiceLevel
from opsdesk.shipping.transit import classify_lane, estimate_delivery, promised_delivery_date


def _service_level(value: str) -> ServiceLevel:
    try:
        return ServiceLevel(value)
    except ValueError:
        return ServiceLevel.STANDARD


def promise_delivery(session: Session, event: orders.OrderPlaced) -> None:
    """Give an order without a promised date the one its stock and lane allow.

    Orders sit below shipping, so they cannot ask the estimator themselves; the promise
    uses the same arithmetic as every carrier label, so an on-time parcel keeps it.
    Held stock ships after one day of handling; waiting stock after it arrives.
    """
    order = session.get(orders.Order, event.order_id)
    if order is None or order.promised_delivery_date is not None:
        return
    level = _service_level(order.service_level)
    destination = Place(order.ship_country, order.ship_region, order.ship_city)
    placed_on = order.placed_at.date()
    dates: list[date] = []
    for held in inventory.reservations_for_order(session, order.id):
        lane = _lane(session, held.warehouse_id, destination)
        if held.status is inventory.ReservationStatus.WAITING and held.promised_date:
            dates.append(estimate_delivery(held.promised_date, lane, level))
        elif held.status is inventory.ReservationStatus.ACTIVE:
            dates.append(promised_delivery_date(placed_on, lane, level))
    if dates:
        order.promised_delivery_date = max(dates)


def _lane(session: Session, warehouse_id: int | None, destination: Place) -> Lane:
    if warehouse_id is None or not destination.country:
        return Lane.FAR  # unknown origin or address: promise the cautious date
    warehouse = inventory.get_warehouse(session, warehouse_id)
    return classify_lane(Place(warehouse.country, warehouse.region), destination)


SUBSCRIPTIONS: dict[type[DomainEvent], list[Subscriber]] = {
    orders.OrderPlaced: [promise_delivery],
}
