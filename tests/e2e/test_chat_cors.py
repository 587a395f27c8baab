"""The chat API answers the shop's pages from another origin, and nothing else does."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from opsdesk.app import create_app
from opsdesk.config import Settings

SHOP = "https://shop.example.com"
STRANGER = "https://evil.example.net"


@pytest.fixture
def shop_client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    configured = settings.model_copy(update={"chat_allowed_origins": f" {SHOP}/ , "})
    with TestClient(create_app(configured, engine=engine)) as client:
        yield client


def _preflight(
    client: TestClient, origin: str, path: str = "/api/v1/chat/sessions"
) -> httpx.Response:
    return client.options(path, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, x-chat-token",
    })  # fmt: skip


def test_the_shops_origin_may_start_a_chat_and_send_its_token(shop_client: TestClient) -> None:
    allowed = _preflight(shop_client, SHOP)
    assert allowed.status_code == 200
    headers = allowed.headers
    assert headers["access-control-allow-origin"] == SHOP
    assert "x-chat-token" in headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in headers

    started = shop_client.post("/api/v1/chat/sessions", json={"store": "demo"},
                               headers={"Origin": SHOP})  # fmt: skip
    assert started.status_code == 201
    assert started.headers["access-control-allow-origin"] == SHOP
    assert "Origin" in started.headers["vary"]


def test_other_origins_and_other_endpoints_get_no_cross_origin_answer(
    shop_client: TestClient,
) -> None:
    refused = _preflight(shop_client, STRANGER)
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers
    started = shop_client.post("/api/v1/chat/sessions", json={"store": "demo"},
                               headers={"Origin": STRANGER})  # fmt: skip
    assert "access-control-allow-origin" not in started.headers

    # The rest of the API stays same-origin, even for the shop.
    outside = _preflight(shop_client, SHOP, "/api/v1/orders")
    assert "access-control-allow-origin" not in outside.headers
    health = shop_client.get("/healthz", headers={"Origin": SHOP})
    assert "access-control-allow-origin" not in health.headers


def test_without_configured_origins_the_chat_api_is_same_origin_only(client: TestClient) -> None:
    answer = _preflight(client, SHOP)
    assert "access-control-allow-origin" not in answer.headers
    assert Settings(chat_allowed_origins="").chat_origins() == []
    assert Settings(
        chat_allowed_origins="https://a.example/, https://b.example"
    ).chat_origins() == ["https://a.example", "https://b.example"]
