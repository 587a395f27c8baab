"""Pure decisions of the tracking page: what a customer sees, and how it reads. No I/O."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from opsdesk import orders, shipping
from opsdesk.kernel.errors import InvalidInput

OS = orders.OrderStatus
SS = shipping.ShipmentStatus

# The journey a customer recognises; internal states (allocated, picking) sit between.
STEPS = ("placed", "packed", "shipped", "out_for_delivery", "delivered")


class ProgressState(enum.StrEnum):
    """Whether the journey runs normally or is held up, said honestly."""

    NORMAL = "normal"
    BACKORDERED = "backordered"
    PARTIAL = "partial"
    PROBLEM = "problem"
    CANCELLED = "cancelled"
    RETURNED = "returned"


@dataclass(frozen=True)
class Progress:
    reached: int  # index into STEPS of the last step reached
    state: ProgressState

    @property
    def headline(self) -> str:
        """The translation key of the one-line status above the bar."""
        if self.state is ProgressState.NORMAL:
            return f"status.{STEPS[self.reached]}"
        return f"status.{self.state.value}"


_REACHED: Mapping[orders.OrderStatus, int] = {
    OS.PLACED: 0,
    OS.ALLOCATED: 0,
    OS.BACKORDERED: 0,
    OS.PICKING: 0,
    OS.PACKED: 1,
    OS.PARTIALLY_SHIPPED: 2,
    OS.SHIPPED: 2,
    OS.DELIVERED: 4,
    OS.CANCELLED: 0,
    OS.RETURNED: 4,
}
_PROBLEMS = frozenset({SS.EXCEPTION, SS.LOST, SS.RETURNED_TO_SENDER})


def progress_for(
    status: orders.OrderStatus, parcels: Iterable[shipping.ShipmentStatus] = ()
) -> Progress:
    """Where the order stands on the customer's journey, from its status and its parcels."""
    parcel_statuses = set(parcels)
    reached = _REACHED[status]
    if status in (OS.SHIPPED, OS.PARTIALLY_SHIPPED) and SS.OUT_FOR_DELIVERY in parcel_statuses:
        reached = 3
    return Progress(reached, _state(status, parcel_statuses))


def _state(status: orders.OrderStatus, parcels: set[shipping.ShipmentStatus]) -> ProgressState:
    if status is OS.CANCELLED:
        return ProgressState.CANCELLED
    if status is OS.RETURNED:
        return ProgressState.RETURNED
    if status is OS.BACKORDERED:
        return ProgressState.BACKORDERED
    if status is not OS.DELIVERED and parcels & _PROBLEMS:
        return ProgressState.PROBLEM
    if status is OS.PARTIALLY_SHIPPED:
        return ProgressState.PARTIAL
    return ProgressState.NORMAL


# Timeline kinds a customer may read, each told in their language by its own key.
# Everything else is internal (stock moves, pick lists, packing errors, webhook notes,
# agents' notes) — unknown kinds stay hidden by default. "Shipped" status lines are
# told by the shipment entries (which name the carrier), carrier scans by the parcel
# card, and messages by the "messages we sent you" list, so those are left out too.
CUSTOMER_KINDS = frozenset(
    {
        "order.placed",
        "payment.approved",
        "stock.backordered",
        "order.promise_moved",
        "status.allocated",
        "status.picking",
        "status.packed",
        "status.cancelled",
        "status.returned",
        "order.lines_cancelled",
        "shipment.created",
        "shipment.handed_over",
        "shipment.delayed",
        "shipment.delivered",
        "status.delivered",
        "return.requested",
        "return.approved",
        "return.rejected",
        "return.received",
        "return.refunded",
        "refund.recorded",
        "refund.issued",
    }
)


def is_customer_facing(kind: str) -> bool:
    return kind in CUSTOMER_KINDS


def timeline_key(kind: str) -> str:
    return f"timeline.{kind}"


class Punctuality(enum.StrEnum):
    """How a parcel's dates read to the customer."""

    UNKNOWN = "unknown"  # nothing was promised: no verdict
    ON_TIME = "on_time"
    LATE = "late"  # expected after the promise (we know the new date)
    LATE_NO_DATE = "late_no_date"  # the promise passed and the carrier gives no new date
    DELIVERED_ON_TIME = "delivered_on_time"
    DELIVERED_LATE = "delivered_late"


def punctuality(
    *, promised: date | None, estimated: date | None, delivered_on: date | None, today: date
) -> Punctuality:
    if promised is None:
        return Punctuality.UNKNOWN
    late = shipping.is_late(
        promised=promised, estimated=estimated, delivered_on=delivered_on, today=today
    )
    if delivered_on is not None:
        return Punctuality.DELIVERED_LATE if late else Punctuality.DELIVERED_ON_TIME
    if not late:
        return Punctuality.ON_TIME
    if estimated is not None and estimated > promised and estimated >= today:
        return Punctuality.LATE
    return Punctuality.LATE_NO_DATE


# Lookup: order number + e-mail or postal code -------------------------------------

_SPACES = re.compile(r"[\s-]+")


def normalise_number(number: str) -> str:
    return number.strip().lstrip("#").upper()


def normalise_postal_code(code: str) -> str:
    """``10119``, ``SW1A 1AA`` and ``01310-100`` compare without spaces, dashes or case."""
    return _SPACES.sub("", code).upper()


def contact_matches(contact: str, *, email: str, postal_code: str) -> bool:
    """The customer proved they know the order: its e-mail or its delivery postal code."""
    given = contact.strip()
    if not given:
        return False
    if "@" in given:
        return bool(email) and given.casefold() == email.strip().casefold()
    wanted = normalise_postal_code(postal_code)
    return bool(wanted) and normalise_postal_code(given) == wanted


# The return form --------------------------------------------------------------------

QUANTITY_FIELD = "qty-"
_DIGITS = re.compile(r"[0-9]{1,9}")
MAX_NOTE = 2000


def parse_return_quantities(fields: Iterable[tuple[str, str]]) -> dict[int, int]:
    """``qty-<order line id>`` fields to {line id: quantity}; empty and zero mean "not this"."""
    chosen: dict[int, int] = {}
    for name, raw in fields:
        if not name.startswith(QUANTITY_FIELD):
            continue
        line_id, value = name.removeprefix(QUANTITY_FIELD), raw.strip() or "0"
        if not (_DIGITS.fullmatch(line_id) and _DIGITS.fullmatch(value)):
            raise InvalidInput("quantities must be whole numbers", details={"field": "lines"})
        if int(value) > 0:
            chosen[int(line_id)] = int(value)
    if not chosen:
        raise InvalidInput("choose at least one item to return", details={"field": "lines"})
    return chosen
