"""Pure shipping decisions: lateness, status progression, readable timeline text."""

from __future__ import annotations

from datetime import date

from opsdesk.shipping.carriers.base import TrackingUpdate
from opsdesk.shipping.models import ShipmentStatus

# Once a parcel reaches one of these, later scans cannot move it back.
FINAL_STATUSES = frozenset(
    {
        ShipmentStatus.DELIVERED,
        ShipmentStatus.LOST,
        ShipmentStatus.RETURNED_TO_SENDER,
        ShipmentStatus.CANCELLED,
    }
)
PROBLEM_STATUSES = frozenset(
    {ShipmentStatus.EXCEPTION, ShipmentStatus.LOST, ShipmentStatus.RETURNED_TO_SENDER}
)


def is_late(
    *,
    promised: date | None,
    estimated: date | None,
    delivered_on: date | None,
    today: date,
) -> bool:
    """Late when delivered after the promise, expected after it, or the promise has passed."""
    if promised is None:
        return False
    if delivered_on is not None:
        return delivered_on > promised
    if estimated is not None and estimated > promised:
        return True
    return today > promised


def next_status(current: ShipmentStatus, reported: ShipmentStatus | None) -> ShipmentStatus:
    """The status after a carrier report: final states stick, everything else follows."""
    if reported is None or current in FINAL_STATUSES:
        return current
    return reported


def delay_key(shipment_id: int, promised: date) -> str:
    """One delay = one shipment missing one promised date; a new promise is a new delay.
    The cause of everything said about it (the delay notice, its remedy)."""
    return f"delay:shipment:{shipment_id}:{promised.isoformat()}"


def became_delayed(promised: date | None, before: date | None, after: date | None) -> bool:
    """True when a new estimate moves past the promise for the first time."""
    if promised is None or after is None or after <= promised:
        return False
    return before is None or before <= promised


def timeline_summary(update: TrackingUpdate) -> str | None:
    """How a scan reads on the order timeline; ``None`` for scans not worth a line."""
    where = f" — {update.location}" if update.location else ""
    match update.status:
        case ShipmentStatus.IN_TRANSIT:
            if update.description.lower().startswith("delayed"):
                return f"{update.description}{where}"
            return f"In transit{where}"
        case ShipmentStatus.OUT_FOR_DELIVERY:
            return "Out for delivery"
        case ShipmentStatus.DELIVERED:
            return "Delivered"
        case ShipmentStatus.EXCEPTION:
            return f"Carrier exception: {_lower_first(update.description) or 'unspecified'}"
        case ShipmentStatus.LOST:
            return "Carrier exception: parcel lost"
        case ShipmentStatus.RETURNED_TO_SENDER:
            return "Returned to sender"
        case _:
            return None


def _lower_first(text: str) -> str:
    text = text.strip()
    return text[:1].lower() + text[1:]


def format_day(day: date) -> str:
    """A date as people read it on a timeline: ``18 Nov 2026``."""
    return f"{day.day} {day:%b %Y}"
