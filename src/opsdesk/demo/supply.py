"""Opening stock, purchase orders and receipts that keep the shelves filled."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from opsdesk.demo.catalog import VariantSpec
from opsdesk.demo.reference import SUPPLIER_LEAD_DAYS, SUPPLIERS
from opsdesk.demo.rows import Ids, Rows
from opsdesk.demo.stock import Key, PendingIncrease, StockBook

COVER_DAYS = 35  # one purchase order covers about five weeks of demand
SAFETY_DAYS = 8


def bin_of(variant_id: int) -> str:
    """A shelf address (aisle-bay-level) for a variant, the same in every warehouse."""
    aisle = chr(ord("A") + variant_id % 8)
    return f"{aisle}-{variant_id // 8 % 24 + 1:02d}-{variant_id % 4 + 1}"


def supplier_rows(ids: Ids, rows: Rows, at: datetime) -> None:
    """The store's suppliers, each with an order address and a stated lead time."""
    for name, lead in zip(SUPPLIERS, SUPPLIER_LEAD_DAYS, strict=True):
        slug = "".join(c for c in name.lower().split()[0] if c.isalnum())
        email = f"orders@{slug}.example"
        rows.add("suppliers", (ids.next("suppliers"), name, email, lead, "EUR", True, at))


class Supply:
    """Reorders when availability falls below a reorder point; receipts arrive later.

    Made-to-order items (backorder policy) ordered late in the window arrive only
    after "now": their purchase orders stay open and new orders for them wait.
    """

    def __init__(
        self,
        rng: random.Random,
        book: StockBook,
        ids: Ids,
        rows: Rows,
        now: datetime,
        backorder_since: datetime,
    ) -> None:
        self._rng, self._book, self._ids, self._rows = rng, book, ids, rows
        self._now, self._backorder_since = now, backorder_since
        self._daily: dict[Key, float] = {}
        self._backorder: dict[Key, bool] = {}
        self.on_order: dict[Key, PendingIncrease] = {}

    def open_stock(
        self,
        variants: list[VariantSpec],
        site_share: dict[int, float],
        units_per_day: float,
        at: datetime,
    ) -> None:
        """An opening count per variant x warehouse sized to its expected demand."""
        for v in variants:
            for wid in v.stocked_in:
                key = (v.id, wid)
                self._daily[key] = units_per_day * v.popularity * site_share[wid]
                self._book.reorder_points[key] = max(1, round(self._daily[key] * SAFETY_DAYS))
                self._backorder[key] = v.backorder
                quantity = max(3, round(self._daily[key] * (COVER_DAYS + SAFETY_DAYS)))
                self._rows.add(
                    "bin_locations", (self._ids.next("bin_locations"), wid, v.id, bin_of(v.id), at)
                )
                self._book.move(
                    key, "adjustment", at, on_hand=quantity, reason="opening stock count",
                    reference="OPENING",
                )  # fmt: skip

    def after_take(self, key: Key, at: datetime) -> None:
        level = self._book.level(key)
        reorder_point = self._daily.get(key, 0.0) * SAFETY_DAYS
        if key in self.on_order or level.available > reorder_point:
            return
        lead = timedelta(days=self._rng.randint(4, 9), hours=self._rng.randint(0, 10))
        if self._backorder.get(key) and at >= self._backorder_since:
            lead = (self._now - at) + timedelta(days=self._rng.randint(4, 14))
        quantity = max(5, round(self._daily.get(key, 0.1) * COVER_DAYS))
        self._purchase(key, at, at + lead, quantity)

    def rush(self, key: Key, at: datetime, quantity: int) -> None:
        """A line no warehouse can serve: the buyer rushed stock in just before it."""
        quantity = max(quantity, round(self._daily.get(key, 0.1) * COVER_DAYS), 3)
        arrival = at - timedelta(minutes=1)
        self._purchase(key, arrival - timedelta(days=2), arrival, quantity, queue=False)

    def waits_for_supply(self, key: Key, at: datetime) -> bool:
        return bool(self._backorder.get(key)) and at >= self._backorder_since

    def _purchase(
        self, key: Key, created: datetime, arrival: datetime, quantity: int, *, queue: bool = True
    ) -> None:
        po_id = self._ids.next("purchase_orders")
        number = f"PO-{po_id:06d}"
        received = arrival <= self._now
        status = "received" if received else "open"
        supplier_id = key[0] % len(SUPPLIERS) + 1  # ids of suppliers_rows
        supplier = SUPPLIERS[supplier_id - 1]
        self._rows.add(
            "purchase_orders",
            (po_id, number, supplier, supplier_id, key[1], status, arrival.date(), created),
        )
        self._rows.add(
            "purchase_order_lines",
            (self._ids.next("purchase_order_lines"), po_id, key[0], quantity, quantity * received),
        )
        increase = PendingIncrease(
            arrival, 0, key, quantity, 0, "receipt", f"{number} received from {supplier}", number
        )
        if not queue:
            self._book.move(
                key, "receipt", arrival, on_hand=quantity, reason=increase.reason,
                reference=number,
            )  # fmt: skip
            return
        self.on_order[key] = increase

        def arrived() -> None:
            self.on_order.pop(key, None)

        increase.on_apply = arrived
        self._book.schedule_increase(increase)
