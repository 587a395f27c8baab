"""The return (RMA) state machine and the caps on returns and refunds. No I/O."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from opsdesk.kernel.errors import Conflict, IllegalTransition, InvalidInput
from opsdesk.returns.models import ReturnStatus

R = ReturnStatus

# requested → approved → received → inspected → refunded → closed; rejection ends early.
TRANSITIONS: Mapping[ReturnStatus, frozenset[ReturnStatus]] = {
    R.REQUESTED: frozenset({R.APPROVED, R.REJECTED}),
    R.APPROVED: frozenset({R.RECEIVED, R.CLOSED}),
    R.RECEIVED: frozenset({R.INSPECTED}),
    R.INSPECTED: frozenset({R.REFUNDED, R.CLOSED}),
    R.REFUNDED: frozenset({R.CLOSED}),
    R.REJECTED: frozenset(),
    R.CLOSED: frozenset(),
}
# A return still counts against what can be returned unless it was rejected.
NOT_COUNTED = frozenset({R.REJECTED})


def can_transition(current: ReturnStatus, target: ReturnStatus) -> bool:
    return target in TRANSITIONS[current]


def check_transition(current: ReturnStatus, target: ReturnStatus) -> None:
    if not can_transition(current, target):
        raise IllegalTransition("return", current.value, target.value)


def check_return_quantities(requested: Mapping[int, int], returnable: Mapping[int, int]) -> None:
    """Every requested line belongs to the order and asks for at most what can come back.

    ``returnable`` is shipped minus already requested (in returns not rejected), per line.
    """
    if not requested:
        raise InvalidInput("a return needs at least one line", details={"field": "lines"})
    for line_id, quantity in requested.items():
        if line_id not in returnable:
            raise InvalidInput(
                f"order line {line_id} is not part of this order", details={"field": "lines"}
            )
        if quantity <= 0:
            raise InvalidInput("return quantities must be positive", details={"field": "lines"})
        if quantity > returnable[line_id]:
            raise Conflict(
                f"order line {line_id}: {quantity} requested, "
                f"only {returnable[line_id]} shipped and not yet returned",
                details={"order_line_id": line_id, "returnable": returnable[line_id]},
            )


def check_refund(amount_minor: int, *, paid_minor: int, refunded_minor: int) -> None:
    """A refund is positive and never more than was paid minus what was refunded."""
    if amount_minor <= 0:
        raise InvalidInput("a refund must be a positive amount", details={"field": "amount_minor"})
    left = paid_minor - refunded_minor
    if amount_minor > left:
        raise Conflict(
            f"refund of {amount_minor} exceeds the {max(left, 0)} still refundable",
            details={"refundable_minor": max(left, 0), "requested_minor": amount_minor},
        )


def everything_returned(lines: list[tuple[int, int, int]]) -> bool:
    """(ordered, cancelled, returned) per line: all that was not cancelled came back."""
    kept = [(q - c, r) for q, c, r in lines]
    return any(k > 0 for k, _ in kept) and all(r >= k for k, r in kept)


# The customer's right to send items back runs this many days from delivery (the built-in
# returns article promises the same).
RETURN_WINDOW_DAYS = 30


def return_window_closes(delivered_on: date) -> date:
    """The last day a return can still be started for items delivered on ``delivered_on``."""
    return delivered_on + timedelta(days=RETURN_WINDOW_DAYS)


def within_return_window(delivered_on: date | None, today: date) -> bool:
    """Open until the end of the last day; an unknown delivery day never closes it."""
    return delivered_on is None or today <= return_window_closes(delivered_on)
