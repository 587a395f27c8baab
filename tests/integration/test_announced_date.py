"""One date everywhere: after a delay notice, the tracking page and the assistant give
the new day it announced, even when the carrier never moved its own estimate."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import notifications, shipping, support, tracking
from opsdesk.assistant import answers
from opsdesk.assistant.chat import ChatConfig, post_message, start_chat
from opsdesk.config import Settings
from opsdesk.kernel.http import Principal, Role
from opsdesk.support import overview
from tests.factories.support import make_ticket
from tests.factories.tracking import WEDNESDAY, noticed_by_risk

ROOT = Principal(user_id=None, role=Role.ADMIN, name="root")
CONFIG = ChatConfig(store_name="Nordlicht", secret_key="test-secret-key",
                    public_url="https://shop.example", default_locale="en",
                    default_timezone="UTC")  # fmt: skip


def _notice_dates(session: Session) -> list[tuple[str, str]]:
    m = notifications.Message
    rows = session.scalars(sa.select(m.context).where(m.message_type == "delay_notice"))
    return [(str(c["promised_date"]), str(c["new_date"])) for c in rows]


def test_the_page_and_the_assistant_repeat_the_date_the_delay_notice_gave(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    noticed = noticed_by_risk(session_factory, settings)
    promised, calm = noticed.promised, noticed.carrier_estimate
    assert calm is None or calm <= promised  # the carrier expects it in time
    with session_factory() as s, s.begin():
        ((told_promise, told_new),) = _notice_dates(s)
        assert told_promise == promised.isoformat()
        announced = date.fromisoformat(told_new)
        assert announced > promised  # a cautious slip: the carrier gave no date
        parcel = s.get(shipping.Shipment, noticed.shipment_id)
        assert parcel is not None
        assert parcel.estimated_delivery_date == calm  # the carrier's estimate is untouched
        assert tracking.expected_date(s, parcel) == announced
        page = tracking.build_page(s, noticed.order_id, now=WEDNESDAY)
        (shown,) = page.parcels
        assert shown.estimated == announced
        assert shown.late
        chat = start_chat(s, CONFIG, now=WEDNESDAY)
        post_message(s, CONFIG, chat.id, f"where is my order {page.number}", now=WEDNESDAY)
        reply = post_message(s, CONFIG, chat.id, "ana.lima@example.com", now=WEDNESDAY)
        text = "\n".join(m.body for m in reply.replies)
    voice = answers.Voice.for_customer("en", "en", "UTC")
    assert voice.day(announced) in text
    assert voice.day(promised) in text


def test_a_delivered_parcel_or_a_new_promise_leaves_the_old_notice_behind(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    noticed = noticed_by_risk(session_factory, settings)
    with session_factory() as s, s.begin():
        parcel = s.get(shipping.Shipment, noticed.shipment_id)
        assert parcel is not None
        assert tracking.expected_date(s, parcel) != noticed.carrier_estimate
        # the store promised a new day: the notice was about the old one
        parcel.promised_delivery_date = noticed.promised + timedelta(days=5)
        assert tracking.expected_date(s, parcel) == noticed.carrier_estimate
        parcel.promised_delivery_date = noticed.promised
        parcel.delivered_at = WEDNESDAY
        assert tracking.expected_date(s, parcel) == noticed.carrier_estimate


def test_an_agent_s_macro_gives_the_announced_day_too(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    noticed = noticed_by_risk(session_factory, settings)
    with session_factory() as s, s.begin():
        ((_, told_new),) = _notice_dates(s)
        ticket = make_ticket(s, order_ids=[noticed.order_id], now=WEDNESDAY)
        data = support.MacroCreate(name="When", body="Expected {{ estimated_delivery_date }}.")
        macro = support.create_macro(s, data, author=ROOT)
        preview = support.preview_macro(s, macro.id, ticket.id)
    announced = date.fromisoformat(told_new)
    assert announced.month == 11  # Ana reads Portuguese: "terça-feira, 24 de novembro de 2026"
    assert f", {announced.day} de novembro de {announced.year}." in preview.text


def test_the_agent_s_panel_shows_what_the_customer_was_told(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    noticed = noticed_by_risk(session_factory, settings)
    with session_factory() as s:
        ((_, told_new),) = _notice_dates(s)
        (order,) = overview.linked_orders_overview(s, [noticed.order_id], now=WEDNESDAY)
    (parcel,) = order.shipments
    assert parcel.estimated_delivery_date == noticed.carrier_estimate  # the carrier's own
    assert parcel.announced_delivery_date == date.fromisoformat(told_new)
    assert parcel.late  # late by what the customer was told, though the carrier is calm
