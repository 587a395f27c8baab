"""Queue → worker → real SMTP server: what the customer receives, once, in their language."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import notifications, orders
from opsdesk.config import Settings
from opsdesk.kernel.events import OutboxEvent
from opsdesk.notifications import MessageStatus, MessageType, Preference
from opsdesk.notifications.handlers import build_channels, store_voice
from opsdesk.notifications.service import deliver, due_message_ids
from opsdesk.registry import after_commit_handlers
from opsdesk.worker import Worker
from tests.factories.orders import make_shop, place
from tests.support.smtp import Inbox

NOON = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)


def _shipped_context(order: orders.Order) -> dict[str, object]:
    return {
        "customer_first_name": "Ana",
        "order_number": order.number,
        "tracking_page_url": "https://shop.example/t/1",
        "carrier": "DHL",
        "tracking_url": "https://carrier.example/track/1",
        "estimated_date": date(2026, 12, 3),
        "unsubscribe_url": "https://shop.example/unsubscribe/1",
    }


def _queue(
    session: Session, settings: Settings, order: orders.Order, **kw: object
) -> notifications.Message:
    assert order.customer_id is not None
    return notifications.queue_for_customer(
        session,
        message_type=kw.pop("message_type", MessageType.SHIPPED),  # type: ignore[arg-type]
        customer_id=order.customer_id,
        order_id=order.id,
        context=_shipped_context(order),
        cause=f"test:{order.id}",
        voice=store_voice(settings),
        now=kw.pop("now", None),  # type: ignore[arg-type]
    )


def test_a_queued_message_reaches_the_smtp_server_once_with_both_parts(
    session_factory: sessionmaker[Session], smtp: tuple[Settings, Inbox]
) -> None:
    settings, inbox = smtp
    with session_factory() as session, session.begin():
        make_shop(session)
        order = place(session)
        message = _queue(session, settings, order)
        assert message.locale == "pt-BR"  # Ana's locale from the order factory
    worker = Worker(factory=session_factory, handlers=after_commit_handlers(settings))
    while worker.relay_once():
        pass
    # Placing the order also sends its confirmation; this test follows its own message.
    received = [m for m in inbox.wait_for(2) if m["Message-ID"] == message.message_id]
    assert len(received) == 1
    mail = received[0]
    assert mail["To"] == "ana.lima@example.com"
    assert mail["Message-ID"] == message.message_id
    assert mail["List-Unsubscribe"] == "<https://shop.example/unsubscribe/1>"
    assert "Nordlicht" in mail["From"]
    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = mail.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert order.number in text
    assert '<a href="https://carrier.example/track/1">' in html

    with session_factory() as session:
        stored = session.get(notifications.Message, message.id)
        assert stored is not None
        assert stored.status is MessageStatus.SENT
        timeline = orders.timeline(session, order.id)
        assert any(entry.kind == "message_sent" for entry in timeline)
        # delivering again sends nothing
        assert deliver(session, message.id, build_channels(settings)) is False
    again = inbox.wait_for(3, timeout=0.5)
    assert [m["Message-ID"] for m in again].count(message.message_id) == 1


def test_the_same_cause_queues_one_message(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    with session_factory() as session, session.begin():
        make_shop(session)
        order = place(session)
        first = _queue(session, settings, order)
        second = _queue(session, settings, order)
        assert first.id == second.id
        queued = session.scalar(
            sa.select(sa.func.count())
            .select_from(OutboxEvent)
            .where(OutboxEvent.name == "NotificationQueued")
        )
        assert queued == 1


def test_an_opt_out_suppresses_follow_ups_but_not_shipping_news(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    with session_factory() as session, session.begin():
        make_shop(session)
        order = place(session)
        assert order.customer_id is not None
        session.add(Preference(customer_id=order.customer_id, opted_out=["follow_up", "shipped"]))
        session.flush()
        shipped = _queue(session, settings, order)
        follow_up = notifications.queue_for_customer(
            session, message_type=MessageType.FOLLOW_UP, customer_id=order.customer_id,
            order_id=order.id, cause="test:follow", voice=store_voice(settings), now=NOON,
            context={"customer_first_name": "Ana", "order_number": order.number,
                     "tracking_page_url": "https://shop.example/t/1", "product_name": "Mug"},
        )  # fmt: skip
        assert shipped.status is MessageStatus.QUEUED
        assert follow_up.status is MessageStatus.SUPPRESSED
        assert "opted out" in follow_up.status_reason


def test_quiet_hours_hold_a_message_until_morning(
    session_factory: sessionmaker[Session], smtp: tuple[Settings, Inbox]
) -> None:
    settings, inbox = smtp
    late_evening = datetime(2026, 12, 1, 22, 30, tzinfo=UTC)  # 23:30 in Berlin
    with session_factory() as session, session.begin():
        make_shop(session)
        order = place(session)
        assert order.customer_id is not None
        session.add(
            Preference(customer_id=order.customer_id, quiet_start=time(22), quiet_end=time(7))
        )
        session.flush()
        message = _queue(session, settings, order, now=late_evening)
        assert message.send_after == datetime(2026, 12, 2, 6, 0, tzinfo=UTC)
    channels = build_channels(settings)
    with session_factory() as session, session.begin():
        assert deliver(session, message.id, channels, now=late_evening) is False
        assert due_message_ids(session, now=late_evening) == []
        morning = message.send_after + timedelta(minutes=1)
        assert due_message_ids(session, now=morning) == [message.id]
        assert deliver(session, message.id, channels, now=morning) is True
    assert len(inbox.wait_for(1)) == 1


def test_without_an_smtp_host_mail_is_dropped_into_files(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    with session_factory() as session, session.begin():
        make_shop(session)
        order = place(session)
        message = _queue(session, settings, order, now=NOON)
    with session_factory() as session, session.begin():
        assert deliver(session, message.id, build_channels(settings), now=NOON) is True
    files = list((settings.data_dir / "mail").glob("*.eml"))
    assert len(files) == 1
    assert order.number.encode() in files[0].read_bytes()
