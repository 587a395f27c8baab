"""Changing the delivery address in the chat over a real database (#14.5): an address in
the first request is proposed at once, a missing piece is asked for by name, and the
order ends up with the street, the normalised postal code and the town."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from opsdesk import orders, tracking
from opsdesk.assistant.chat import ChatConfig, post_message, start_chat
from tests.factories.orders import MUG, make_shop, place

CONFIG = ChatConfig(store_name="Nordlicht", secret_key="test-secret-key",
                    public_url="https://shop.example", default_locale="en",
                    default_timezone="Europe/Berlin")  # fmt: skip
WEDNESDAY = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


def say(session: Session, chat_id: int, text: str) -> str:
    result = post_message(session, CONFIG, chat_id, text, now=WEDNESDAY)
    return "\n".join(m.body for m in result.replies)


def _chat_about(session: Session, order_id: int, locale: str = "en") -> int:
    token = tracking.token_for_order(CONFIG.secret_key, order_id)  # the e-mailed link
    return start_chat(session, CONFIG, tracking_token=token, locale=locale, now=WEDNESDAY).id


def test_an_address_in_the_first_request_is_proposed_without_asking_again(
    session: Session,
) -> None:
    make_shop(session, mugs=10)
    order = place(session, {MUG: 1}, now=WEDNESDAY)
    chat_id = _chat_about(session, order.id)
    proposal = say(session, chat_id, f"please change the delivery address of {order.number} "
                                     "to Hauptstraße 5, 10117 Berlin")  # fmt: skip
    assert "What is the new delivery address" not in proposal
    assert (
        f"change the delivery address of order {order.number} to Hauptstraße 5, 10117 Berlin"
        in proposal
    )
    say(session, chat_id, "yes")
    changed = orders.read_order(session, order.id).shipping_address
    assert (changed.line1, changed.postal_code, changed.city) == (
        "Hauptstraße 5",
        "10117",
        "Berlin",
    )


def test_a_missing_postal_code_is_asked_for_by_name_in_the_customers_language(
    session: Session,
) -> None:
    make_shop(session, mugs=10)
    order = place(session, {MUG: 1}, now=WEDNESDAY)
    chat_id = _chat_about(session, order.id, locale="de-DE")
    asked = say(session, chat_id, "Ich möchte die Lieferadresse ändern")
    assert "neue Lieferadresse" in asked
    specific = say(session, chat_id, "Hauptstr. 5a, Hamburg")
    assert "Hauptstr. 5a, Hamburg" in specific
    assert "Postleitzahl" in specific
    wrong = say(session, chat_id, "1060")  # Vienna's, not a German code
    assert "1060 ist keine Postleitzahl in Deutschland" in wrong
    confirm = say(session, chat_id, "20095")
    assert "Hauptstr. 5a, 20095 Hamburg" in confirm
    say(session, chat_id, "ja")
    changed = orders.read_order(session, order.id).shipping_address
    assert (changed.line1, changed.postal_code, changed.city) == (
        "Hauptstr. 5a",
        "20095",
        "Hamburg",
    )
