"""The order state machine and other pure order decisions (no I/O).

Cancellation is allowed until the parcel leaves: from placed, allocated, backordered,
picking and packed. Once anything has shipped the order can no longer be cancelled;
what was shipped comes back through a return instead. Cancelled and returned are final.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from opsdesk.kernel.errors import IllegalTransition
from opsdesk.orders.models import OrderStatus

S = OrderStatus

TRANSITIONS: Mapping[OrderStatus, frozenset[OrderStatus]] = {
    S.PLACED: frozenset({S.ALLOCATED, S.BACKORDERED, S.CANCELLED}),
    S.ALLOCATED: frozenset({S.PICKING, S.CANCELLED}),
    S.BACKORDERED: frozenset({S.ALLOCATED, S.CANCELLED}),
    S.PICKING: frozenset({S.PACKED, S.CANCELLED}),
    S.PACKED: frozenset({S.SHIPPED, S.PARTIALLY_SHIPPED, S.CANCELLED}),
    S.PARTIALLY_SHIPPED: frozenset({S.SHIPPED, S.DELIVERED}),
    S.SHIPPED: frozenset({S.DELIVERED, S.RETURNED}),
    S.DELIVERED: frozenset({S.RETURNED}),
    S.CANCELLED: frozenset(),
    S.RETURNED: frozenset(),
}

CANCELLABLE = frozenset(s for s, targets in TRANSITIONS.items() if S.CANCELLED in targets)
FINAL = frozenset(s for s, targets in TRANSITIONS.items() if not targets)
SHIPPABLE = frozenset({S.PACKED, S.PARTIALLY_SHIPPED})

_REASONS: Mapping[OrderStatus, str] = {
    S.CANCELLED: "the order is cancelled",
    S.RETURNED: "the order has been returned",
    S.PARTIALLY_SHIPPED: "part of the order has shipped; return it instead",
    S.SHIPPED: "the order has shipped; return it instead",
    S.DELIVERED: "the order has been delivered; return it instead",
}


def can_transition(current: OrderStatus, target: OrderStatus) -> bool:
    return target in TRANSITIONS[current]


def check_transition(current: OrderStatus, target: OrderStatus) -> None:
    """Raise :class:`IllegalTransition` (409) naming both states unless the move is legal."""
    if can_transition(current, target):
        return
    reason = _REASONS.get(current, "") if target is S.CANCELLED else ""
    raise IllegalTransition("order", current.value, target.value, reason=reason)


@dataclass(frozen=True)
class LineQuantities:
    """How much of one line is ordered, cancelled and shipped."""

    quantity: int
    cancelled: int = 0
    shipped: int = 0

    @property
    def open(self) -> int:
        """Units still to ship."""
        return self.quantity - self.cancelled - self.shipped


def status_after_shipping(lines: list[LineQuantities]) -> OrderStatus:
    """Shipped when nothing remains open, otherwise partially shipped."""
    return S.SHIPPED if all(line.open == 0 for line in lines) else S.PARTIALLY_SHIPPED


def status_after_allocation(*, fully_allocated: bool) -> OrderStatus:
    return S.ALLOCATED if fully_allocated else S.BACKORDERED


def every_line_cancelled(lines: list[LineQuantities]) -> bool:
    return all(line.cancelled >= line.quantity for line in lines)


def format_day(day: date) -> str:
    """A date as people read it in a timeline: ``14 Dec 2026``."""
    return f"{day.day} {day:%b %Y}"
