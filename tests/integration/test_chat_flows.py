"""The assistant over a real database: a late parcel told in German with its real date, a
cancellation after a "yes" that gives the stock back, a handover that opens a ticket."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from itertools import count

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import inventory, notifications, orders, support
from opsdesk.assistant import answers
from opsdesk.assistant.chat import ChatConfig, messages_since, post_message, start_chat
from opsdesk.assistant.models import ChatSession
from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from tests.factories.orders import MUG, make_shop, place
from tests.factories.tracking import THURSDAY, late_order, set_customer_locale

CONFIG = ChatConfig(store_name="Nordlicht", secret_key="test-secret-key",
                    public_url="https://shop.example", default_locale="en",
                    default_timezone="Europe/Berlin")  # fmt: skip
WEDNESDAY = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


def say(session: Session, chat_id: int, text: str, now: datetime) -> str:
    result = post_message(session, CONFIG, chat_id, text, now=now)
    return "\n".join(m.body for m in result.replies)


def emailed_code(session: Session, order_id: int) -> str:
    """The one-time code from the last code e-mail queued for the order's customer."""
    body = session.scalars(
        sa.select(notifications.Message.body_text)
        .where(notifications.Message.order_id == order_id,
               notifications.Message.message_type == "chat_verification_code")
        .order_by(notifications.Message.id.desc())
    ).first()  # fmt: skip
    assert body is not None, "no code e-mail was queued"
    code = re.search(r"^(\d{6})$", body, re.MULTILINE)
    assert code is not None
    return code.group(1)


def test_a_late_parcel_is_told_in_german_with_the_carriers_new_date(session: Session) -> None:
    tracked = late_order(session, days_late=3)
    set_customer_locale(session, tracked.order_id, "de-DE", "Europe/Berlin")
    chat = start_chat(session, CONFIG, locale="de-DE", now=THURSDAY)

    asked = say(session, chat.id, f"Wo ist meine Bestellung {tracked.number}?", THURSDAY)
    assert "E-Mail-Adresse oder die Postleitzahl" in asked
    assert "unterwegs" not in asked  # nothing about the order before the customer proves it

    answer = say(session, chat.id, "ana.lima@example.com", THURSDAY)
    voice = answers.Voice.for_customer("de", "de-DE", "Europe/Berlin")
    assert tracked.estimated is not None
    assert f"Bestellung {tracked.number} ist unterwegs" in answer
    assert "verspätet" in answer
    assert voice.day(tracked.estimated) in answer  # e.g. "Montag, 23. November 2026"
    assert voice.day(tracked.promised) in answer
    assert "Vielen Dank, Ana" in answer
    assert "https://shop.example/t/" in answer
    assert "mit einer Person aus unserem Team sprechen" in answer


def test_a_wrong_e_mail_reveals_nothing_and_attempts_are_limited(session: Session) -> None:
    tracked = late_order(session)
    chat = start_chat(session, CONFIG, now=THURSDAY)
    typed = (THURSDAY + timedelta(seconds=5 * n) for n in count())  # a message every 5 s
    say(session, chat.id, f"where is my order {tracked.number}", next(typed))
    for _ in range(2):
        reply = say(session, chat.id, "someone.else@example.com", next(typed))
        assert "couldn't find an order" in reply
        assert "on its way" not in reply
        say(session, chat.id, f"order {tracked.number}", next(typed))
    locked = say(session, chat.id, "someone.else@example.com", next(typed))
    assert "several unsuccessful attempts" in locked
    again = say(session, chat.id, f"where is {tracked.number}? ana.lima@example.com", next(typed))
    assert "several unsuccessful attempts" in again
    assert "on its way" not in again


def _available(session: Session, sku: str) -> int:
    session.expire_all()
    return inventory.stock_for_sku(session, sku).totals.available


def test_a_cancellation_happens_only_after_yes_and_gives_the_stock_back(session: Session) -> None:
    make_shop(session, mugs=10)
    order = place(session, {MUG: 3}, now=WEDNESDAY)
    assert _available(session, MUG) == 7
    chat = start_chat(session, CONFIG, now=WEDNESDAY)

    say(session, chat.id, f"Please cancel my order {order.number}", WEDNESDAY)
    sent = say(session, chat.id, "my postcode is 10119", WEDNESDAY)
    assert "6-digit code to a•••@example.com" in sent  # a postcode alone changes nothing
    question = say(session, chat.id, emailed_code(session, order.id), WEDNESDAY)
    assert "Shall I cancel the whole order now?" in question
    assert _available(session, MUG) == 7  # asking changes nothing

    done = say(session, chat.id, "yes please", WEDNESDAY)
    assert f"I have cancelled order {order.number}" in done
    assert _available(session, MUG) == 10
    assert orders.read_order(session, order.id).status is orders.OrderStatus.CANCELLED
    entries = [e for e in orders.timeline(session, order.id) if e.kind == "status.cancelled"]
    assert entries
    assert entries[0].actor == "assistant:chat"


def test_no_keeps_the_order(session: Session) -> None:
    make_shop(session, mugs=10)
    order = place(session, {MUG: 1}, now=WEDNESDAY)
    chat = start_chat(session, CONFIG, now=WEDNESDAY)
    say(session, chat.id, f"cancel order {order.number} ana.lima@example.com", WEDNESDAY)
    say(session, chat.id, emailed_code(session, order.id), WEDNESDAY)
    kept = say(session, chat.id, "no", WEDNESDAY)
    assert "haven't changed anything" in kept
    assert orders.read_order(session, order.id).status is orders.OrderStatus.ALLOCATED


def test_a_shipped_order_is_not_cancelled_and_a_return_is_offered(session: Session) -> None:
    tracked = late_order(session)
    other = start_chat(session, CONFIG, now=THURSDAY)
    say(session, other.id, f"cancel {tracked.number}", THURSDAY)
    refused = say(session, other.id, "ana.lima@example.com", THURSDAY)
    assert "can no longer be cancelled" in refused
    assert "Start a return" in refused


def test_an_address_change_is_confirmed_then_written_to_the_order(session: Session) -> None:
    make_shop(session, mugs=10)
    order = place(session, {MUG: 1}, now=WEDNESDAY)
    chat = start_chat(session, CONFIG, now=WEDNESDAY)
    say(session, chat.id, f"I need to change the delivery address of {order.number}", WEDNESDAY)
    sent = say(session, chat.id, "ana.lima@example.com", WEDNESDAY)
    assert "What is the new delivery address" not in sent  # a typed e-mail proves nothing
    asked = say(session, chat.id, emailed_code(session, order.id), WEDNESDAY)
    assert "What is the new delivery address" in asked
    confirm = say(session, chat.id, "Lindenstraße 5, 20095 Hamburg", WEDNESDAY)
    assert "Lindenstraße 5, 20095 Hamburg" in confirm
    assert "yes or no" in confirm
    say(session, chat.id, "yes", WEDNESDAY)
    changed = orders.read_order(session, order.id).shipping_address
    assert (changed.line1, changed.postal_code, changed.city) == (
        "Lindenstraße 5", "20095", "Hamburg")  # fmt: skip
    kinds = [e.kind for e in orders.timeline(session, order.id)]
    assert "order.address_changed" in kinds


def test_asking_for_a_human_opens_a_chat_ticket_with_the_sla_running(session: Session) -> None:
    tracked = late_order(session)
    chat = start_chat(session, CONFIG, now=THURSDAY)
    say(session, chat.id, f"where is {tracked.number} ana.lima@example.com", THURSDAY)
    reply = say(session, chat.id, "I want to talk to a human", THURSDAY)

    row = session.get(ChatSession, chat.id)
    assert row is not None
    assert row.ticket_id is not None
    ticket = support.read_ticket(session, row.ticket_id, now=THURSDAY)
    assert ticket.channel is support.Channel.CHAT
    assert [o.number for o in ticket.orders] == [tracked.number]
    assert ticket.sla.first_response.due_at is not None
    assert ticket.sla_due_at is not None
    assert "The customer asked about: Talk to a person" in ticket.messages[0].body_text
    assert "contact_human_agent" not in ticket.messages[0].body_text
    assert f"where is {tracked.number}" in ticket.messages[0].body_text
    assert "by e-mail to ana.lima@example.com by" in reply  # nobody is online

    # The promise is kept: the agent's answer goes out by e-mail, not only into the chat.
    author = support.Author(actor="agent:Bo", staff_id=None, name="Bo")
    answer = support.add_staff_message(session, row.ticket_id,
                                       support.MessageCreate(body="Your parcel is on its way."),
                                       author=author, now=THURSDAY)  # fmt: skip
    assert answer.outbound_status is support.OutboundStatus.QUEUED
    assert support.REPLY_BY_EMAIL_TAG in support.read_ticket(session, row.ticket_id).tags


def test_an_online_agent_joins_and_the_conversation_continues_in_the_chat(
    session: Session,
) -> None:
    agent = create_user(session, email="bo@example.com", name="Bo", role=Role.AGENT,
                        password="correct-horse-battery")  # fmt: skip
    support.set_availability(session, agent.id, online=True)
    chat = start_chat(session, CONFIG, now=THURSDAY)
    reply = say(session, chat.id, "This is ridiculous, my parcel is a joke!!", THURSDAY)
    assert "truly sorry" in reply
    assert "join this chat in about" in reply

    row = session.get(ChatSession, chat.id)
    assert row is not None
    assert row.ticket_id is not None
    ticket = session.get(support.Ticket, row.ticket_id)
    assert ticket is not None
    assert (ticket.priority.value, ticket.assignee_id) == ("high", agent.id)

    _before, cursor = messages_since(session, row, None, assistant_name="Nordlicht")
    quiet = post_message(session, CONFIG, chat.id, "hello? anyone there", now=THURSDAY)
    assert quiet.replies == []  # the assistant stepped aside
    author = support.Author(actor="agent:Bo", staff_id=agent.id, name="Bo")
    support.add_staff_message(session, row.ticket_id,
                              support.MessageCreate(body="Hi, I'm Bo. Let me check that."),
                              author=author, now=THURSDAY)  # fmt: skip
    new, _next = messages_since(session, row, cursor, assistant_name="Nordlicht")
    assert [(m.role, m.body) for m in new if m.role != "customer"] == [
        ("agent", "Hi, I'm Bo. Let me check that.")
    ]
    bodies = session.scalars(sa.select(support.TicketMessage.body_text).where(
        support.TicketMessage.ticket_id == row.ticket_id))  # fmt: skip
    assert "hello? anyone there" in list(bodies)
