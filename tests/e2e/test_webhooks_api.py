"""Webhook endpoints over HTTP: signatures, error shape, replays, carrier updates."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import orders
from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.integrations import signatures
from opsdesk.shipping.models import UnmatchedTrackingUpdate
from tests.factories.catalog import make_product
from tests.factories.inventory import make_warehouse, receive_stock

SHOPIFY = "/api/v1/webhooks/shopify"
EASYPOST = "/api/v1/webhooks/easypost"


def stock_shopify_order(session_factory: sessionmaker[Session], units: int) -> None:
    """The shared Shopify order's SKUs, with ``units`` of each in one warehouse."""
    skus = ("IPOD2008GREEN", "IPOD2008RED", "IPOD2008BLACK")
    with session_factory() as session, session.begin():
        make_product(session, "ipod-nano", skus=skus)
        warehouse = make_warehouse(session, "LOU", region="KY", country="US")
        for sku in skus:
            receive_stock(session, sku, warehouse, units)


@pytest.fixture
def order_bytes(shared_data: Path, session_factory: sessionmaker[Session]) -> bytes:
    stock_shopify_order(session_factory, 20)
    body = json.loads((shared_data / "shopify" / "order.json").read_text())["order"]
    return json.dumps(body).encode()


def signed_headers(
    body: bytes,
    *,
    topic: str = "orders/create",
    webhook_id: str = "wh-1",
    secret: str = "test-shopify-secret",
) -> dict[str, str]:
    """Headers of a Shopify webhook whose body is signed with ``secret``."""
    return {
        "Content-Type": "application/json",
        "X-Shopify-Topic": topic,
        "X-Shopify-Webhook-Id": webhook_id,
        "X-Shopify-Hmac-Sha256": signatures.shopify_signature(secret, body),
    }


def _shopify_order_count(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        query = sa.select(sa.func.count()).where(orders.Order.channel == "shopify")
        return session.scalar(query) or 0


def test_a_signed_order_webhook_creates_the_order(
    client: TestClient, order_bytes: bytes, session_factory: sessionmaker[Session]
) -> None:
    response = client.post(SHOPIFY, content=order_bytes, headers=signed_headers(order_bytes))

    assert response.status_code == 200, response.text
    ack = response.json()
    assert ack["status"] == "processed"
    with session_factory() as session:
        assert orders.read_order(session, ack["order_id"]).number == "1001"


@pytest.mark.parametrize("signature", ["bad", None])
def test_a_wrong_or_missing_signature_is_401_and_changes_nothing(
    client: TestClient,
    order_bytes: bytes,
    session_factory: sessionmaker[Session],
    signature: str | None,
) -> None:
    headers = signed_headers(order_bytes)
    if signature is None:
        del headers["X-Shopify-Hmac-Sha256"]
    else:
        headers["X-Shopify-Hmac-Sha256"] = signature

    response = client.post(SHOPIFY, content=order_bytes, headers=headers)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "bad_signature"
    assert _shopify_order_count(session_factory) == 0


def test_a_body_signed_with_another_secret_is_refused(
    client: TestClient, order_bytes: bytes
) -> None:
    headers = signed_headers(order_bytes, secret="someone-else")
    assert client.post(SHOPIFY, content=order_bytes, headers=headers).status_code == 401


def test_ten_concurrent_replays_over_http_create_one_order(
    client: TestClient, order_bytes: bytes, session_factory: sessionmaker[Session]
) -> None:
    headers = signed_headers(order_bytes, webhook_id="wh-race")
    with ThreadPoolExecutor(max_workers=10) as pool:
        responses = list(
            pool.map(
                lambda _: client.post(SHOPIFY, content=order_bytes, headers=headers), range(10)
            )
        )

    assert [r.status_code for r in responses] == [200] * 10
    assert sorted(r.json()["status"] for r in responses) == ["duplicate"] * 9 + ["processed"]
    assert _shopify_order_count(session_factory) == 1


def test_malformed_json_with_a_good_signature_is_422(client: TestClient) -> None:
    body = b"{not json"
    response = client.post(SHOPIFY, content=body, headers=signed_headers(body))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"currency": "XXX"}, "currency"),
        ({"currency": "XTS"}, "currency"),
        ({"line_items.0.quantity": "2"}, "line_items.0.quantity"),
        ({"line_items.0.quantity": 2.0}, "line_items.0.quantity"),
    ],
)
def test_a_signed_order_with_a_lenient_value_is_422_naming_it(
    client: TestClient,
    order_bytes: bytes,
    session_factory: sessionmaker[Session],
    change: dict[str, object],
    field: str,
) -> None:
    """Once ``XXX`` ("no currency") and a quantity sent as the text "2" were taken."""
    order = json.loads(order_bytes)
    for path, value in change.items():
        *parents, last = path.split(".")
        target = order
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    body = json.dumps(order).encode()

    response = client.post(SHOPIFY, content=body, headers=signed_headers(body))

    assert response.status_code == 422, response.text
    fields = [e["field"] for e in response.json()["error"]["details"]["errors"]]
    assert fields == [field]
    assert _shopify_order_count(session_factory) == 0


def _nested(levels: int) -> bytes:
    return b'{"id": 1, "note_attributes": ' + b"[" * levels + b"]" * levels + b"}"


@pytest.mark.parametrize("levels", [40, 5000])
def test_deeply_nested_json_with_a_good_signature_is_422_not_500(
    client: TestClient, levels: int
) -> None:
    """5,000 levels once took the parser past Python's recursion limit: a 500."""
    body = _nested(levels)
    shopify = client.post(SHOPIFY, content=body, headers=signed_headers(body))
    easypost = client.post(EASYPOST, content=body, headers=easypost_headers(body))

    for response in (shopify, easypost):
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["message"] == "the webhook body nests deeper than 32 levels"
        assert error["details"]["max_depth"] == 32


def test_an_unhandled_topic_is_acknowledged_as_ignored(client: TestClient) -> None:
    body = b'{"id": 1}'
    headers = signed_headers(body) | {"X-Shopify-Topic": "products/create"}
    response = client.post(SHOPIFY, content=body, headers=headers)
    assert response.status_code == 200
    assert response.json()["status"] == "ignored"


def test_easypost_update_for_an_unknown_parcel_is_kept_for_review(
    client: TestClient, shared_data: Path, session_factory: sessionmaker[Session]
) -> None:
    body = (shared_data / "easypost" / "tracking_webhook_response.json").read_bytes()
    headers = easypost_headers(body)
    response = client.post(EASYPOST, content=body, headers=headers)
    replay = client.post(EASYPOST, content=body, headers=headers)

    assert response.status_code == 200, response.text
    assert "unknown tracking number EZ4000000004" in response.json()["outcome"]
    assert replay.json()["status"] == "duplicate"
    with session_factory() as session:
        kept = session.scalars(sa.select(UnmatchedTrackingUpdate)).one()
    assert (kept.tracking_number, kept.carrier) == ("EZ4000000004", "UPS")
    assert len(kept.payload["events"]) == 6


def easypost_headers(body: bytes, secret: str = "test-easypost-secret") -> dict[str, str]:
    """Headers of an EasyPost delivery signed with the test settings' carrier secret."""
    return {
        "Content-Type": "application/json",
        "X-Hmac-Signature": signatures.easypost_signature(secret, body),
    }


@pytest.fixture
def signed_client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    app = create_app(
        settings.model_copy(update={"carrier_webhook_secret": "ep-secret"}), engine=engine
    )
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_easypost_with_a_secret_demands_its_signature(
    signed_client: TestClient, shared_data: Path
) -> None:
    body = (shared_data / "easypost" / "event-body.json").read_bytes()
    unsigned = signed_client.post(EASYPOST, content=body)
    signed = signed_client.post(
        EASYPOST,
        content=body,
        headers={"X-Hmac-Signature": signatures.easypost_signature("ep-secret", body)},
    )
    assert unsigned.status_code == 401
    assert unsigned.json()["error"]["code"] == "bad_signature"
    assert signed.status_code == 200, signed.text
    assert signed.json()["status"] == "processed"


def _app_without_carrier_secret(settings: Settings, engine: Engine, *, allow: bool) -> TestClient:
    changed = {"carrier_webhook_secret": "", "allow_unsigned_carrier_webhooks": allow}
    return TestClient(create_app(settings.model_copy(update=changed), engine=engine))


def test_without_a_secret_an_unsigned_delivered_event_is_refused_and_changes_nothing(
    settings: Settings, engine: Engine, shared_data: Path, session_factory: sessionmaker[Session]
) -> None:
    body = (shared_data / "easypost" / "tracking_webhook_response.json").read_bytes()
    with _app_without_carrier_secret(settings, engine, allow=False) as open_door:
        refused = open_door.post(EASYPOST, content=body)
    assert refused.status_code == 401
    assert "no webhook secret is configured" in refused.json()["error"]["message"]
    with session_factory() as session:
        assert session.scalars(sa.select(UnmatchedTrackingUpdate)).all() == []


def test_unsigned_carrier_events_need_the_explicit_local_development_switch(
    settings: Settings, engine: Engine, shared_data: Path
) -> None:
    body = (shared_data / "easypost" / "tracking_webhook_response.json").read_bytes()
    with _app_without_carrier_secret(settings, engine, allow=True) as local:
        accepted = local.post(EASYPOST, content=body)
    assert accepted.status_code == 200, accepted.text
