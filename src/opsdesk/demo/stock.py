"""The stock book: current on-hand/reserved per variant x warehouse, written as a ledger.

Every change appends a ``stock_movements`` row and updates the running level, so the
final ``stock_levels`` equal the ledger sums by construction. Changes that add stock
(receipts, releases, restocks) are queued and applied in time order; changes that take
stock are applied when decided, so availability is never overstated and no level goes
negative at any point of the ledger's timeline.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from opsdesk.demo.rows import Ids, Rows

Key = tuple[int, int]  # (variant_id, warehouse_id)


@dataclass
class Level:
    on_hand: int = 0
    reserved: int = 0
    updated_at: datetime | None = None

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


@dataclass(order=True)
class PendingIncrease:
    at: datetime
    seq: int
    key: Key = field(compare=False)
    on_hand: int = field(compare=False)
    reserved: int = field(compare=False)
    kind: str = field(compare=False)
    reason: str = field(compare=False)
    reference: str = field(compare=False)
    on_apply: Callable[[], None] | None = field(compare=False, default=None)


@dataclass
class StockBook:
    ids: Ids
    rows: Rows
    levels: dict[Key, Level] = field(default_factory=dict)
    # Where the buyer reorders (Supply's rule), shown as "low stock" on the Stock screen.
    reorder_points: dict[Key, int] = field(default_factory=dict)
    _queue: list[PendingIncrease] = field(default_factory=list)
    _seq: int = 0

    def level(self, key: Key) -> Level:
        found = self.levels.get(key)
        if found is None:
            found = self.levels[key] = Level()
        return found

    def move(
        self,
        key: Key,
        kind: str,
        at: datetime,
        *,
        on_hand: int = 0,
        reserved: int = 0,
        reason: str,
        reference: str,
        actor: str = "system",
    ) -> None:
        level = self.level(key)
        level.on_hand += on_hand
        level.reserved += reserved
        if level.reserved < 0 or level.available < 0:
            raise AssertionError(f"demo stock went negative at {key}: {level}")
        level.updated_at = at if level.updated_at is None else max(level.updated_at, at)
        row = (self.ids.next("stock_movements"), key[0], key[1], kind, on_hand, reserved)
        self.rows.add("stock_movements", (*row, reason, reference, actor, at))

    def reserve(self, key: Key, quantity: int, at: datetime, reference: str) -> None:
        self.move(
            key, "reservation", at, reserved=quantity, reason=f"order {reference}",
            reference=reference,
        )  # fmt: skip

    def pick(self, key: Key, quantity: int, at: datetime, reference: str, actor: str) -> None:
        self.move(
            key, "pick", at, on_hand=-quantity, reserved=-quantity,
            reason=f"picked for order {reference}", reference=reference, actor=actor,
        )  # fmt: skip

    def schedule_increase(self, pending: PendingIncrease) -> None:
        self._seq += 1
        pending.seq = self._seq
        heapq.heappush(self._queue, pending)

    def advance_to(self, now: datetime) -> None:
        """Apply every queued increase dated at or before ``now``."""
        while self._queue and self._queue[0].at <= now:
            item = heapq.heappop(self._queue)
            self.move(
                item.key, item.kind, item.at, on_hand=item.on_hand, reserved=item.reserved,
                reason=item.reason, reference=item.reference,
            )  # fmt: skip
            if item.on_apply is not None:
                item.on_apply()

    def queued(self) -> list[PendingIncrease]:
        return sorted(self._queue)

    def level_rows(self, fallback_time: datetime) -> None:
        for key in sorted(self.levels):
            level = self.levels[key]
            self.rows.add(
                "stock_levels",
                (
                    self.ids.next("stock_levels"), key[0], key[1], level.on_hand,
                    level.reserved, level.updated_at or fallback_time,
                    self.reorder_points.get(key),
                ),
            )  # fmt: skip
