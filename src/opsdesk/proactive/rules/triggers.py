"""What can start a rule, which facts each trigger offers, and what a rule may do then.

A trigger is an event name (the rule runs after commit when that event is relayed) or
a scheduled scan (``scan:…``, run by a worker job over current data).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from opsdesk.proactive.rules.conditions import FactType


class Trigger(enum.StrEnum):
    SHIPMENT_AT_RISK = "ShipmentAtRisk"
    SHIPMENT_DELAYED = "ShipmentDelayed"
    SCAN_AT_RISK = "scan:shipments_at_risk"
    STOCK_BACKORDERED = "StockBackordered"
    SCAN_BACKORDER_SLIPPED = "scan:backorders_slipped"
    SHIPMENT_EXCEPTION = "ShipmentException"
    SHIPMENT_DELIVERED = "ShipmentDelivered"
    CSAT_RECEIVED = "CsatReceived"
    TICKET_STATUS_CHANGED = "TicketStatusChanged"


DELAY_TRIGGERS = frozenset(
    {Trigger.SHIPMENT_AT_RISK, Trigger.SHIPMENT_DELAYED, Trigger.SCAN_AT_RISK}
)
SHIPMENT_TRIGGERS = DELAY_TRIGGERS | {Trigger.SHIPMENT_EXCEPTION, Trigger.SHIPMENT_DELIVERED}
TICKET_TRIGGERS = frozenset({Trigger.CSAT_RECEIVED, Trigger.TICKET_STATUS_CHANGED})

ORDER_FACTS: dict[str, FactType] = {
    "order_value": FactType.MONEY,
    "order_currency": FactType.TEXT,
    "channel": FactType.TEXT,
    "region": FactType.TEXT,
    "country": FactType.TEXT,
    "customer_tags": FactType.TAGS,
    "customer_locale": FactType.TEXT,
}
SHIPMENT_FACTS: dict[str, FactType] = {
    **ORDER_FACTS,
    "carrier": FactType.TEXT,
    "service_level": FactType.TEXT,
    "shipment_status": FactType.TEXT,
    "origin_region": FactType.TEXT,
    "risk": FactType.NUMBER,
    "days_late": FactType.NUMBER,
    # Whole days from today to the promised day: 1 = due tomorrow, 0 = today, < 0 = missed.
    "days_to_promise": FactType.NUMBER,
}
TICKET_FACTS: dict[str, FactType] = {
    **ORDER_FACTS,
    "ticket_status": FactType.TEXT,
    "ticket_priority": FactType.TEXT,
    "complaint": FactType.BOOL,
    "csat_score": FactType.NUMBER,
}

FACTS: dict[Trigger, dict[str, FactType]] = {
    Trigger.SHIPMENT_AT_RISK: SHIPMENT_FACTS,
    Trigger.SHIPMENT_DELAYED: SHIPMENT_FACTS,
    Trigger.SCAN_AT_RISK: SHIPMENT_FACTS,
    Trigger.SHIPMENT_EXCEPTION: SHIPMENT_FACTS,
    Trigger.SHIPMENT_DELIVERED: {**SHIPMENT_FACTS, "late": FactType.BOOL},
    Trigger.STOCK_BACKORDERED: {
        **ORDER_FACTS,
        "wait_days": FactType.NUMBER,
        "waiting_units": FactType.NUMBER,
    },
    Trigger.SCAN_BACKORDER_SLIPPED: {
        **ORDER_FACTS,
        "wait_days": FactType.NUMBER,
        "waiting_units": FactType.NUMBER,
        # whole days the backorder date moved past the one the customer was given
        "slip_days": FactType.NUMBER,
    },
    Trigger.CSAT_RECEIVED: TICKET_FACTS,
    Trigger.TICKET_STATUS_CHANGED: TICKET_FACTS,
}

# The message a trigger's subject can fill in completely (every required variable).
MESSAGES: dict[Trigger, frozenset[str]] = {
    **{t: frozenset({"delay_notice"}) for t in DELAY_TRIGGERS},
    Trigger.STOCK_BACKORDERED: frozenset({"backordered"}),
    Trigger.SCAN_BACKORDER_SLIPPED: frozenset({"delay_notice"}),
    Trigger.CSAT_RECEIVED: frozenset({"discount_code"}),
    Trigger.TICKET_STATUS_CHANGED: frozenset({"discount_code"}),
    Trigger.SHIPMENT_EXCEPTION: frozenset(),
    Trigger.SHIPMENT_DELIVERED: frozenset(),
}


def facts_of(triggers: Iterable[Trigger]) -> dict[str, FactType]:
    """Facts a rule with these triggers may test: the union (a fact one trigger lacks is
    simply absent there, so its comparison is false for that trigger)."""
    merged: dict[str, FactType] = {}
    for trigger in triggers:
        merged.update(FACTS[trigger])
    return merged


def messages_of(triggers: Iterable[Trigger]) -> frozenset[str]:
    """Message types every one of these triggers can fill in."""
    sets = [MESSAGES[t] for t in triggers]
    return frozenset.intersection(*sets) if sets else frozenset()
