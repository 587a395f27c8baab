"""Out for delivery on both databases: carrier scan → event → worker → "arrives today" over SMTP."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import notifications, shipping
from opsdesk.config import Settings
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.events import OutboxEvent
from tests.factories.fulfilment import shipped_order
from tests.support.relay import relay_all
from tests.support.smtp import Inbox

OFD = shipping.ShipmentStatus.OUT_FOR_DELIVERY


def _report(
    session: Session, shipment: shipping.Shipment, status: shipping.ShipmentStatus, ago: timedelta
) -> None:
    scan = shipping.TrackingUpdate(utcnow() - ago, status, f"scan: {status.value}", "Berlin")
    shipping.apply_tracking_update(
        session,
        tracking_number=shipment.tracking_number or "",
        carrier=shipment.carrier,
        events=[scan],
        source="test",
    )


def _kinds(session: Session, order_id: int) -> list[str]:
    m = notifications.Message
    rows = session.scalars(sa.select(m.message_type).where(m.order_id == order_id).order_by(m.id))
    return [str(kind) for kind in rows]


def _events(session: Session, name: str) -> list[OutboxEvent]:
    return list(session.scalars(sa.select(OutboxEvent).where(OutboxEvent.name == name)))


def test_a_parcel_out_for_delivery_is_announced_once_with_its_tracking_link(
    session_factory: sessionmaker[Session], smtp: tuple[Settings, Inbox]
) -> None:
    settings, inbox = smtp
    with session_factory() as s, s.begin():
        _picking, shipment = shipped_order(s)
        _report(s, shipment, OFD, timedelta(hours=1))
        order_id, shipment_id, url = shipment.order_id, shipment.id, shipment.tracking_url
        (event,) = _events(s, "ShipmentOutForDelivery")
        assert event.payload["shipment_id"] == shipment.id
    relay_all(session_factory, settings)
    with session_factory() as s, s.begin():
        # the carrier repeats itself: the same scan and a later one, still out for delivery
        again = s.get(shipping.Shipment, shipment_id)
        assert again is not None
        _report(s, again, OFD, timedelta(hours=1))
        _report(s, again, OFD, timedelta(minutes=20))
        assert len(_events(s, "ShipmentOutForDelivery")) == 1
    relay_all(session_factory, settings)
    with session_factory() as s:
        assert _kinds(s, order_id).count("out_for_delivery") == 1
        m = notifications.Message
        message = s.scalars(sa.select(m).where(m.message_type == "out_for_delivery")).one()
        assert message.status is notifications.MessageStatus.SENT
        number = str(message.context["order_number"])
    mails = [mail for mail in inbox.wait_for(3) if number in mail["Subject"]]
    announced = [mail for mail in mails if mail["Subject"] == message.subject]
    assert len(announced) == 1
    text = announced[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert url
    assert url in text


def test_no_arrives_today_for_a_parcel_delivered_before_the_worker_got_to_it(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    with session_factory() as s, s.begin():
        _picking, shipment = shipped_order(s)
        _report(s, shipment, OFD, timedelta(hours=3))
    with session_factory() as s, s.begin():
        again = s.get(shipping.Shipment, shipment.id)
        assert again is not None
        _report(s, again, shipping.ShipmentStatus.DELIVERED, timedelta(hours=1))
        assert len(_events(s, "ShipmentOutForDelivery")) == 1
    relay_all(session_factory, settings)
    with session_factory() as s:
        assert _kinds(s, shipment.order_id) == ["order_confirmation", "shipped", "delivered"]


def test_no_arrives_today_for_a_scan_the_carrier_reported_days_late(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    with session_factory() as s, s.begin():
        _picking, shipment = shipped_order(s)
        _report(s, shipment, OFD, timedelta(days=2))  # a backlog of scans, still the newest
        assert len(_events(s, "ShipmentOutForDelivery")) == 1
    relay_all(session_factory, settings)
    with session_factory() as s:
        assert _kinds(s, shipment.order_id) == ["order_confirmation", "shipped"]
