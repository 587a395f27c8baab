"""The event feed's catalogue: which domain events go out, under which topic names.

Topics are stable, dotted, lower case (``order.placed``), like Shopify's and Saleor's:
the outside world subscribes to these, never to the internal event class names, so a
module can rename its events without breaking a retailer's integrations. A topic may
take only some events of a kind (``ticket.solved`` is a status change to solved).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

Payload = Mapping[str, Any]


def _always(_payload: Payload) -> bool:
    return True


@dataclass(frozen=True)
class Topic:
    name: str
    event: str  # the outbox event name it is made from
    description: str
    when: Callable[[Payload], bool] = _always


TOPICS: tuple[Topic, ...] = (
    Topic("order.placed", "OrderPlaced", "An order came in (any channel)."),
    Topic("order.cancelled", "OrderCancelled", "An order was cancelled."),
    Topic("fulfilment.shipped", "FulfilmentShipped", "Packed parcels left the warehouse."),
    Topic("shipment.delayed", "ShipmentDelayed", "The carrier's estimate passed the promise."),
    Topic("shipment.exception", "ShipmentException", "The carrier reported a problem."),
    Topic("shipment.delivered", "ShipmentDelivered", "The carrier delivered a parcel."),
    Topic("ticket.created", "TicketCreated", "A customer-service ticket was opened."),
    Topic(
        "ticket.solved",
        "TicketStatusChanged",
        "A ticket was marked solved.",
        lambda p: p.get("status") == "solved",
    ),
    Topic("return.requested", "ReturnRequested", "A customer asked to send items back."),
    Topic("return.received", "ReturnReceived", "Returned items arrived at the warehouse."),
    Topic("refund.recorded", "RefundRecorded", "A refund was recorded."),
)
TOPIC_NAMES: frozenset[str] = frozenset(t.name for t in TOPICS)
SOURCE_EVENTS: frozenset[str] = frozenset(t.event for t in TOPICS)


def topics_of(event_name: str, payload: Payload) -> list[str]:
    """The topics one outbox event is published under (usually one, often none)."""
    return [t.name for t in TOPICS if t.event == event_name and t.when(payload)]


def unknown_topics(names: list[str]) -> list[str]:
    return sorted(set(names) - TOPIC_NAMES)


def envelope(
    *,
    topic: str,
    event_id: str,
    occurred_at: datetime,
    aggregate_type: str,
    aggregate_id: str,
    data: Payload,
) -> str:
    """The JSON document sent (and signed) for one event: compact, keys sorted, so a
    replay sends the very same bytes."""
    document = {
        "id": event_id,
        "topic": topic,
        "occurred_at": occurred_at.isoformat(),
        "aggregate": {"type": aggregate_type, "id": aggregate_id},
        "data": dict(data),
    }
    return json.dumps(document, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
