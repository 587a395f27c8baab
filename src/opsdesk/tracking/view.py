"""The tracking page's view model: everything one order's public page shows, as values.

Built from the modules' public surfaces in a handful of queries (order with lines,
customer and timeline; shipments with their scans; sent messages; returns with their
lines). Nothing here knows about HTML or about the customer's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import notifications, orders, returns, shipping
from opsdesk.kernel.db import utcnow
from opsdesk.tracking import i18n, policy
from opsdesk.tracking.policy import Progress, Punctuality

SS = shipping.ShipmentStatus
# Customers start returns themselves once the parcel arrived; before that, agents help.
RETURNABLE_STATUSES = frozenset({orders.OrderStatus.DELIVERED})


@dataclass(frozen=True)
class CarrierEvent:
    occurred_at: datetime
    status: str | None
    description: str  # the carrier's own words
    location: str
    code: str = ""  # the carrier's event code, said in the customer's language


@dataclass(frozen=True)
class Parcel:
    carrier: str
    service_level: str
    status: str
    tracking_number: str
    tracking_url: str
    promised: date | None
    estimated: date | None
    delivered_at: datetime | None
    punctuality: Punctuality
    events: tuple[CarrierEvent, ...]  # newest first

    @property
    def late(self) -> bool:
        return self.punctuality in (
            Punctuality.LATE,
            Punctuality.LATE_NO_DATE,
            Punctuality.DELIVERED_LATE,
        )


@dataclass(frozen=True)
class TimelineItem:
    occurred_at: datetime
    kind: str
    detail: str | date | None


@dataclass(frozen=True)
class Notice:
    subject: str
    sent_at: datetime
    message_type: str


@dataclass(frozen=True)
class Item:
    line_id: int
    sku: str
    title: str
    quantity: int
    shipped: int
    cancelled: int
    returned: int
    returnable: int


@dataclass(frozen=True)
class ReturnSummary:
    number: str
    status: str
    reason: str
    created_at: datetime


@dataclass(frozen=True)
class TrackingPage:
    order_id: int
    number: str
    status: orders.OrderStatus
    placed_at: datetime
    city: str
    promised_delivery_date: date | None
    preferred_locale: str  # the customer's, else the order's
    timezone: str
    progress: Progress
    parcels: tuple[Parcel, ...]
    timeline: tuple[TimelineItem, ...]  # newest first, customer-facing kinds only
    notices: tuple[Notice, ...]  # newest first
    items: tuple[Item, ...]
    returns: tuple[ReturnSummary, ...] = field(default_factory=tuple)

    @property
    def can_start_return(self) -> bool:
        return self.status in RETURNABLE_STATUSES and any(i.returnable > 0 for i in self.items)


def build_page(
    session: Session, order_id: int, *, now: datetime | None = None, default_timezone: str = "UTC"
) -> TrackingPage:
    """The page of one order; lateness is judged on the customer's own calendar day."""
    order = orders.read_order(session, order_id)
    customer = order.customer
    timezone = i18n.zone(customer.timezone if customer else None, default_timezone)
    today = (now or utcnow()).astimezone(timezone).date()
    shipments = shipping.shipments_for_order(session, order_id)
    announced = announced_dates(session, shipments)
    parcels = tuple(
        _parcel(s, later_of(s.estimated_delivery_date, announced.get(s.id)), today, timezone)
        for s in shipments
    )
    rmas = returns.returns_for_order(session, order_id)
    return TrackingPage(
        order_id=order.id,
        number=order.number,
        status=order.status,
        placed_at=order.placed_at,
        city=order.shipping_address.city,
        promised_delivery_date=order.promised_delivery_date,
        preferred_locale=(customer.locale if customer else "") or order.locale,
        timezone=timezone.key,
        progress=policy.progress_for(order.status, (SS(p.status) for p in parcels)),
        parcels=parcels,
        timeline=_timeline(order.timeline),
        notices=_notices(session, order_id),
        items=_items(order.lines, rmas),
        returns=tuple(
            ReturnSummary(r.number, r.status.value, r.reason.value, r.created_at) for r in rmas
        ),
    )


def announced_dates(session: Session, parcels: Sequence[Any]) -> dict[int, date]:
    """Per parcel — a ``Shipment`` or a row with its ``id``, ``order_id``,
    ``promised_delivery_date`` and ``delivered_at`` — the day a delay notice announced
    for its current promise, if one went or is going out. One query for them all."""
    open_ = [p for p in parcels if p.promised_delivery_date is not None and p.delivered_at is None]
    told = notifications.told_contexts(
        session,
        order_ids=sorted({p.order_id for p in open_}),
        message_type=notifications.MessageType.DELAY_NOTICE,
    )
    found: dict[int, date] = {}
    for parcel in open_:
        notice = told.get(shipping.delay_key(parcel.id, parcel.promised_delivery_date), {})
        day = _date(notice.get("new_date"))
        if day is not None:
            found[parcel.id] = day
    return found


def expected_date(session: Session, shipment: shipping.Shipment) -> date | None:
    """When the customer should expect a parcel: the carrier's estimate, or the later day
    a delay notice announced for its current promise (our own cautious date when the
    carrier had not moved its estimate). The page, the assistant and the notice agree."""
    announced = announced_dates(session, [shipment]).get(shipment.id)
    return later_of(shipment.estimated_delivery_date, announced)


def later_of(estimate: date | None, announced: date | None) -> date | None:
    """The carrier's estimate, unless a later day was announced to the customer."""
    if announced is None or (estimate is not None and estimate >= announced):
        return estimate
    return announced


def _parcel(
    shipment: shipping.Shipment, expected: date | None, today: date, timezone: ZoneInfo
) -> Parcel:
    delivered_at = shipment.delivered_at
    delivered_on = delivered_at.astimezone(timezone).date() if delivered_at else None
    scans = sorted(shipment.events, key=lambda e: (e.occurred_at, e.id), reverse=True)
    return Parcel(
        carrier=shipment.carrier,
        service_level=shipment.service_level,
        status=shipment.status.value,
        tracking_number=shipment.tracking_number or "",
        tracking_url=_web_link(shipment.tracking_url),
        promised=shipment.promised_delivery_date,
        estimated=expected,
        delivered_at=shipment.delivered_at,
        punctuality=policy.punctuality(
            promised=shipment.promised_delivery_date,
            estimated=expected,
            delivered_on=delivered_on,
            today=today,
        ),
        events=tuple(
            CarrierEvent(
                e.occurred_at,
                e.status.value if e.status else None,
                e.description,
                e.location,
                e.code,
            )
            for e in scans
        ),
    )


def _web_link(url: str) -> str:
    """Carrier links are shown only when they are plain web addresses."""
    return url if url.startswith(("https://", "http://")) else ""


def _timeline(entries: Sequence[orders.TimelineEntry]) -> tuple[TimelineItem, ...]:
    shown = [e for e in entries if policy.is_customer_facing(e.kind)]
    shown.sort(key=lambda e: (e.occurred_at, e.id), reverse=True)
    return tuple(TimelineItem(e.occurred_at, e.kind, _detail(e.kind, e.data)) for e in shown)


def _detail(kind: str, data: dict[str, Any]) -> str | date | None:
    """The one fact shown beside an entry (a date, a carrier, an RMA number) — never
    agents' free text, which stays in English on the internal timeline."""
    if kind == "stock.backordered":
        return _date(data.get("promised_date"))
    if kind == "order.promise_moved":
        return _date(data.get("after"))
    if kind == "shipment.delayed":
        return _date(data.get("estimated_delivery_date"))
    if kind == "shipment.created":
        return str(data.get("carrier") or "") or None
    if kind.startswith("return."):
        return str(data.get("number") or "") or None
    return None


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _notices(session: Session, order_id: int) -> tuple[Notice, ...]:
    message = notifications.Message
    rows = session.execute(
        sa.select(message.subject, message.sent_at, message.message_type)
        .where(
            message.order_id == order_id,
            message.status == notifications.MessageStatus.SENT,
            message.sent_at.is_not(None),
        )
        .order_by(message.sent_at.desc(), message.id.desc())
    )
    return tuple(Notice(subject, sent, kind) for subject, sent, kind in rows if sent is not None)


def _items(lines: Sequence[Any], rmas: Sequence[returns.ReturnRequest]) -> tuple[Item, ...]:
    claimed: dict[int, int] = {}
    for rma in rmas:
        if rma.status is returns.ReturnStatus.REJECTED:
            continue
        for line in rma.lines:
            claimed[line.order_line_id] = claimed.get(line.order_line_id, 0) + line.quantity
    return tuple(
        Item(
            line_id=ln.id,
            sku=ln.sku,
            title=ln.title or ln.sku,
            quantity=ln.quantity,
            shipped=ln.quantity_shipped,
            cancelled=ln.quantity_cancelled,
            returned=ln.quantity_returned,
            returnable=max(ln.quantity_shipped - claimed.get(ln.id, 0), 0),
        )
        for ln in lines
    )
