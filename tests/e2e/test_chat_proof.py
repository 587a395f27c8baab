"""Issue #15.1 over HTTP with a real SMTP server: a postal code does not redirect a parcel.

The visitor who knows the order number and the delivery postal code may read the order;
to change the address they need the code the store e-mails to the order's address, and
the customer is told by e-mail what was changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import orders
from opsdesk.config import Settings
from tests.factories.orders import MUG, make_shop, place
from tests.support.relay import relay_all
from tests.support.smtp import Inbox, store_mailbox


class StepClock:
    """Five seconds pass between two readings: a customer typing, never a flood."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=5)
        return self.now


@pytest.fixture
def shop(client: TestClient, settings: Settings) -> Iterator[tuple[TestClient, Settings, Inbox]]:
    with store_mailbox(settings) as (mailing, inbox):
        client.app.state.settings = mailing  # type: ignore[attr-defined]
        # behind the wall clock, so what the chat queues is due when the worker relays it
        start = datetime.now(UTC) - timedelta(minutes=5)
        client.app.state.clock = StepClock(start)  # type: ignore[attr-defined]
        yield client, mailing, inbox


def _order(factory: sessionmaker[Session]) -> orders.Order:
    with factory() as session:
        make_shop(session)
        order = place(session, {MUG: 1})
        session.commit()
        return order


def _start(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post("/api/v1/chat/sessions", json={"store": "demo", "locale": "en", **body})
    assert response.status_code == 201, response.text
    return dict(response.json())


def _say(client: TestClient, chat: dict[str, Any], text: str) -> str:
    response = client.post(f"/api/v1/chat/sessions/{chat['id']}/messages",
                           json={"text": text}, headers={"X-Chat-Token": chat["token"]})  # fmt: skip
    assert response.status_code == 200, response.text
    return "\n".join(reply["body"] for reply in response.json()["replies"])


def _plain(mail: EmailMessage) -> str:
    body = mail.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def _code_from(inbox: Inbox, number: str) -> str:
    """The code in the one mail about ``number`` that carries a code line."""
    codes = [re.search(r"^\s*(\d{6})\s*$", _plain(m), re.MULTILINE)
             for m in inbox.wait_for(2) if number in str(m["Subject"])]  # fmt: skip
    (found,) = [c for c in codes if c is not None]
    return found.group(1)


def test_a_postcode_visitor_needs_the_emailed_code_to_redirect_the_parcel(
    shop: tuple[TestClient, Settings, Inbox], session_factory: sessionmaker[Session]
) -> None:
    client, settings, inbox = shop
    order = _order(session_factory)
    chat = _start(client)
    _say(client, chat, f"change the delivery address {order.number}")
    sent = _say(client, chat, "10119")
    assert "6-digit code to a•••@example.com" in sent
    relay_all(session_factory, settings)
    code = _code_from(inbox, order.number)
    assert {m["To"] for m in inbox.messages} == {"ana.lima@example.com"}

    assert "doesn't match" in _say(client, chat, "000000" if code != "000000" else "999999")
    assert "new delivery address" in _say(client, chat, code)
    assert "Evilweg 1, 10115 Berlin" in _say(client, chat, "Evilweg 1, 10115 Berlin")
    assert "will now be delivered to" in _say(client, chat, "yes")

    relay_all(session_factory, settings)
    told = inbox.wait_for(3)[-1]  # after the order confirmation and the code
    assert told["To"] == "ana.lima@example.com"
    assert order.number in str(told["Subject"])
    assert "Evilweg 1, 10115 Berlin" in _plain(told)


def test_a_link_from_the_track_lookup_reads_but_does_not_change(
    shop: tuple[TestClient, Settings, Inbox], session_factory: sessionmaker[Session]
) -> None:
    client, _settings, _inbox = shop
    order = _order(session_factory)
    found = client.post("/track", data={"number": order.number, "contact": "10119"},
                        follow_redirects=False)  # fmt: skip
    assert found.status_code == 303
    token = found.headers["location"].removeprefix("/t/").split("?")[0]
    chat = _start(client, tracking_token=token)
    asked = _say(client, chat, "please cancel my order")
    assert "6-digit code" in asked
    assert "Shall I cancel" not in asked
