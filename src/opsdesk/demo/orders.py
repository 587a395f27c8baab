"""One order's whole life, from checkout to now: allocation, fulfilment, aftercare."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from opsdesk.demo.aftercare import Aftercare
from opsdesk.demo.catalog import Site, VariantSpec
from opsdesk.demo.delivery import STAGE_RANK, Parcel, Shipper
from opsdesk.demo.numbers import order_number
from opsdesk.demo.outcomes import (
    CANCEL_SHARE,
    RETURN_SHARE,
    Outcome,
    StageDelays,
    draw_stage_delays,
    promised_delivery,
)
from opsdesk.demo.people import CustomerPool
from opsdesk.demo.rows import Ids, Rows
from opsdesk.demo.state import LineState, OrderState, StoreContext, local_price
from opsdesk.demo.stock import PendingIncrease, StockBook
from opsdesk.demo.supply import Supply

TIMES = "\u00d7"  # the multiplication sign, as the services' timeline writes "2 x SKU"
FREE_SHIPPING_FROM_EUR = 5000
SHIPPING_FEE_EUR = 490


@dataclass(frozen=True, slots=True)
class OrderDraft:
    placed_at: datetime
    customer_id: int
    channel: str
    service_level: str
    items: tuple[tuple[VariantSpec, int], ...]
    discount_percent: int


class OrderBuilder:
    def __init__(
        self, rng: random.Random, ids: Ids, rows: Rows, book: StockBook, supply: Supply,
        ctx: StoreContext, customers: CustomerPool,
    ) -> None:  # fmt: skip
        self._rng, self._ids, self._rows, self._book = rng, ids, rows, book
        self._supply, self._ctx, self._customers = supply, ctx, customers
        self._shipper = Shipper(rng, ids, rows, book)
        self._aftercare = Aftercare(rng, ids, rows, book)
        self.statuses: Counter[str] = Counter()

    def build(self, draft: OrderDraft) -> None:
        order = self._open(draft)
        delays = draw_stage_delays(self._rng)
        allocated = draft.placed_at + delays.allocate
        if allocated <= self._ctx.now:
            self._live(order, allocated, delays)
        self._emit(order)
        self.statuses[order.status] += 1

    def _open(self, draft: OrderDraft) -> OrderState:
        customer = self._customers.view(draft.customer_id)
        oid = self._ids.next("orders")
        promised = max(
            promised_delivery(
                draft.placed_at, self._likely_origin(variant, quantity, customer.city.region),
                customer.city.region, draft.service_level,
            )
            for variant, quantity in draft.items
        )  # fmt: skip
        order = OrderState(
            oid, order_number(self._ctx.seed, oid), customer, draft.channel, draft.service_level,
            draft.placed_at, promised, draft.discount_percent,
        )  # fmt: skip
        for line_no, (variant, quantity) in enumerate(draft.items, start=1):
            price = local_price(variant.price_eur_minor, order.currency)
            order.lines.append(
                LineState(self._ids.next("order_lines"), line_no, variant, quantity, price)
            )
        order.note(
            draft.placed_at, "order.placed", f"Placed via {draft.channel} by {customer.name}",
            "customer", promised_delivery_date=promised.isoformat(),
        )  # fmt: skip
        return order

    def _likely_origin(self, variant: VariantSpec, quantity: int, region: str) -> str:
        """The region checkout would promise from: the first warehouse that has the item."""
        candidates = self._ctx.candidates[region]
        wid = next(
            (w for w in candidates if self._available(variant, w) >= quantity),
            next(w for w in candidates if w in variant.stocked_in),
        )
        return self._ctx.sites[wid].site.region

    def _live(self, order: OrderState, allocated: datetime, delays: StageDelays) -> None:
        now = self._ctx.now
        self._book.advance_to(allocated)
        groups = self._allocate(order, allocated)
        if any(line.reservation_status == "waiting" for line in order.lines):
            order.status = "backordered"
            return
        order.status = "allocated"
        if self._rng.random() < CANCEL_SHARE:
            cancel_at = allocated + delays.start_picking * self._rng.uniform(0.1, 0.9)
            if cancel_at <= now:
                self._aftercare.cancel(order, cancel_at)
                return
        parcels = [
            self._shipper.fulfil(order, self._ctx.sites[wid], lines, allocated, delays, now)
            for wid, lines in groups.items()
        ]
        for parcel in parcels:
            self._settle(order, parcel)
        order.status = self._status(order, parcels)

    def _allocate(self, order: OrderState, at: datetime) -> dict[int, list[LineState]]:
        """Ship from one warehouse when one can serve everything, else line by line."""
        candidates = self._ctx.candidates[order.customer.city.region]
        for wid in candidates:
            if all(self._available(ln.variant, wid) >= ln.quantity for ln in order.lines):
                self._reserve(order, wid, order.lines, at)
                return {wid: order.lines}
        groups: dict[int, list[LineState]] = {}
        for line in order.lines:
            found = [w for w in candidates if self._available(line.variant, w) >= line.quantity]
            wid = found[0] if found else next(w for w in candidates if w in line.variant.stocked_in)
            if not found:
                if self._supply.waits_for_supply((line.variant.id, wid), at):
                    self._wait(order, line, wid, at)
                    continue
                self._supply.rush((line.variant.id, wid), at, line.quantity)
            self._reserve(order, wid, [line], at)
            groups.setdefault(wid, []).append(line)
        return groups

    def _available(self, variant: VariantSpec, warehouse_id: int) -> int:
        if warehouse_id not in variant.stocked_in:
            return -1
        return self._book.level((variant.id, warehouse_id)).available

    def _reserve(self, order: OrderState, wid: int, lines: list[LineState], at: datetime) -> None:
        site = self._ctx.sites[wid].site
        for line in lines:
            key = (line.variant.id, wid)
            self._book.reserve(key, line.quantity, at, order.number)
            self._supply.after_take(key, at)
            line.warehouse_id, line.reserved_at, line.reservation_updated = wid, at, at
            order.note(
                at,
                "stock.reserved",
                f"Reserved {line.quantity} {TIMES} {line.variant.sku} in {site.name} warehouse",
            )

    def _wait(self, order: OrderState, line: LineState, home: int, at: datetime) -> None:
        incoming = self._supply.on_order.get((line.variant.id, home))
        expected = (incoming.at if incoming else at + timedelta(days=14)).date()
        line.waiting_until = expected + timedelta(days=1)
        line.warehouse_id, line.reserved_at, line.reservation_updated = home, at, at
        line.reservation_status = "waiting"
        order.note(
            at, "stock.backordered",
            f"Backordered {line.quantity} {TIMES} {line.variant.sku}: expected {expected:%d %b}",
        )  # fmt: skip

    def _settle(self, order: OrderState, parcel: Parcel) -> None:
        """Refund parcels the carrier lost or sent back; offer returns on delivered ones."""
        site = self._ctx.sites[parcel.warehouse_id]
        if parcel.stage == "failed" and parcel.outcome and parcel.last_time:
            self._settle_failed(order, site, parcel.outcome.outcome, parcel.last_time)
        if parcel.delivered_at is not None and self._rng.random() < RETURN_SHARE:
            self._aftercare.maybe_return(order, site, parcel.delivered_at, self._ctx.now)

    def _settle_failed(self, order: OrderState, site: Site, outcome: Outcome, at: datetime) -> None:
        lines = [ln for ln in order.lines if ln.warehouse_id == site.id]
        reason = "parcel lost in transit"
        if outcome is Outcome.RETURNED_TO_SENDER:
            reason = "parcel returned to sender"
            for line in lines:
                line.returned = line.quantity
                self._book.schedule_increase(
                    PendingIncrease(at, 0, (line.variant.id, site.id), line.quantity, 0,
                                    "return_to_stock", "parcel returned by the carrier",
                                    order.number)
                )  # fmt: skip
        refund_at = at + timedelta(hours=6)
        if refund_at <= self._ctx.now:
            amount = sum(ln.unit_price * ln.quantity for ln in lines)
            self._aftercare.refund(order, amount, refund_at, reason)

    def _status(self, order: OrderState, parcels: list[Parcel]) -> str:
        if all(line.returned == line.quantity for line in order.lines) and order.refunded:
            return "returned"
        stages = [p.stage for p in parcels]
        if all(s == "delivered" for s in stages):
            return "delivered"
        shipped = [s for s in stages if s in {"shipped", "delivered", "failed"}]
        if shipped and len(shipped) < len(stages):
            return "partially_shipped"
        if shipped:
            return "shipped"
        return min(stages, key=STAGE_RANK.__getitem__)

    def _emit(self, order: OrderState) -> None:
        subtotal = order.subtotal()
        discount = subtotal * order.discount_percent // 100
        free_from = local_price(FREE_SHIPPING_FROM_EUR, order.currency)
        shipping = 0 if subtotal >= free_from else local_price(SHIPPING_FEE_EUR, order.currency)
        total = subtotal - discount + shipping
        c = order.customer
        self._rows.add(
            "orders",
            (
                order.id, order.number, order.channel, None, c.id, order.status, order.currency,
                c.profile.locale, subtotal, shipping, total * 19 // 119, discount, total,
                c.email, c.name, c.line1, "", c.city.name, c.city.region, c.postal_code,
                c.city.country, c.city.latitude, c.city.longitude, order.service_level,
                order.promised, None, order.placed_at, order.last_change(),
            ),
        )  # fmt: skip
        for ln in order.lines:
            self._rows.add(
                "order_lines",
                (
                    ln.id, order.id, ln.line_no, ln.variant.id, ln.variant.sku, ln.variant.title,
                    ln.quantity, ln.unit_price, ln.cancelled, ln.shipped, ln.returned,
                ),
            )  # fmt: skip
            if ln.reserved_at is not None:
                self._rows.add(
                    "reservations",
                    (
                        self._ids.next("reservations"), order.id, ln.id, ln.variant.id,
                        ln.warehouse_id, ln.quantity, ln.reservation_status, ln.waiting_until,
                        ln.reserved_at, ln.reservation_updated,
                    ),
                )  # fmt: skip
        for at, kind, actor, summary, data in sorted(order.events, key=lambda e: e[0]):
            self._rows.add(
                "order_events",
                (self._ids.next("order_events"), order.id, at, kind, actor, summary, data),
            )
