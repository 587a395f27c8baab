"""Lifecycle messages: what every customer hears as an order moves, after commit.

Each handler reads the event's ids, loads what the message needs and queues it with
``cause = event id``, so a redelivered event never sends a second message. Backorder
notices come from the built-in rule "Backorder: honest date" (rules can add conditions),
delay notices from "Shipment at risk".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from opsdesk import notifications, orders, returns, shipping
from opsdesk.config import Settings
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.events import OutboxEvent
from opsdesk.proactive import messages
from opsdesk.proactive.rules.subjects import OrderInfo, order_infos

MT = notifications.MessageType
Handler = Callable[[Session, OutboxEvent], None]
# Orders whose customer hears about them elsewhere: a free replacement is announced on
# the ticket that caused it.
SILENT_CHANNELS = frozenset({"replacement"})
OUT_FOR_DELIVERY_WINDOW = timedelta(hours=12)


def _order(session: Session, order_id: int) -> OrderInfo | None:
    info = order_infos(session, [order_id]).get(order_id)
    if info is None or info.customer_id is None or info.channel in SILENT_CHANNELS:
        return None
    return info


def _cause(event: OutboxEvent) -> str:
    return f"event:{event.event_id}"


def order_confirmation(session: Session, event: OutboxEvent, settings: Settings) -> None:
    info = _order(session, int(event.payload["order_id"]))
    if info is None:
        return
    order = session.get(orders.Order, info.id)
    context: dict[str, Any] = {
        "order_total": messages.money(info.total_minor, info.currency),
        "promised_date": order.promised_delivery_date if order else None,
    }
    messages.send(session, settings, MT.ORDER_CONFIRMATION, info, context, cause=_cause(event))


def shipped(session: Session, event: OutboxEvent, settings: Settings) -> None:
    payload = event.payload
    info = _order(session, int(payload["order_id"]))
    if info is None:
        return
    estimate = payload.get("estimated_delivery_date") or payload.get("promised_delivery_date")
    context = {
        "carrier": payload["carrier"],
        "tracking_url": payload.get("tracking_url") or "",
        "estimated_date": estimate,
    }
    messages.send(session, settings, MT.SHIPPED, info, context, cause=_cause(event))


def delivered(session: Session, event: OutboxEvent, settings: Settings) -> None:
    info = _order(session, int(event.payload["order_id"]))
    if info is None:
        return
    moment = datetime.fromisoformat(str(event.payload["delivered_at"]))
    context = {"delivered_date": messages.local_date(moment, info.timezone)}
    messages.send(session, settings, MT.DELIVERED, info, context, cause=_cause(event))


def return_received(session: Session, event: OutboxEvent, settings: Settings) -> None:
    info = _order(session, int(event.payload["order_id"]))
    if info is None:
        return
    rma = returns.get_return(session, int(event.payload["return_id"]))
    context = {"return_number": rma.number}
    messages.send(session, settings, MT.RETURN_RECEIVED, info, context, cause=_cause(event))


def refund_issued(session: Session, event: OutboxEvent, settings: Settings) -> None:
    info = _order(session, int(event.payload["order_id"]))
    if info is None:
        return
    amount = messages.money(int(event.payload["amount_minor"]), str(event.payload["currency"]))
    context = {"refund_amount": amount}
    messages.send(session, settings, MT.REFUND_ISSUED, info, context, cause=_cause(event))


def out_for_delivery(session: Session, event: OutboxEvent, settings: Settings) -> None:
    """ "Arrives today", while it still holds: not for a parcel delivered or back in the
    depot by the time the worker gets to it, nor for a scan reported long after it."""
    info = _order(session, int(event.payload["order_id"]))
    shipment = session.get(shipping.Shipment, int(event.payload["shipment_id"]))
    if info is None or shipment is None:
        return
    reported = datetime.fromisoformat(str(event.payload["reported_at"]))
    current = shipment.status is shipping.ShipmentStatus.OUT_FOR_DELIVERY
    if not current or utcnow() - reported > OUT_FOR_DELIVERY_WINDOW:
        return
    context = {"carrier": shipment.carrier, "tracking_url": shipment.tracking_url}
    messages.send(session, settings, MT.OUT_FOR_DELIVERY, info, context, cause=_cause(event))


def handlers(settings: Settings) -> dict[str, list[Handler]]:
    def bind(fn: Callable[[Session, OutboxEvent, Settings], None]) -> Handler:
        def handler(session: Session, event: OutboxEvent) -> None:
            fn(session, event, settings)

        handler.__qualname__ = f"lifecycle.{fn.__name__}"
        handler.__module__ = __name__
        return handler

    return {
        "OrderPlaced": [bind(order_confirmation)],
        "ShipmentCreated": [bind(shipped)],
        "ShipmentOutForDelivery": [bind(out_for_delivery)],
        "ShipmentDelivered": [bind(delivered)],
        "ReturnReceived": [bind(return_received)],
        "RefundRecorded": [bind(refund_issued)],
    }
