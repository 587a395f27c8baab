"""Returns through the chat over a real database, in all five languages: the item picked by
name or by number, the reason asked for or read, a "yes", and a real return on the order —
the same return the tracking page shows. A closed window and a damaged item go to a person."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import notifications, orders, returns, support
from opsdesk.assistant import answers
from opsdesk.assistant.chat import ChatConfig, identity, post_message, start_chat
from opsdesk.assistant.models import ChatMessage
from tests.factories.delivered import LAMP, TUESDAY_AFTER, Delivered, delivered_lamp_and_mug
from tests.factories.tracking import THURSDAY

CONFIG = ChatConfig(store_name="Nordlicht", secret_key="test-secret-key",
                    public_url="https://shop.example", default_locale="en",
                    default_timezone="Europe/Berlin")  # fmt: skip


class Chat:
    """A signed-in customer's chat (their e-mail is proven), a message every 20 seconds."""

    def __init__(self, session: Session, shop_order: Delivered, locale: str, now: datetime):
        token = identity.customer_token(CONFIG.secret_key, shop_order.customer_id)
        self.session, self.clock = session, (now + timedelta(seconds=20 * n) for n in count(1))
        self.chat = start_chat(session, CONFIG, locale=locale, customer_token=token, now=now)
        self.last: list[ChatMessage] = []

    def say(self, text: str) -> str:
        result = post_message(self.session, CONFIG, self.chat.id, text, now=next(self.clock))
        self.last = result.replies
        return "\n".join(m.body for m in result.replies)


# language: the turns up to the proposal, the "yes", and what the customer said why.
CONVERSATIONS = {
    "en": (["I want to return an item", "the lamp", "it is too small"], "yes please"),
    "de": (["Ich möchte die Lampe zurückschicken, sie ist mir zu klein"], "ja, bitte"),
    "fr": (["Je voudrais retourner la lampe s'il vous plaît", "elle est trop petite"], "oui"),
    "es": (["Quiero devolver la lámpara, me queda pequeña"], "sí"),
    "pt": (["Quero fazer uma devolução", "2", "ficou pequena"], "sim"),
}


def _returns(session: Session, order_id: int) -> list[returns.ReturnRequest]:
    session.expire_all()
    return returns.returns_for_order(session, order_id)


@pytest.mark.parametrize("language", sorted(CONVERSATIONS))
def test_a_return_is_created_from_the_chat_in_every_language(session: Session,
                                                             language: str) -> None:  # fmt: skip
    shop_order = delivered_lamp_and_mug(session, language)
    chat = Chat(session, shop_order, language, TUESDAY_AFTER)
    voice = answers.Voice.for_customer(language, language, "Europe/Berlin")
    turns, yes = CONVERSATIONS[language]
    replies = [chat.say(text) for text in turns]
    assert voice.say("reason_changed_mind") in replies[-1]
    assert "1 × Oak desk lamp" in replies[-1]
    assert shop_order.number in replies[-1]
    assert _returns(session, shop_order.order_id) == []  # nothing before the "yes"

    done = chat.say(yes)
    [rma] = _returns(session, shop_order.order_id)
    assert rma.number in done
    assert (rma.reason, rma.status) == (returns.ReturnReason.CHANGED_MIND,
                                        returns.ReturnStatus.REQUESTED)  # fmt: skip
    assert [(ln.order_line_id, ln.quantity) for ln in rma.lines] == [(shop_order.lamp_line, 1)]
    assert turns[-1] in rma.customer_note
    links = chat.last[0].payload["links"]
    assert [link["kind"] for link in links] == ["return"]
    assert links[0]["url"].startswith("https://shop.example/t/")
    assert links[0]["url"] in done
    timeline = [e.summary for e in orders.timeline(session, shop_order.order_id)]
    assert any(rma.number in s and LAMP in s for s in timeline)
    # a change made through the chat: audited on the order and e-mailed to the customer
    audit = [e.summary for e in orders.timeline(session, shop_order.order_id)
             if e.kind == "chat.change_made"]  # fmt: skip
    assert len(audit) == 1
    assert "started a return" in audit[0]
    (told,) = _mails(session, shop_order.order_id, "order_changed_in_chat")
    assert rma.number in told
    assert "Oak desk lamp" in told


def _mails(session: Session, order_id: int, message_type: str) -> list[str]:
    return list(session.scalars(
        sa.select(notifications.Message.body_text).where(
            notifications.Message.order_id == order_id,
            notifications.Message.message_type == message_type,
        )
    ))  # fmt: skip


def test_the_english_chat_asks_which_item_by_name_and_number(session: Session) -> None:
    shop_order = delivered_lamp_and_mug(session, "en")
    chat = Chat(session, shop_order, "en", TUESDAY_AFTER)
    asked = chat.say("start a return please")
    assert "1. " in asked
    assert "2. " in asked
    assert "Oak desk lamp" in asked
    assert chat.say("what's the weather like on mars?")  # moving on forgets the question
    assert "Which item" in chat.say("I want to return an item")


def test_a_closed_return_window_is_explained_and_a_person_offered(session: Session) -> None:
    shop_order = delivered_lamp_and_mug(session, "en")
    late = THURSDAY + timedelta(days=returns.RETURN_WINDOW_DAYS + 2)
    chat = Chat(session, shop_order, "en", late)
    reply = chat.say("I want to return the lamp, it is too small")
    assert "30-day return period ended on" in reply
    assert "speak to a member of our team" in reply
    assert _returns(session, shop_order.order_id) == []


def test_a_damaged_item_goes_to_a_person_with_high_priority(session: Session) -> None:
    shop_order = delivered_lamp_and_mug(session, "de")
    chat = Chat(session, shop_order, "de", TUESDAY_AFTER)
    chat.say("Ich möchte die Lampe zurückschicken")
    chat.say("Die Lampe ist kaputt angekommen")
    ticket_id = chat.chat.ticket_id
    assert ticket_id is not None
    ticket = session.scalar(sa.select(support.Ticket).where(support.Ticket.id == ticket_id))
    assert ticket is not None
    assert ticket.priority.value == "high"
    assert _returns(session, shop_order.order_id) == []
