"""Pure decisions of stock keeping: what counts as low stock, what a count changes, why an
adjustment may be booked, and which way a transfer may move. No I/O here."""

from __future__ import annotations

import enum

from opsdesk.inventory.models import TransferStatus
from opsdesk.kernel.errors import IllegalTransition, InvalidInput

# Available at or below this is low stock where no reorder point is set for the row.
DEFAULT_REORDER_POINT = 5

# Why on-hand stock changes outside orders and receipts (Odoo's inventory adjustments).
ADJUSTMENT_REASONS = ("cycle count", "damage", "found", "import", "other")

_TRANSFER_MOVES: dict[TransferStatus, frozenset[TransferStatus]] = {
    TransferStatus.DRAFT: frozenset({TransferStatus.IN_TRANSIT, TransferStatus.CANCELLED}),
    TransferStatus.IN_TRANSIT: frozenset({TransferStatus.RECEIVED}),
    TransferStatus.RECEIVED: frozenset(),
    TransferStatus.CANCELLED: frozenset(),
}


class StockState(enum.StrEnum):
    OUT = "out"
    LOW = "low"
    OK = "ok"


def stock_state(available: int, reorder_point: int | None) -> StockState:
    """Out when nothing can be sold; low at or below the reorder point (or the default)."""
    if available <= 0:
        return StockState.OUT
    limit = DEFAULT_REORDER_POINT if reorder_point is None else reorder_point
    return StockState.LOW if available <= limit else StockState.OK


def adjustment_reason(kind: str, note: str = "") -> str:
    """The ledger's reason text: one of the known kinds, with the note the person added.

    A known kind keeps ledgers filterable ("every damage this month"); the note says what
    happened. "other" needs the note, or the ledger would say nothing.
    """
    kind = kind.strip().lower()
    note = " ".join(note.split())
    if kind not in ADJUSTMENT_REASONS:
        raise InvalidInput(
            f"reason must be one of: {', '.join(ADJUSTMENT_REASONS)}", details={"field": "reason"}
        )
    if kind == "other" and not note:
        raise InvalidInput(
            "say what happened when the reason is 'other'", details={"field": "note"}
        )
    return f"{kind}: {note}"[:200] if note else kind


def count_delta(on_hand: int, reserved: int, counted: int) -> int:
    """The adjustment that makes on hand what was counted; a count below the units held for
    orders is refused (those units are on the shelf, promised: count again or release)."""
    if counted < 0:
        raise InvalidInput("a counted quantity cannot be negative", details={"field": "on_hand"})
    if counted < reserved:
        raise InvalidInput(
            f"counted {counted} is below the {reserved} units reserved for orders",
            details={"field": "on_hand", "reserved": reserved},
        )
    return counted - on_hand


def check_transfer_move(current: TransferStatus, target: TransferStatus) -> None:
    if target not in _TRANSFER_MOVES[current]:
        raise IllegalTransition("transfer", current.value, target.value)
