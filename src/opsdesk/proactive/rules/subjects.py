"""What a rule is evaluated about: a shipment, an order or a ticket, with its facts.

Subjects are read in batches (one query per kind) so the preview over hundreds of
shipments stays a handful of queries. Facts are plain values the condition language
tests; ``detail`` holds what the actions need (dates, reason, carrier events).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import customers, inventory, orders, shipping, support
from opsdesk.proactive.models import Disruption, ShipmentRiskRecord
from opsdesk.proactive.rules import policy
from opsdesk.proactive.rules.conditions import Amount
from opsdesk.proactive.rules.triggers import DELAY_TRIGGERS, Trigger

_SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}


@dataclass(frozen=True)
class OrderInfo:
    id: int
    number: str
    customer_id: int | None
    total_minor: int
    currency: str
    channel: str
    region: str
    country: str
    first_name: str
    tags: tuple[str, ...]
    locale: str
    timezone: str

    def facts(self) -> dict[str, Any]:
        return {
            "order_value": Amount(self.total_minor, self.currency),
            "order_currency": self.currency,
            "channel": self.channel,
            "region": self.region,
            "country": self.country,
            "customer_tags": list(self.tags),
            "customer_locale": self.locale,
        }


@dataclass(frozen=True)
class Subject:
    trigger: Trigger
    key: str
    facts: Mapping[str, Any]
    order: OrderInfo | None = None
    shipment_id: int | None = None
    ticket_id: int | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)

    @property
    def order_id(self) -> int | None:
        return self.order.id if self.order else None

    @property
    def customer_id(self) -> int | None:
        return self.order.customer_id if self.order else self.detail.get("customer_id")


def order_infos(session: Session, order_ids: Iterable[int]) -> dict[int, OrderInfo]:
    ids = sorted(set(order_ids))
    if not ids:
        return {}
    o, c = orders.Order, customers.Customer
    rows = session.execute(
        sa.select(o, c).outerjoin(c, c.id == o.customer_id).where(o.id.in_(ids))
    ).all()
    return {order.id: _info(order, customer) for order, customer in rows}


def _info(order: orders.Order, customer: customers.Customer | None) -> OrderInfo:
    first = customer.first_name if customer and customer.first_name else ""
    return OrderInfo(
        id=order.id,
        number=order.number,
        customer_id=order.customer_id,
        total_minor=order.total_minor,
        currency=order.currency,
        channel=order.channel,
        region=order.ship_region,
        country=order.ship_country,
        first_name=first or (order.ship_name.split() or [""])[0],
        tags=tuple(customer.tags or ()) if customer else (),
        locale=(customer.locale if customer else "") or order.locale or "en",
        timezone=customer.timezone if customer else "UTC",
    )


# -- shipments -------------------------------------------------------------------------


def shipment_subjects(
    session: Session,
    trigger: Trigger,
    shipment_ids: Sequence[int],
    now: datetime,
    *,
    promised: Mapping[int, date | None] | None = None,
    risks: Mapping[int, float] | None = None,
) -> list[Subject]:
    """Subjects for shipment triggers; ``promised`` and ``risks`` override the stored
    promise and score (those an event was about). A delay without a promise has none."""
    if not shipment_ids:
        return []
    s, r = shipping.Shipment, ShipmentRiskRecord
    rows = session.execute(
        sa.select(s, r.probability)
        .outerjoin(r, r.shipment_id == s.id)
        .where(s.id.in_(list(shipment_ids)))
        .order_by(s.id)
    ).all()
    infos = order_infos(session, (row[0].order_id for row in rows))
    disruptions = _disruptions(session, now) if trigger in DELAY_TRIGGERS else []
    made = []
    for shipment, risk in rows:
        was_promised = (promised or {}).get(shipment.id, shipment.promised_delivery_date)
        risk = (risks or {}).get(shipment.id, risk)
        made.append(
            _shipment_subject(
                trigger,
                shipment,
                risk,
                was_promised,
                infos.get(shipment.order_id),
                now,
                disruptions,
            )
        )
    return [m for m in made if m is not None]


def _shipment_subject(
    trigger: Trigger,
    shipment: shipping.Shipment,
    risk: float | None,
    promised: date | None,
    info: OrderInfo | None,
    now: datetime,
    disruptions: list[Disruption],
) -> Subject | None:
    if info is None:
        return None
    facts = {
        **info.facts(),
        "carrier": shipment.carrier,
        "service_level": shipment.service_level,
        "shipment_status": shipment.status.value,
        "origin_region": shipment.origin_region,
        # The carrier itself moved the estimate past the promise: the delay is certain.
        "risk": 1.0 if trigger is Trigger.SHIPMENT_DELAYED else risk,
    }
    if promised is not None:
        facts["days_to_promise"] = (promised - now.date()).days
    detail: dict[str, Any] = {"carrier": shipment.carrier, "status": shipment.status.value}
    if trigger in DELAY_TRIGGERS:
        if promised is None:
            return None
        new_date = policy.new_delivery_date(promised, shipment.estimated_delivery_date, now.date())
        facts["days_late"] = (new_date - promised).days
        detail |= {
            "promised": promised,
            "new_date": new_date,
            "reason": policy.delay_reason(
                disruption_kind=_worst_kind(disruptions, shipment),
                shipment_status=shipment.status.value,
                carrier_moved_estimate=bool(
                    shipment.estimated_delivery_date and shipment.estimated_delivery_date > promised
                ),
            ),
        }
        key = shipping.delay_key(shipment.id, promised)
    elif trigger is Trigger.SHIPMENT_EXCEPTION:
        key = f"exception:shipment:{shipment.id}:{shipment.status.value}"
        detail |= {"tracking_number": shipment.tracking_number or ""}
    else:
        delivered = shipment.delivered_at or now
        late = bool(promised and delivered.date() > promised)
        facts["late"] = late
        key = f"delivered:order:{shipment.order_id}"
        detail |= {"delivered_at": delivered}
    return Subject(trigger, key, facts, info, shipment_id=shipment.id, detail=detail)


def _disruptions(session: Session, now: datetime) -> list[Disruption]:
    return list(
        session.scalars(
            sa.select(Disruption).where(Disruption.ends_at > now, Disruption.starts_at <= now)
        )
    )


def _worst_kind(disruptions: list[Disruption], shipment: shipping.Shipment) -> str | None:
    # Case-insensitive, as the risk model matches (disruptions declared before regions
    # were stored in the store's spelling were stored upper-cased).
    regions = {shipment.origin_region.casefold(), shipment.destination_region.casefold()}
    touching = [
        d
        for d in disruptions
        if (not d.region or d.region.casefold() in regions)
        and (not d.carrier or d.carrier.casefold() == shipment.carrier.casefold())
    ]
    if not touching:
        return None
    worst = max(touching, key=lambda d: (_SEVERITY_RANK.get(d.severity.value, 0), d.id))
    return worst.kind.value


def carrier_events(session: Session, shipment_id: int, limit: int = 10) -> list[str]:
    """The carrier's latest scans as lines an agent can quote, oldest first."""
    t = shipping.TrackingEvent
    rows = session.scalars(
        sa.select(t).where(t.shipment_id == shipment_id).order_by(t.occurred_at.desc()).limit(limit)
    ).all()
    lines = []
    for event in reversed(rows):
        where = f" ({event.location})" if event.location else ""
        status = event.status.value if event.status else "scan"
        lines.append(
            f"{event.occurred_at:%Y-%m-%d %H:%M} UTC — {status}: {event.description}{where}"
        )
    return lines


# -- orders and tickets ----------------------------------------------------------------


def backorder_subject(session: Session, order_id: int, *, today: date) -> Subject | None:
    """An order with stock still waiting, as it stands now; None once nothing waits.

    The date is the order's delivery promise — the one the panel, the tracking page and
    the assistant give — and never earlier than the waiting stock can arrive; the key
    carries it, so a customer hears once per date, again only if the date moves.
    """
    info = order_infos(session, [order_id]).get(order_id)
    order = session.get(orders.Order, order_id)
    if info is None or order is None:
        return None
    waiting = [
        r
        for r in inventory.reservations_for_order(session, order_id)
        if r.status is inventory.ReservationStatus.WAITING
    ]
    arrives = shipping.waiting_promise(session, order)
    if not waiting or arrives is None:
        return None
    promised = max(arrives, order.promised_delivery_date or arrives)
    lines = {line.id: line for line in order.lines}
    items = [f"{r.quantity} × {_line_title(lines.get(r.order_line_id))}" for r in waiting]
    facts = {
        **info.facts(),
        "waiting_units": sum(r.quantity for r in waiting),
        "wait_days": (promised - today).days,
    }
    detail = {"promised": promised, "items": ", ".join(items)}
    key = f"backorder:order:{order_id}:{promised.isoformat()}"
    return Subject(Trigger.STOCK_BACKORDERED, key, facts, info, detail=detail)


def backorder_subjects(session: Session, now: datetime, *, limit: int) -> list[Subject]:
    """Every order with stock waiting now (oldest first), whatever event made it wait."""
    made = (
        backorder_subject(session, order_id, today=now.date())
        for order_id in inventory.orders_waiting(session, limit=limit)
    )
    return [m for m in made if m is not None]


def _line_title(line: orders.OrderLine | None) -> str:
    if line is None:
        return "?"
    return line.title or line.sku


def ticket_subject(
    session: Session, trigger: Trigger, ticket_id: int, *, csat_score: int | None = None
) -> Subject | None:
    ticket = session.get(support.Ticket, ticket_id)
    if ticket is None:
        return None
    view = support.read_ticket(session, ticket_id, include_internal=False)
    linked = [o.id for o in view.orders]
    info = order_infos(session, linked[:1]).get(linked[0]) if linked else None
    facts: dict[str, Any] = {
        **(info.facts() if info else {}),
        "ticket_status": ticket.status.value,
        "ticket_priority": ticket.priority.value,
        "complaint": policy.is_complaint(ticket.reason, ticket.tags or ()),
        "csat_score": csat_score,
    }
    detail = {"customer_id": ticket.customer_id, "ticket_reference": ticket.reference}
    key = f"recovery:ticket:{ticket_id}"
    return Subject(trigger, key, facts, info, ticket_id=ticket_id, detail=detail)


# -- from an event's payload -----------------------------------------------------------

_SHIPMENT_EVENTS = frozenset(
    {
        Trigger.SHIPMENT_AT_RISK,
        Trigger.SHIPMENT_DELAYED,
        Trigger.SHIPMENT_EXCEPTION,
        Trigger.SHIPMENT_DELIVERED,
    }
)


def from_event(
    session: Session, trigger: Trigger, payload: Mapping[str, Any], at: datetime
) -> list[Subject]:
    """The subject an event is about, as of ``at`` (when it happened)."""
    if trigger in _SHIPMENT_EVENTS:
        shipment_id = int(payload["shipment_id"])
        promised = payload.get("promised_delivery_date")
        override = {shipment_id: date.fromisoformat(str(promised))} if promised else None
        scored = payload.get("probability")
        risks = {shipment_id: float(scored)} if scored is not None else None
        return shipment_subjects(
            session, trigger, [shipment_id], at, promised=override, risks=risks
        )
    made: Subject | None
    if trigger is Trigger.STOCK_BACKORDERED:
        made = backorder_subject(session, int(payload["order_id"]), today=at.date())
    else:
        score = payload.get("score") if trigger is Trigger.CSAT_RECEIVED else None
        made = ticket_subject(session, trigger, int(payload["ticket_id"]), csat_score=score)
    return [made] if made else []
