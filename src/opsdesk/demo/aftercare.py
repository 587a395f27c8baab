"""Returns, refunds and cancellations after (or instead of) delivery."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from opsdesk.demo.catalog import Site
from opsdesk.demo.rows import Ids, Rows
from opsdesk.demo.state import LineState, OrderState
from opsdesk.demo.stock import PendingIncrease, StockBook

RETURN_REASONS = (
    ("changed_mind", "Changed my mind, the colour does not suit the room."),
    ("damaged", "Arrived with a crack along the side."),
    ("not_as_described", "Smaller than it looked in the photos."),
    ("wrong_item", "Received a different colour from the one I ordered."),
    ("late", "Arrived after the birthday it was meant for."),
)
REASON_WEIGHTS = (40, 20, 20, 10, 10)


class Aftercare:
    def __init__(self, rng: random.Random, ids: Ids, rows: Rows, book: StockBook) -> None:
        self._rng, self._ids, self._rows, self._book = rng, ids, rows, book

    def refund(self, order: OrderState, amount: int, at: datetime, reason: str, **kw: int) -> None:
        if amount <= 0:
            return
        rid = self._ids.next("refunds")
        return_id = kw.get("return_id")
        self._rows.add(
            "refunds",
            (rid, order.id, return_id, amount, order.currency, reason, None, "system", at),
        )
        order.refunded += amount
        order.note(at, "refund.issued", f"Refunded {order.money(amount)}: {reason}")

    def cancel(self, order: OrderState, at: datetime) -> None:
        """The customer cancelled before picking: release every active hold, refund all."""
        for line in order.lines:
            line.cancelled = line.quantity
            if line.reservation_status != "active" or line.warehouse_id is None:
                line.reservation_status, line.reservation_updated = "released", at
                continue
            key = (line.variant.id, line.warehouse_id)
            self._book.schedule_increase(
                PendingIncrease(at, 0, key, 0, -line.quantity, "release",
                                f"order {order.number} cancelled", order.number)
            )  # fmt: skip
            line.reservation_status, line.reservation_updated = "released", at
        order.status = "cancelled"
        order.note(at, "status.cancelled", "Cancelled at the customer's request", "customer")
        self.refund(order, order.subtotal(), at + timedelta(minutes=2), "order cancelled")

    def maybe_return(
        self, order: OrderState, site: Site, delivered: datetime, now: datetime
    ) -> None:
        rng = self._rng
        requested = delivered + timedelta(days=rng.uniform(1, 14))
        if requested > now:
            return
        reason, note = rng.choices(RETURN_REASONS, weights=REASON_WEIGHTS)[0]
        lines = [ln for ln in order.lines if ln.warehouse_id == site.id]
        chosen = lines if rng.random() < 0.6 else lines[:1]
        rma_id = self._ids.next("return_requests")
        number = f"RMA-{100000 + rma_id}"
        order.note(
            requested,
            "return.requested",
            f"Return {number} requested: {reason.replace('_', ' ')}",
            "customer",
        )
        approved = requested + timedelta(hours=rng.uniform(4, 30))
        received = approved + timedelta(days=rng.uniform(3, 8))
        refunded = received + timedelta(hours=rng.uniform(4, 48))
        status = "requested"
        if approved <= now:
            status = "approved"
            order.note(
                approved, "return.approved", f"Return {number} approved", "agent:Returns desk"
            )
        if received <= now:
            status = "received"
            order.note(received, "return.received", f"Return {number} received in {site.site.name}")
        disposition = "write_off" if reason == "damaged" else "restock"
        for line in chosen:
            self._return_line(order, line, rma_id, disposition if received <= now else None)
            if received <= now:
                line.returned = line.quantity
                if disposition == "restock":
                    self._restock(order, number, line, site, received)
        if refunded <= now:
            status = "refunded"
            amount = sum(line.unit_price * line.quantity for line in chosen)
            self.refund(order, amount, refunded, f"return {number}", return_id=rma_id)
        self._rows.add(
            "return_requests",
            (
                rma_id, number, order.id, status, reason, note, "",
                site.id, requested, approved if approved <= now else None,
                received if received <= now else None,
            ),
        )  # fmt: skip

    def _return_line(
        self, order: OrderState, line: LineState, rma_id: int, disposition: str | None
    ) -> None:
        inspection = {"restock": "As new, back to stock", "write_off": "Damaged, written off"}
        self._rows.add(
            "return_lines",
            (
                self._ids.next("return_lines"), rma_id, line.id, line.quantity, disposition,
                inspection.get(disposition or "", ""),
            ),
        )  # fmt: skip

    def _restock(
        self, order: OrderState, number: str, line: LineState, site: Site, at: datetime
    ) -> None:
        self._book.schedule_increase(
            PendingIncrease(at, 0, (line.variant.id, site.id), line.quantity, 0,
                            "return_to_stock", f"return {number} restocked", number)
        )  # fmt: skip
