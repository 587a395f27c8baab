"""Transfer suggestions, pure: move stock where a warehouse will run out before its
supplier can deliver and a sibling warehouse holds more than it needs."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from opsdesk.replenishment.plan import Suggestion


@dataclass(frozen=True)
class TransferSuggestion:
    variant_id: int
    sku: str
    from_warehouse_id: int
    from_code: str
    to_warehouse_id: int
    to_code: str
    quantity: int
    reason: str


def surplus(s: Suggestion) -> int:
    """Units a warehouse can give and still hold its order-up-to level."""
    spare = min(s.item.on_hand - s.item.reserved, s.item.position - s.targets.order_up_to)
    return max(math.floor(spare), 0)


def shortfall(s: Suggestion) -> int:
    """Units a warehouse lacks to reach its reorder point, when it runs out before a
    supplier could deliver (cover shorter than the lead time)."""
    if s.demand.daily_mean <= 0 and s.item.position >= 0:
        return 0
    runs_out = s.cover_days is None or s.cover_days < s.item.lead.days
    if not runs_out:
        return 0
    return max(math.ceil(s.targets.reorder_point - s.item.position), 0)


def suggest_transfers(suggestions: Sequence[Suggestion]) -> list[TransferSuggestion]:
    """Largest surplus to largest shortfall, per SKU; never more than either side has."""
    by_variant: dict[int, list[Suggestion]] = defaultdict(list)
    for s in suggestions:
        by_variant[s.item.variant_id].append(s)
    moves: list[TransferSuggestion] = []
    for rows in by_variant.values():
        if len(rows) > 1:
            moves.extend(_moves(rows))
    return moves


def _moves(rows: Sequence[Suggestion]) -> list[TransferSuggestion]:
    give = {s.item.warehouse_id: surplus(s) for s in rows}
    moves = []
    for needy in sorted(rows, key=lambda s: -shortfall(s)):
        need = shortfall(needy)
        for donor in sorted(rows, key=lambda s: -give[s.item.warehouse_id]):
            spare = give[donor.item.warehouse_id]
            if need <= 0 or donor is needy or spare <= 0 or shortfall(donor) > 0:
                continue
            quantity = min(need, spare)
            give[donor.item.warehouse_id] -= quantity
            need -= quantity
            moves.append(_move(donor, needy, quantity))
    return moves


def _move(donor: Suggestion, needy: Suggestion, quantity: int) -> TransferSuggestion:
    cover = needy.cover_days or 0.0
    text = (
        f"{needy.item.warehouse_code} runs out in {cover:.0f} days, before a supplier "
        f"delivers ({needy.item.lead.days:.0f} days); {donor.item.warehouse_code} holds "
        f"{surplus(donor)} more than it needs"
    )
    return TransferSuggestion(
        donor.item.variant_id, donor.item.sku, donor.item.warehouse_id, donor.item.warehouse_code,
        needy.item.warehouse_id, needy.item.warehouse_code, quantity, text,
    )  # fmt: skip
