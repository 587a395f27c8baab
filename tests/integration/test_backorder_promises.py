"""Backordered orders carry one honest date: the purchase order's arrival, handling and
transit — at intake, after the supply moves, and in the message the customer gets."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import inventory, notifications, orders, shipping
from opsdesk.config import Settings
from opsdesk.inventory.models import PurchaseOrder
from opsdesk.kernel.events import OutboxEvent
from opsdesk.proactive import Rule
from opsdesk.proactive.handlers import notify_backorders
from opsdesk.proactive.rules import store
from opsdesk.proactive.rules.preview import candidates
from opsdesk.proactive.rules.triggers import Trigger
from tests.factories.orders import TEE, expect_tees, make_shop, order_payload, place
from tests.support.relay import relay_all
from tests.support.smtp import Inbox

WEDNESDAY = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
PO_DUE = date(2026, 6, 14)  # a Sunday: handled on Monday the 15th
ENGLISH = order_payload()["customer"] | {"locale": "en-GB"}


def _backorder(session: Session, **overrides: Any) -> orders.Order:
    shop = make_shop(session, tees=2)
    expect_tees(session, shop, 10, on=PO_DUE)
    order = place(session, {TEE: 5}, now=WEDNESDAY, customer=ENGLISH, **overrides)
    session.commit()
    assert order.status is orders.OrderStatus.BACKORDERED
    return order


def _summaries(session: Session, order_id: int) -> list[str]:
    return [e.summary for e in orders.timeline(session, order_id)]


def test_without_a_shop_promise_the_order_is_promised_after_the_restock(session: Session) -> None:
    order = _backorder(session)
    arrives = shipping.waiting_promise(session, order)
    assert arrives is not None
    assert arrives > PO_DUE + timedelta(days=1)  # handled on the 15th, then in transit
    assert order.promised_delivery_date == arrives


def test_a_shop_promise_before_the_restock_moves_to_the_day_it_can_be_kept(
    session: Session,
) -> None:
    order = _backorder(session, promised_delivery_date="2026-06-12")
    arrives = shipping.waiting_promise(session, order)
    assert arrives is not None
    assert order.promised_delivery_date == arrives
    assert (
        f"Delivery promise moved from 12 Jun 2026 to {arrives.day} {arrives:%b %Y}: "
        "part of the order waits for incoming stock"
    ) in _summaries(session, order.id)


def test_a_shop_promise_after_the_restock_is_kept(session: Session) -> None:
    order = _backorder(session, promised_delivery_date="2026-07-01")
    assert order.promised_delivery_date == date(2026, 7, 1)
    assert not any("promise moved" in s for s in _summaries(session, order.id))


def test_a_late_purchase_order_moves_the_waiting_date_and_the_promise(session: Session) -> None:
    order = _backorder(session)
    before = order.promised_delivery_date
    assert before is not None
    session.execute(sa.update(PurchaseOrder).values(expected_date=date(2026, 6, 24)))

    moved = shipping.keep_backorder_promises(session, now=WEDNESDAY + timedelta(days=2))
    session.commit()

    [waiting] = [
        r
        for r in inventory.reservations_for_order(session, order.id)
        if r.status is inventory.ReservationStatus.WAITING
    ]
    assert waiting.promised_date == date(2026, 6, 25)  # arrival plus a day of handling
    session.refresh(order)
    assert order.promised_delivery_date is not None
    assert order.promised_delivery_date > before
    assert moved == [shipping.MovedPromise(order.id, before, order.promised_delivery_date)]
    # a second pass finds nothing left to move
    assert shipping.keep_backorder_promises(session, now=WEDNESDAY + timedelta(days=2)) == []


def test_the_preview_finds_every_waiting_order_even_without_its_event(session: Session) -> None:
    order = _backorder(session)
    session.execute(sa.delete(OutboxEvent))
    session.commit()
    [subject] = candidates(session, Trigger.STOCK_BACKORDERED, WEDNESDAY)
    assert subject.order_id == order.id
    assert subject.detail["promised"] == order.promised_delivery_date
    assert subject.detail["items"] == "3 × Tee Red / tee-red"


def _backorder_mails(inbox: Inbox, order: orders.Order) -> list[str]:
    subject = f"Part of your order {order.number} needs a little longer"
    return [
        str(m.get_body(preferencelist=("plain",)).get_content())  # type: ignore[union-attr]
        for m in inbox.messages
        if m["Subject"] == subject
    ]


def test_new_and_existing_backorders_are_told_the_honest_date_once_per_date(
    session_factory: sessionmaker[Session], smtp: tuple[Settings, Inbox]
) -> None:
    settings, inbox = smtp
    with session_factory() as s, s.begin():
        store.seed_builtin_rules(s, currency="EUR")
        # a later date is the slip rule's to tell (test_backorder_slip_notice); off here
        s.execute(sa.update(Rule).where(Rule.builtin == "backorder_slipped").values(enabled=False))
    with session_factory() as session:
        new = _backorder(session, promised_delivery_date="2026-06-12")
        promised = new.promised_delivery_date
    assert promised is not None

    relay_all(session_factory, settings)  # the StockBackordered event, through the worker
    [first] = _wait(inbox, new)
    assert f"arrives by {_day(promised)}." in first.replace("\n", " ")

    later = WEDNESDAY + timedelta(hours=1)
    with session_factory() as s, s.begin():
        assert notify_backorders(s, settings, later) == 0  # this date was told already
    with session_factory() as s, s.begin():
        s.execute(sa.update(PurchaseOrder).values(expected_date=date(2026, 6, 24)))
        shipping.keep_backorder_promises(s, now=later)
    with session_factory() as s, s.begin():
        assert notify_backorders(s, settings, later) == 1  # the date moved: told again
    relay_all(session_factory, settings)
    mails = _wait(inbox, new, count=2)
    with session_factory() as s:
        moved = s.get(orders.Order, new.id)
        assert moved is not None
        assert moved.promised_delivery_date is not None
        assert moved.promised_delivery_date > promised
        sent = list(s.scalars(sa.select(notifications.Message.message_type)))
    assert sent.count("backordered") == 2
    assert f"arrives by {_day(moved.promised_delivery_date)}." in mails[1].replace("\n", " ")


def _day(day: date) -> str:
    return f"{day:%A}, {day.day} {day:%B} {day.year}"  # British, as the customer is en-GB


def _wait(inbox: Inbox, order: orders.Order, count: int = 1) -> list[str]:
    inbox.wait_for_subject(f"Part of your order {order.number} needs a little longer")
    deadline = datetime.now(UTC) + timedelta(seconds=10)
    while len(_backorder_mails(inbox, order)) < count and datetime.now(UTC) < deadline:
        inbox.wait_for(len(inbox.messages) + 1, timeout=1)
    mails = _backorder_mails(inbox, order)
    assert len(mails) == count, mails
    return mails
