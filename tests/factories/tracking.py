"""Orders as their tracking page shows them: shipped and running late, or delivered, or
told of a delay by the risk scan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from opsdesk import customers, notifications, orders, shipping
from opsdesk.config import Settings
from opsdesk.kernel import events
from opsdesk.notifications import MessageType, Register, StoreVoice
from opsdesk.notifications.channels import Outgoing
from opsdesk.proactive import ShipmentAtRisk
from opsdesk.proactive.rules import store
from tests.factories.fulfilment import shipped_order
from tests.support.relay import relay_all

# The day after the Tuesday hand-over, and the Thursday: the parcel is on the road.
WEDNESDAY = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
THURSDAY = datetime(2026, 11, 19, 15, 0, tzinfo=UTC)
SCANS = (
    shipping.TrackingUpdate(
        datetime(2026, 11, 17, 18, 0, tzinfo=UTC),
        shipping.ShipmentStatus.IN_TRANSIT,
        "Picked up by the carrier",
        "Berlin",
    ),
    shipping.TrackingUpdate(
        datetime(2026, 11, 18, 7, 30, tzinfo=UTC),
        shipping.ShipmentStatus.IN_TRANSIT,
        "Delayed: sorting backlog at the hub",
        "Leipzig hub",
    ),
)


@dataclass(frozen=True)
class TrackedOrder:
    order_id: int
    number: str
    shipment_id: int
    promised: date
    estimated: date | None = None
    line_ids: list[int] = field(default_factory=list)


class RecordingChannel:
    """An e-mail channel that keeps what it was given (the edge of the outside world)."""

    name = "email"

    def __init__(self) -> None:
        self.sent: list[Outgoing] = []

    def send(self, message: Outgoing) -> None:
        self.sent.append(message)


def _tracked(session: Session, shipment: shipping.Shipment) -> TrackedOrder:
    order = session.get(orders.Order, shipment.order_id)
    assert order is not None
    assert shipment.promised_delivery_date is not None
    return TrackedOrder(
        order_id=order.id,
        number=order.number,
        shipment_id=shipment.id,
        promised=shipment.promised_delivery_date,
        estimated=shipment.estimated_delivery_date,
        line_ids=[line.id for line in order.lines],
    )


def set_customer_locale(session: Session, order_id: int, locale: str, timezone: str) -> None:
    order = session.get(orders.Order, order_id)
    assert order is not None
    assert order.customer_id is not None
    customer = session.get(customers.Customer, order.customer_id)
    assert customer is not None
    customer.locale, customer.timezone = locale, timezone
    session.flush()


def late_order(session: Session, *, days_late: int = 3, **order: Any) -> TrackedOrder:
    """Two mugs handed over on Tuesday; on Wednesday the carrier moved the estimate
    ``days_late`` days past the promise. ``order``: shop, currency, unit price (see
    ``tests.factories.fulfilment.picking_order``)."""
    _picking, shipment = shipped_order(session, **order)
    promised = shipment.promised_delivery_date
    assert promised is not None
    shipping.apply_tracking_update(
        session,
        tracking_number=shipment.tracking_number or "",
        carrier=shipment.carrier,
        events=SCANS,
        estimated_delivery_date=promised + timedelta(days=days_late),
        source="test",
        now=datetime(2026, 11, 18, 8, 0, tzinfo=UTC),
    )
    session.flush()
    return _tracked(session, shipment)


def delivered_order(session: Session) -> TrackedOrder:
    """Two mugs delivered on time, on the Thursday."""
    _picking, shipment = shipped_order(session)
    delivered = shipping.TrackingUpdate(
        THURSDAY, shipping.ShipmentStatus.DELIVERED, "Delivered to the customer", "Berlin"
    )
    shipping.apply_tracking_update(
        session,
        tracking_number=shipment.tracking_number or "",
        carrier=shipment.carrier,
        events=(*SCANS[:1], delivered),
        source="test",
        now=THURSDAY,
    )
    session.flush()
    return _tracked(session, shipment)


def send_delay_notice(session: Session, tracked: TrackedOrder, *, url: str) -> str:
    """Queue and deliver a delay notice about ``tracked``; returns its subject."""
    order = session.get(orders.Order, tracked.order_id)
    assert order is not None
    assert order.customer_id is not None
    voice = StoreVoice("Nordlicht", "en", Register.FORMAL, "nordlicht.example")
    message = notifications.queue_for_customer(
        session,
        message_type=MessageType.DELAY_NOTICE,
        customer_id=order.customer_id,
        order_id=order.id,
        context={
            "customer_first_name": "Ana",
            "order_number": order.number,
            "tracking_page_url": url,
            "reason": "",
            "promised_date": tracked.promised,
            "new_date": tracked.estimated or tracked.promised,
            "remedy": "",
        },
        cause=f"test-delay:{order.id}",
        voice=voice,
        now=datetime(2026, 11, 18, 9, 0, tzinfo=UTC),
    )
    delivered = notifications.deliver(
        session,
        message.id,
        {"email": RecordingChannel()},
        now=datetime(2026, 11, 18, 9, 5, tzinfo=UTC),
    )
    assert delivered, message.status_reason
    return message.subject


@dataclass(frozen=True)
class Noticed:
    shipment_id: int
    order_id: int
    promised: date
    carrier_estimate: date | None


def noticed_by_risk(factory: sessionmaker[Session], settings: Settings) -> Noticed:
    """A parcel the risk scan found likely to miss its promise, with no news from the
    carrier, and the delay notice the built-in rule sent about it."""
    with factory() as s, s.begin():
        store.seed_builtin_rules(s, currency="EUR")
        _picking, shipment = shipped_order(s)
        promised = shipment.promised_delivery_date
        assert promised is not None
        events.record(s, ShipmentAtRisk(
            shipment_id=shipment.id, order_id=shipment.order_id, probability=0.9,
            threshold=0.3, reasons=["no carrier scan for 3 days"],
            promised_delivery_date=promised, scored_at=WEDNESDAY,
        ), now=WEDNESDAY)  # fmt: skip
        noticed = Noticed(
            shipment.id, shipment.order_id, promised, shipment.estimated_delivery_date
        )
    relay_all(factory, settings)
    return noticed
