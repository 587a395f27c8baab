"""A return started in the chat over HTTP (in Spanish) shows on the order's tracking page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlparse

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import returns
from opsdesk.assistant.chat import customer_token
from tests.factories.delivered import TUESDAY_AFTER, delivered_lamp_and_mug
from tests.factories.fulfilment import FixedClock


def _say(client: TestClient, chat: dict[str, Any], text: str) -> dict[str, Any]:
    response = client.post(f"/api/v1/chat/sessions/{chat['id']}/messages",
                           json={"text": text}, headers={"X-Chat-Token": chat["token"]})  # fmt: skip
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_a_return_started_in_spanish_chat_is_on_the_tracking_page(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    clock = FixedClock(TUESDAY_AFTER)
    client.app.state.clock = clock  # type: ignore[attr-defined]
    with session_factory() as session:
        shop_order = delivered_lamp_and_mug(session, "es-ES")
        session.commit()
    token = customer_token("test-secret-key", shop_order.customer_id)
    started = client.post("/api/v1/chat/sessions", json={"store": "demo", "customer_token": token})
    assert started.status_code == 201, started.text
    chat = started.json()

    asked = _say(client, chat, "Quiero devolver la lámpara, me queda pequeña")
    assert asked["intent"] == "start_return"
    assert "¿Inicio una devolución de 1 × Oak desk lamp" in asked["replies"][0]["body"]
    clock.now += timedelta(seconds=20)
    done = _say(client, chat, "sí")
    reply = done["replies"][0]
    with session_factory() as session:
        [rma] = returns.returns_for_order(session, shop_order.order_id)
    assert f"su devolución {rma.number}" in reply["body"]
    [link] = reply["links"]
    assert link["kind"] == "return"

    page = client.get(urlparse(link["url"]).path)
    assert page.status_code == 200
    assert rma.number in page.text
