"""Picking, packing, shipping and the carrier's tracking events of one fulfilment."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from opsdesk.demo.catalog import Site
from opsdesk.demo.outcomes import (
    PACKING_ERROR_SHARE,
    CarrierOutcome,
    Outcome,
    StageDelays,
    draw_carrier_outcome,
    transit_days,
)
from opsdesk.demo.reference import EXCEPTION_REASONS, PACKERS
from opsdesk.demo.rows import Ids, Rows
from opsdesk.demo.state import LineState, OrderState
from opsdesk.demo.stock import StockBook

STAGE_RANK = {
    "allocated": 0, "picking": 1, "packed": 2, "shipped": 3, "failed": 3, "delivered": 4,
}  # fmt: skip
TRACKING_PREFIX = {
    "DHL": "00340434", "DPD": "0150", "SEUR": "SE", "GLS": "4", "Correios": "", "Jadlog": "10",
}  # fmt: skip


@dataclass
class Parcel:
    """How one fulfilment ended up (as of now)."""

    stage: str
    warehouse_id: int
    delivered_at: datetime | None = None
    outcome: CarrierOutcome | None = None
    last_time: datetime | None = None


def tracking_number(carrier: str, shipment_id: int, rng: random.Random) -> str:
    serial = 3_100_000_000 + shipment_id * 97 + rng.randint(0, 96)
    if carrier == "Correios":
        return f"QB{serial:09d}BR"
    return f"{TRACKING_PREFIX[carrier]}{serial:012d}"


def _event_code(status: str, description: str) -> str:
    """The code a carrier API would send with the demo's scan (EasyPost's words)."""
    if status == "in_transit":
        return "picked_up" if description.startswith("Picked up") else "arrived_at_destination"
    return {"exception": "delivery_exception"}.get(status, status)


class Shipper:
    def __init__(self, rng: random.Random, ids: Ids, rows: Rows, book: StockBook) -> None:
        self._rng, self._ids, self._rows, self._book = rng, ids, rows, book

    def fulfil(
        self, order: OrderState, site: Site, lines: list[LineState], allocated: datetime,
        delays: StageDelays, now: datetime,
    ) -> Parcel:  # fmt: skip
        """Play one warehouse's part of the order forward until ``now``."""
        fid = self._ids.next("fulfilments")
        t_pick = allocated + delays.start_picking
        t_pack = t_pick + delays.pack
        t_ship = t_pack + delays.hand_over
        packer = self._rng.choice(PACKERS)
        stage = "allocated"
        if t_pick <= now:
            stage = "picking"
            order.note(t_pick, "status.picking", f"Picking started in {site.site.name}")
        if t_pack <= now:
            stage = "packed"
            self._pack(order, site, lines, fid, t_pack, packer)
        status = {"allocated": "pending", "picking": "picking", "packed": "packed"}[stage]
        parcel = Parcel(stage, site.id, last_time=min(t_pack, now))
        if t_ship <= now:
            status = "shipped"
            parcel = self._ship(order, site, lines, fid, t_ship, now)
        self._rows.add(
            "fulfilments",
            (
                fid, order.id, site.id, None, status, packer if t_pack <= now else None,
                t_pack if t_pack <= now else None, allocated,
            ),
        )  # fmt: skip
        for line in lines:
            packed = line.quantity if t_pack <= now else 0
            self._rows.add(
                "fulfilment_lines",
                (
                    self._ids.next("fulfilment_lines"), fid, line.id, line.variant.id,
                    line.variant.sku, line.quantity, packed,
                ),
            )  # fmt: skip
        return parcel

    def _pack(
        self, order: OrderState, site: Site, lines: list[LineState], fid: int, at: datetime,
        packer: str,
    ) -> None:  # fmt: skip
        actor = f"warehouse:{site.site.code}:{packer}"
        if self._rng.random() < PACKING_ERROR_SHARE:
            self._packing_error(order, site, lines[0], fid, at - timedelta(minutes=4), packer)
        for line in lines:
            self._book.pick((line.variant.id, site.id), line.quantity, at, order.number, actor)
            line.reservation_status, line.reservation_updated = "picked", at
        items = sum(line.quantity for line in lines)
        order.note(at, "status.packed", f"Packed {items} item(s) in {site.site.name}", actor)

    def _packing_error(
        self, order: OrderState, site: Site, line: LineState, fid: int, at: datetime, packer: str
    ) -> None:
        kind = self._rng.choice(("wrong_item", "wrong_item", "missing_item", "damaged"))
        scanned = f"SKU-{line.variant.id + 1:04d}" if kind == "wrong_item" else line.variant.sku
        detail = {
            "wrong_item": f"scanned {scanned} instead of {line.variant.sku}; swapped before sealing",
            "missing_item": f"{line.variant.sku} not found at its bin; fetched from overflow",
            "damaged": f"{line.variant.sku} chipped on the shelf; replaced with a sound unit",
        }[kind]
        self._rows.add(
            "fulfilment_errors",
            (
                self._ids.next("fulfilment_errors"), order.id, fid, site.id, kind, scanned,
                line.variant.sku, 1, packer, detail, at,
            ),
        )  # fmt: skip
        order.note(
            at, "fulfilment.error", f"Packing check: {detail}", f"warehouse:{site.site.code}"
        )

    def _ship(
        self, order: OrderState, site: Site, lines: list[LineState], fid: int, at: datetime,
        now: datetime,
    ) -> Parcel:  # fmt: skip
        sid = self._ids.next("shipments")
        carrier = self._rng.choice(site.site.carriers)
        number = tracking_number(carrier, sid, self._rng)
        outcome = draw_carrier_outcome(self._rng, EXCEPTION_REASONS)
        for line in lines:
            line.shipped = line.quantity
        order.note(
            at, "status.shipped", f"Shipped with {carrier} — tracking {number}",
            carrier=carrier, tracking_number=number,
        )  # fmt: skip
        events = self._tracking(order, site, carrier, outcome, at)
        happened = [e for e in events if e[0] <= now]
        for when, status, description, location in happened:
            fingerprint = f"{status}:{when:%Y%m%d%H%M%S}"
            self._rows.add(
                "tracking_events",
                (self._ids.next("tracking_events"), sid, when, status, description,
                 _event_code(status, description), location, "carrier", fingerprint, when),
            )  # fmt: skip
        last_time, last_status = happened[-1][0], happened[-1][1]
        delivered_at = last_time if last_status == "delivered" else None
        self._customer_notes(order, outcome, happened, delivered_at, now)
        knows_delay = any(e[1] == "exception" for e in happened)
        estimate = order.promised
        if delivered_at is not None:
            estimate = delivered_at.date()
        elif knows_delay:
            estimate = order.promised + timedelta(days=outcome.days_vs_promise)
        weight = sum(line.quantity * 400 for line in lines)
        fragile = any(line.variant.fragile for line in lines)
        self._rows.add(
            "shipments",
            (
                sid, order.id, fid, site.id, carrier, order.service_level, number,
                f"https://tracking.example.com/{carrier.lower()}/{number}", last_status,
                site.site.region, order.customer.city.region,
                [{"weight_g": weight, "fragile": fragile}], order.promised, estimate, at,
                delivered_at, last_time, at,
            ),
        )  # fmt: skip
        stage = "delivered" if delivered_at else "shipped"
        if last_status in {"lost", "returned_to_sender"}:
            stage = "failed"
        return Parcel(stage, site.id, delivered_at, outcome, last_time)

    def _tracking(
        self, order: OrderState, site: Site, carrier: str, outcome: CarrierOutcome, at: datetime
    ) -> list[tuple[datetime, str, str, str]]:
        """The carrier's whole story for this parcel, future included (cut at now later)."""
        rng = self._rng
        city = order.customer.city.name
        picked_up = at + timedelta(hours=rng.uniform(1.5, 6))
        story = [
            (at, "label_created", f"{carrier} label created", site.site.city),
            (picked_up, "in_transit", f"Picked up by {carrier}", site.site.city),
        ]
        arrival = max(
            order.promised + timedelta(days=outcome.days_vs_promise),
            at.date()
            + timedelta(
                days=transit_days(site.site.region, order.customer.city.region, order.service_level)
            ),
        )
        if outcome.outcome is not Outcome.ON_TIME and outcome.outcome is not Outcome.LATE:
            hit = picked_up + timedelta(hours=rng.uniform(10, 30))
            story.append((hit, "exception", f"Delivery problem: {outcome.exception_reason}", city))
            if outcome.outcome is Outcome.RETURNED_TO_SENDER:
                back = hit + timedelta(days=rng.randint(3, 6))
                return [*story, (back, "returned_to_sender", "Returned to sender", site.site.city)]
            if outcome.outcome is Outcome.LOST:
                gone = hit + timedelta(days=rng.randint(5, 9))
                return [*story, (gone, "lost", f"{carrier} declared the parcel lost", "")]
        depot = datetime.combine(arrival, time(3, 10), at.tzinfo) - timedelta(hours=1)
        story.append((max(depot, story[-1][0] + timedelta(hours=3)), "in_transit",
                      f"Arrived at the delivery depot for {city}", city))  # fmt: skip
        out = datetime.combine(arrival, time(7, 30), at.tzinfo) + timedelta(
            minutes=rng.randint(0, 90)
        )
        story.append((max(out, story[-1][0] + timedelta(minutes=30)), "out_for_delivery",
                      "Out for delivery", city))  # fmt: skip
        done = story[-1][0] + timedelta(hours=rng.uniform(1.5, 10))
        story.append((done, "delivered", "Delivered", city))
        return story

    def _customer_notes(
        self, order: OrderState, outcome: CarrierOutcome,
        happened: list[tuple[datetime, str, str, str]], delivered_at: datetime | None,
        now: datetime,
    ) -> None:  # fmt: skip
        """Timeline entries for what the customer would notice: delays, problems, arrival."""
        promised_end = datetime.combine(order.promised + timedelta(days=1), time(0), now.tzinfo)
        if promised_end <= now and (delivered_at is None or delivered_at > promised_end):
            order.note(
                promised_end, "shipment.delayed",
                f"Not delivered by the promised date {order.promised:%d %b}",
            )  # fmt: skip
        for when, status, description, _location in happened:
            if status in {"exception", "returned_to_sender", "lost"}:
                order.note(when, f"shipment.{status}", description, "carrier")
        if delivered_at is not None:
            order.note(delivered_at, "status.delivered", "Delivered", "carrier")
