"""The attack from issue #15.1 against a real database: guessing a postal code in chat after
chat, then redirecting the parcel. Order checks are limited per order number and per client
across sessions; a postal code lets the visitor read, and a change needs the code e-mailed
to the order's address, written on the timeline and confirmed to the customer by e-mail."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import notifications, orders
from opsdesk.assistant.chat import ChatConfig, customer_token, post_message, start_chat
from opsdesk.assistant.models import ChatProofCode
from opsdesk.tracking import guard
from tests.factories.orders import MUG, make_shop, place

CONFIG = ChatConfig(store_name="Nordlicht", secret_key="test-secret-key",
                    public_url="https://shop.example", default_locale="en",
                    default_timezone="Europe/Berlin")  # fmt: skip
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
EVIL = "Evilweg 1, 10115 Berlin"


def say(session: Session, chat_id: int, text: str, now: datetime, client: str = "203.0.113.9"
        ) -> str:  # fmt: skip
    result = post_message(session, CONFIG, chat_id, text, now=now, client=client)
    return "\n".join(m.body for m in result.replies)


def guess(session: Session, number: str, postcode: str, now: datetime,
          client: str = "203.0.113.9") -> str:  # fmt: skip
    """One guess in a brand-new chat, as the attacker did."""
    chat = start_chat(session, CONFIG, now=now)
    return say(session, chat.id, f"where is my order {number}? postcode {postcode}", now, client)


def mails(session: Session, order_id: int, message_type: str) -> list[str]:
    return list(session.scalars(
        sa.select(notifications.Message.body_text).where(
            notifications.Message.order_id == order_id,
            notifications.Message.message_type == message_type,
        ).order_by(notifications.Message.id)
    ))  # fmt: skip


def code_in(body: str) -> str:
    found = re.search(r"^(\d{6})$", body, re.MULTILINE)
    assert found is not None
    return found.group(1)


def test_new_chats_guessing_postcodes_for_one_order_are_paused_however_many_they_open(
    session: Session,
) -> None:
    make_shop(session)
    order = place(session, {MUG: 1}, now=MONDAY)
    clients = (f"198.51.100.{n}" for n in range(1, 100))  # a new address every time, too
    moment = (MONDAY + timedelta(seconds=20 * n) for n in range(100))
    for wrong in range(10000, 10000 + guard.PER_NUMBER[0].most):
        reply = guess(session, order.number, str(wrong), next(moment), next(clients))
        assert "couldn't find an order" in reply

    refused = guess(session, order.number, "10119", next(moment), next(clients))  # the right one

    assert "paused order checks" in refused
    assert "on its way" not in refused  # nothing revealed
    assert "Thank you" not in refused
    assert "Please try again after Nov 16, 2026, 11:0" in refused  # an hour on, Berlin time


def test_one_client_is_paused_across_orders_and_chats(session: Session) -> None:
    make_shop(session, mugs=30)
    numbers = [place(session, {MUG: 1}, now=MONDAY).number for _ in range(5)]
    moment = (MONDAY + timedelta(seconds=20 * n) for n in range(100))
    for n in range(guard.PER_CLIENT[0].most):  # four guesses per order: under its own limit
        assert "couldn't find" in guess(session, numbers[n % 5], f"9{n:04d}", next(moment))
    assert "paused order checks" in guess(session, numbers[0], "10119", next(moment))
    other_client = guess(session, numbers[1], "10119", next(moment), client="192.0.2.7")
    assert "Thank you" in other_client  # the customer elsewhere is not locked out


def test_a_postcode_reads_the_order_but_a_new_address_needs_the_emailed_code(
    session: Session,
) -> None:
    make_shop(session)
    order = place(session, {MUG: 1}, now=MONDAY)
    chat = start_chat(session, CONFIG, now=MONDAY)
    say(session, chat.id, f"change the delivery address of {order.number}", MONDAY)
    sent = say(session, chat.id, "10119", MONDAY)
    assert "6-digit code to a•••@example.com" in sent
    assert "new delivery address" not in sent
    (mail,) = mails(session, order.id, "chat_verification_code")
    code = code_in(mail)
    assert code not in sent  # the code is only in the e-mail
    stored = session.scalars(sa.select(ChatProofCode.code_hash)).one()
    assert code not in stored  # and stored as a keyed digest

    wrong = say(session, chat.id, "000000" if code != "000000" else "111111", MONDAY)
    assert "doesn't match" in wrong
    asked = say(session, chat.id, f"the code is {code[:3]} {code[3:]}", MONDAY)
    assert "new delivery address" in asked
    say(session, chat.id, EVIL, MONDAY)
    done = say(session, chat.id, "yes", MONDAY)

    assert "will now be delivered to Evilweg 1, 10115 Berlin" in done
    address = orders.read_order(session, order.id).shipping_address
    assert (address.line1, address.postal_code) == ("Evilweg 1", "10115")
    audit = [e for e in orders.timeline(session, order.id) if e.kind == "chat.change_made"]
    assert len(audit) == 1
    assert audit[0].actor == "assistant:chat"
    assert "e-mail proven in chat" in audit[0].summary
    (told,) = mails(session, order.id, "order_changed_in_chat")
    assert "Evilweg 1, 10115 Berlin" in told  # in Ana's language (pt-BR), with what changed
    assert "Se não foi você" in told


def test_a_code_is_single_use_and_dies_after_too_many_tries(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 1}, now=MONDAY)
    chat = start_chat(session, CONFIG, now=MONDAY)
    typed = (MONDAY + timedelta(seconds=5 * n) for n in range(20))  # a message every 5 s
    say(session, chat.id, f"cancel order {order.number} postcode 10119", next(typed))
    code = code_in(mails(session, order.id, "chat_verification_code")[-1])
    wrong = "123456" if code != "123456" else "654321"
    for _ in range(4):
        assert "doesn't match" in say(session, chat.id, wrong, next(typed))
    assert "no longer valid" in say(session, chat.id, wrong, next(typed))
    late = say(session, chat.id, code, next(typed))  # the right code, after the fifth wrong one
    assert "Shall I cancel" not in late
    assert orders.read_order(session, order.id).status is not orders.OrderStatus.CANCELLED


def test_a_signed_in_customer_changes_their_own_order_without_a_code(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 1}, now=MONDAY)
    assert order.customer_id is not None
    token = customer_token(CONFIG.secret_key, order.customer_id)
    chat = start_chat(session, CONFIG, customer_token=token, now=MONDAY)
    asked = say(session, chat.id, f"please cancel my order {order.number}", MONDAY)
    assert "Shall I cancel the whole order now?" in asked
    assert mails(session, order.id, "chat_verification_code") == []
    say(session, chat.id, "yes", MONDAY)
    assert orders.read_order(session, order.id).status is orders.OrderStatus.CANCELLED
    (told,) = mails(session, order.id, "order_changed_in_chat")
    assert order.number in told
