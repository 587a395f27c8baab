"""Delivery promises an order's stock can keep.

The promise is one date for every reader — the panel, the tracking page, the assistant,
e-mails — so it is derived in one place: held stock leaves after handling, waiting stock
after its purchase order arrives and is handled, then the lane's transit. A promise
already given is never moved earlier by this; it moves later only when the stock cannot
keep it, and the timeline says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from opsdesk import inventory, orders
from opsdesk.shipping.carriers.base import Lane, Place, ServiceLevel
from opsdesk.shipping.transit import classify_lane, estimate_delivery, promised_delivery_date

ACTOR = "system:promises"

# Held on the shelf, or already picked for packing: both leave after handling.
_SHIPS_FROM_STOCK = (inventory.ReservationStatus.ACTIVE, inventory.ReservationStatus.PICKED)


def service_level(value: str) -> ServiceLevel:
    try:
        return ServiceLevel(value)
    except ValueError:
        return ServiceLevel.STANDARD


def stock_promise(session: Session, order: orders.Order, *, handed_over_after: date) -> date | None:
    """The latest arrival over the order's held and awaited stock; None when nothing is held."""
    level = service_level(order.service_level)
    destination = Place(order.ship_country, order.ship_region, order.ship_city)
    dates: list[date] = []
    for held in inventory.reservations_for_order(session, order.id):
        lane = _lane(session, held.warehouse_id, destination)
        if held.status is inventory.ReservationStatus.WAITING and held.promised_date:
            dates.append(estimate_delivery(held.promised_date, lane, level))
        elif held.status in _SHIPS_FROM_STOCK:
            dates.append(promised_delivery_date(handed_over_after, lane, level))
    return max(dates) if dates else None


def waiting_promise(session: Session, order: orders.Order) -> date | None:
    """When the order's waiting stock can arrive: None when nothing of it waits."""
    level = service_level(order.service_level)
    destination = Place(order.ship_country, order.ship_region, order.ship_city)
    dates = [
        estimate_delivery(held.promised_date, _lane(session, held.warehouse_id, destination), level)
        for held in inventory.reservations_for_order(session, order.id)
        if held.status is inventory.ReservationStatus.WAITING and held.promised_date
    ]
    return max(dates) if dates else None


@dataclass(frozen=True)
class MovedPromise:
    order_id: int
    before: date | None
    after: date


def keep_backorder_promises(session: Session, *, now: datetime) -> list[MovedPromise]:
    """Date waiting stock again from the purchase orders, and move every promise its
    waiting stock cannot keep to the day it can (with a timeline entry)."""
    inventory.redate_waiting(session, today=now.date())
    moved = []
    for order_id in inventory.orders_waiting(session):
        order = session.get(orders.Order, order_id)
        if order is None:
            continue
        change = move_promise_to(session, order, waiting_promise(session, order), now=now)
        if change is not None:
            moved.append(change)
    return moved


def move_promise_to(
    session: Session, order: orders.Order, honest: date | None, *, now: datetime
) -> MovedPromise | None:
    """Move the order's promise to ``honest`` (when its waiting stock can arrive) if later."""
    before = order.promised_delivery_date
    if honest is None or (before is not None and before >= honest):
        return None
    order.promised_delivery_date = honest
    was = f" from {format_day(before)}" if before else ""
    orders.add_timeline_event(
        session, order.id, kind="order.promise_moved", actor=ACTOR,
        summary=f"Delivery promise moved{was} to {format_day(honest)}: "
        "part of the order waits for incoming stock",
        data={"before": before.isoformat() if before else None, "after": honest.isoformat()},
        occurred_at=now,
    )  # fmt: skip
    return MovedPromise(order.id, before, honest)


def format_day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"  # as the order timeline writes days


def _lane(session: Session, warehouse_id: int | None, destination: Place) -> Lane:
    if warehouse_id is None or not destination.country:
        return Lane.FAR  # unknown origin or address: promise the cautious date
    warehouse = inventory.get_warehouse(session, warehouse_id)
    return classify_lane(Place(warehouse.country, warehouse.region), destination)
