"""What the Purchasing screens share: paths, how a purchase order's state reads, and
parsing the few typed values their forms carry."""

from __future__ import annotations

from datetime import date

from fastapi import Request

from opsdesk import inventory
from opsdesk.web.ui.templating import now_of

ORDERS = "/workspace/purchase-orders"
SUPPLIERS = "/workspace/suppliers"
DOCK = "/workspace/dock"
Status = inventory.PurchaseOrderStatus

# What the list's state filter offers: the stored statuses, with "open" split in two
# the way buyers speak of it (not sent yet / sent and awaited), and "late".
STATES = ("not_sent", "sent", "partially_received", "received", "cancelled", "late")
STATE_LABELS = {
    "not_sent": "Not sent",
    "sent": "Sent",
    "partially_received": "Partly received",
    "received": "Received",
    "cancelled": "Cancelled",
    "late": "Late",
}
BADGES = {"sent": "", "not_sent": "warn", "partially_received": "warn", "received": "good",
          "cancelled": "bad"}  # fmt: skip


def state_of(order: inventory.PurchaseOrder) -> str:
    if order.status is Status.OPEN:
        return "sent" if order.sent_at is not None else "not_sent"
    return order.status.value


def is_late(order: inventory.PurchaseOrder, today: date) -> bool:
    receivable = order.status in (Status.OPEN, Status.PARTIALLY_RECEIVED)
    return receivable and order.expected_date < today


def today_of(request: Request) -> date:
    return now_of(request).date()


def parse_day(value: str, field: str) -> date | None:
    """A date from a form (``YYYY-MM-DD``); blank is None; anything else a ValueError
    whose text names the field."""
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{field}: {value!r} is not a date (YYYY-MM-DD)") from None


def parse_lines(text: str) -> dict[str, int]:
    """Purchase-order lines typed one per line as ``SKU quantity`` (or ``SKU,quantity``);
    a ValueError names the first line that is not."""
    lines: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        parts = raw.replace(",", " ").replace(";", " ").split()
        if not parts:
            continue
        if len(parts) != 2 or not parts[1].isdigit() or int(parts[1]) <= 0:
            raise ValueError(f"line {number} ({raw.strip()!r}) is not 'SKU quantity'")
        if parts[0] in lines:
            raise ValueError(f"{parts[0]} is listed twice")
        lines[parts[0]] = int(parts[1])
    if not lines:
        raise ValueError("add at least one line: SKU and quantity")
    return lines
