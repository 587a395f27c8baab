"""The chat and knowledge-base APIs over HTTP: tokens, turns, polling, handover, staff edits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.assistant.chat import customer_token
from tests.factories.fulfilment import FixedClock
from tests.factories.tracking import THURSDAY, TrackedOrder, late_order


def _late(factory: sessionmaker[Session]) -> TrackedOrder:
    with factory() as session:
        tracked = late_order(session)
        session.commit()
    return tracked


def _start(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post("/api/v1/chat/sessions", json={"store": "demo", **body})
    assert response.status_code == 201, response.text
    return dict(response.json())


def _say(client: TestClient, chat: dict[str, Any], text: str) -> dict[str, Any]:
    response = client.post(f"/api/v1/chat/sessions/{chat['id']}/messages",
                           json={"text": text}, headers={"X-Chat-Token": chat["token"]})  # fmt: skip
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_a_customer_tracks_an_order_then_asks_for_a_person_over_http(
    client: TestClient, session_factory: sessionmaker[Session], agent_headers: dict[str, str]
) -> None:
    client.app.state.clock = FixedClock(THURSDAY)  # type: ignore[attr-defined]
    tracked = _late(session_factory)
    chat = _start(client, locale="en-GB")
    assert "virtual assistant" in chat["messages"][0]["body"]

    asked = _say(client, chat, f"where is my order {tracked.number}")
    assert asked["intent"] == "track_order"
    answer = _say(client, chat, "ana.lima@example.com")
    body = answer["replies"][0]["body"]
    assert f"Order {tracked.number} is on its way" in body
    assert "running late" in body
    assert {link["kind"] for link in answer["replies"][0]["links"]} >= {"tracking", "carrier"}

    handed = _say(client, chat, "can I talk to a real person please")
    assert handed["handover"]["handed_over"] is True
    reference = handed["handover"]["ticket_reference"]
    ticket_id = int(reference.removeprefix("T-"))
    reply = client.post(f"/api/v1/tickets/{ticket_id}/messages", headers=agent_headers,
                        json={"body": "Hello Ana, I'm looking into your parcel now."})  # fmt: skip
    assert reply.status_code in (200, 201), reply.text

    polled = client.get(f"/api/v1/chat/sessions/{chat['id']}/messages",
                        params={"cursor": handed["cursor"]},
                        headers={"X-Chat-Token": chat["token"]})  # fmt: skip
    assert polled.status_code == 200
    assert [(m["role"], m["body"]) for m in polled.json()["messages"]] == [
        ("agent", "Hello Ana, I'm looking into your parcel now.")
    ]


def test_a_chat_cannot_be_read_or_written_with_another_chats_token(client: TestClient) -> None:
    mine, theirs = _start(client), _start(client)
    url = f"/api/v1/chat/sessions/{theirs['id']}/messages"
    wrong = {"X-Chat-Token": mine["token"]}
    assert client.get(url, headers=wrong).status_code == 403
    assert client.post(url, json={"text": "hi"}, headers=wrong).status_code == 403
    assert client.get(url, headers={"X-Chat-Token": "forged-token-value"}).status_code == 403
    assert client.get(url).status_code == 422
    empty = client.post(url, json={"text": ""}, headers={"X-Chat-Token": theirs["token"]})
    assert empty.status_code == 422


def test_a_brisk_conversation_is_never_refused(client: TestClient) -> None:
    """Twenty-four messages, one every five seconds: a quick typist, not a flood."""
    clock = FixedClock(THURSDAY)
    client.app.state.clock = clock  # type: ignore[attr-defined]
    chat = _start(client)
    for n in range(24):
        _say(client, chat, f"question number {n}")
        clock.now += timedelta(seconds=5)


def test_a_flood_is_refused_with_the_seconds_to_wait(client: TestClient) -> None:
    clock = FixedClock(THURSDAY)
    client.app.state.clock = clock  # type: ignore[attr-defined]
    chat = _start(client)
    url = f"/api/v1/chat/sessions/{chat['id']}/messages"
    headers = {"X-Chat-Token": chat["token"]}
    codes = []
    for _ in range(7):
        codes.append(client.post(url, json={"text": "hello"}, headers=headers).status_code)
        clock.now += timedelta(seconds=1)
    assert codes == [200] * 6 + [429]
    refused = client.post(url, json={"text": "hello"}, headers=headers)
    assert refused.json()["error"]["code"] == "rate_limited"
    # seven seconds in: the first of the six leaves the ten-second window in three
    assert refused.headers["Retry-After"] == "3"
    assert refused.json()["error"]["details"] == {"retry_after_seconds": 3}
    clock.now += timedelta(seconds=3)
    assert client.post(url, json={"text": "hello"}, headers=headers).status_code == 200
    history = client.get(url, headers=headers).json()["messages"]
    assert sum(m["role"] == "customer" for m in history) == 7  # refused ones were not kept


def test_a_signed_in_customer_is_greeted_by_name_and_needs_no_e_mail(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    client.app.state.clock = FixedClock(THURSDAY)  # type: ignore[attr-defined]
    tracked = _late(session_factory)
    with session_factory() as session:
        from opsdesk import orders

        customer_id = orders.read_order(session, tracked.order_id).customer_id
    assert customer_id is not None
    chat = _start(client, customer_token=customer_token("test-secret-key", customer_id))
    assert chat["messages"][0]["body"].startswith("Olá, Ana!")  # the customer's own locale
    answer = _say(client, chat, "Onde está o meu pedido?")
    assert f"O pedido {tracked.number} está a caminho" in answer["replies"][0]["body"]
    forged = client.post("/api/v1/chat/sessions", json={"customer_token": "x" * 20})
    assert forged.status_code == 403


def test_the_invoice_link_opens_a_printable_page(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    tracked = _late(session_factory)
    chat = _start(client)
    _say(client, chat, f"I need the invoice for {tracked.number}")
    answer = _say(client, chat, "ana.lima@example.com")
    link = next(x["url"] for x in answer["replies"][0]["links"] if x["kind"] == "invoice")
    page = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert page.status_code == 200
    assert tracked.number in page.text
    assert "MUG-BLUE" in page.text
    # Ana's locale is pt-BR: the page speaks Portuguese, not only its dates and amounts.
    assert '<html lang="pt">' in page.text
    for label in ("Faturado para", "Qtd.", "Frete", "Desconto", "Imprimir"):
        assert label in page.text
    assert ">Shipping<" not in page.text
    assert client.get("/chat/invoice/forged").status_code == 404


def test_staff_edit_the_knowledge_base_and_the_assistant_quotes_it(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    article = {"slug": "returns", "locale": "en", "title": "Returns",
               "body": "Send it back within 60 days, free of charge.",
               "intents": ["check_refund_policy"], "tags": ["Returns"]}  # fmt: skip
    created = client.post("/api/v1/kb/articles", json=article, headers=agent_headers)
    assert created.status_code == 201, created.text
    assert created.headers["Location"].endswith(f"/{created.json()['id']}")
    assert created.json()["tags"] == ["returns"]
    again = client.post("/api/v1/kb/articles", json=article, headers=agent_headers)
    assert again.status_code == 409
    bad = client.post("/api/v1/kb/articles", headers=agent_headers,
                      json={**article, "slug": "x", "intents": ["teleport"]})  # fmt: skip
    assert bad.status_code == 422
    assert client.post("/api/v1/kb/articles", json=article).status_code == 401

    chat = _start(client)
    answer = _say(client, chat, "what is your return policy?")
    assert "within 60 days" in answer["replies"][0]["body"]

    patched = client.patch(f"/api/v1/kb/articles/{created.json()['id']}", headers=agent_headers,
                           json={"body": "Send it back within 14 days."})  # fmt: skip
    assert patched.status_code == 200
    assert "within 14 days" in _say(client, chat, "return policy")["replies"][0]["body"]
    gone = client.delete(f"/api/v1/kb/articles/{created.json()['id']}", headers=agent_headers)
    assert gone.status_code == 204
    assert client.get("/api/v1/kb/articles", headers=agent_headers).json() == []
