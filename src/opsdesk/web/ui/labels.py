"""Internal keys in words staff read: a rule's subject (``delay:shipment:5560:2026-12-11``)
becomes "Shipment 5560 late for its promise of 11 Dec 2026". The raw key stays in the
page's ``title`` for whoever needs to search logs for it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from opsdesk.web.ui.formatting import day


def _on(raw: str) -> str:
    try:
        return day(date.fromisoformat(raw))
    except ValueError:
        return raw


_SUBJECTS: dict[tuple[str, str], Callable[[str, str], str]] = {
    ("delay", "shipment"): lambda i, rest: f"Shipment #{i} late for its promise of {_on(rest)}",
    ("exception", "shipment"): lambda i, rest: f"Shipment #{i}: {rest.replace('_', ' ')}",
    ("delivered", "order"): lambda i, _rest: f"Order #{i} delivered",
    ("backorder", "order"): lambda i, rest: f"Order #{i} waiting for stock, promised {_on(rest)}",
    ("recovery", "ticket"): lambda i, _rest: f"Ticket #{i}: making up for a bad experience",
    ("follow_up", "order"): lambda i, _rest: f"Order #{i}: follow-up question",
}


def subject_label(key: str) -> str:
    """A rule subject's key in words; an unknown shape is shown as it is."""
    kind, _, rest = key.partition(":")
    what, _, rest = rest.partition(":")
    number, _, detail = rest.partition(":")
    describe = _SUBJECTS.get((kind, what))
    if describe is None or not number:
        return key
    return describe(number, detail)


# What starts a rule, as staff say it (the event's name stays in the page's ``title``).
_TRIGGERS = {
    "ShipmentAtRisk": "A shipment is at risk of missing its promise",
    "ShipmentDelayed": "A shipment is late",
    "scan:shipments_at_risk": "The delay-risk scan finds a shipment at risk",
    "StockBackordered": "An order waits for stock",
    "scan:backorders_slipped": "A waiting order's expected date moves later",
    "ShipmentException": "The carrier reports a problem",
    "ShipmentDelivered": "A shipment is delivered",
    "CsatReceived": "A customer rates the service",
    "TicketStatusChanged": "A ticket changes status",
}


def trigger_label(key: str) -> str:
    """A rule trigger in words; an unknown one (a plug-in's) is shown as it is."""
    return _TRIGGERS.get(key, key)
