"""The assistant's stock answer says when an item is back: from the open purchase order
past the customers already waiting, else from the replenishment plan (today + lead time)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from opsdesk import inventory
from opsdesk.assistant import answers
from opsdesk.assistant.chat import ChatConfig, post_message, start_chat
from tests.factories.inventory import make_purchase_order
from tests.factories.replenishment import MONDAY, TEE, TODAY, make_replenishment_shop

CONFIG = ChatConfig(store_name="Nordlicht", secret_key="test-secret-key",
                    public_url="https://shop.example", default_locale="en",
                    default_timezone="Europe/Berlin")  # fmt: skip


def ask(session: Session, text: str) -> str:
    chat = start_chat(session, CONFIG, now=MONDAY)
    return "\n".join(
        m.body for m in post_message(session, CONFIG, chat.id, text, now=MONDAY).replies
    )


def test_the_assistant_dates_the_restock_from_the_plan_then_from_the_purchase_order(
    session: Session,
) -> None:
    shop = make_replenishment_shop(session)
    voice = answers.Voice.for_customer("en", "en-US", "Europe/Berlin")
    planned = ask(session, f"Is {TEE} in stock?")
    assert voice.day(TODAY + timedelta(days=14)) in planned  # Nordwolle's 14 days

    # a purchase order of 2 only covers Ana's waiting tees: the next one is the date
    make_purchase_order(session, shop.hamburg, {TEE: 2}, expected=TODAY + timedelta(days=3))
    make_purchase_order(session, shop.hamburg, {TEE: 10}, expected=TODAY + timedelta(days=6))
    dated = ask(session, f"Is {TEE} in stock?")
    assert voice.day(TODAY + timedelta(days=6)) in dated
    assert voice.day(TODAY + timedelta(days=3)) not in dated
    assert inventory.stock_for_sku(session, TEE).totals.available == 0
