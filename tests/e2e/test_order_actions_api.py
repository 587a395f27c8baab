"""Order actions over HTTP: address change, shipping upgrade, reshipments, line cancels."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import orders
from tests.factories.customers import berlin_address
from tests.factories.fulfilment import shipped_order
from tests.factories.orders import MUG, TEE, order_payload

Headers = dict[str, str]
ORDERS = "/api/v1/orders"
MUNICH = berlin_address(line1="Marienplatz 8", city="München", region="BY", postal_code="80331")


def _place(client: TestClient, headers: Headers, lines: dict[str, int]) -> dict[str, Any]:
    response = client.post(ORDERS, json=order_payload(lines), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def shipped(session_factory: sessionmaker[Session]) -> dict[str, int]:
    """The shop, and an order of two mugs handed to the carrier: its id and its line's id."""
    with session_factory() as s, s.begin():
        picking, _shipment = shipped_order(s)
        (line,) = orders.read_order(s, picking.order_id).lines
        return {"order_id": picking.order_id, "line_id": line.id}


@pytest.fixture
def placed(
    client: TestClient, operations_headers: Headers, shipped: dict[str, int]
) -> dict[str, Any]:
    """An allocated order of one mug and one tee, placed now in the same shop."""
    return _place(client, operations_headers, {MUG: 1, TEE: 1})


def _error(response: Any) -> dict[str, Any]:
    return response.json()["error"]


def test_an_agent_changes_the_shipping_address_before_shipping(
    client: TestClient, agent_headers: Headers, placed: dict[str, Any]
) -> None:
    url = f"{ORDERS}/{placed['id']}/shipping-address"
    response = client.patch(url, json=MUNICH | {"reason": "customer moved"}, headers=agent_headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["shipping_address"]["city"] == "München"
    assert body["shipping_address"]["line1"] == "Marienplatz 8"
    assert body["timeline"][-1]["summary"].startswith(
        "Shipping address changed from Berlin (10119) to München (80331) by agent:test-agent: "
        "customer moved"
    )
    assert body["promised_delivery_date"] > placed["promised_delivery_date"]  # a longer lane


def test_address_changes_name_the_bad_field_the_missing_order_and_the_shipped_status(
    client: TestClient, agent_headers: Headers, placed: dict[str, Any], shipped: dict[str, int]
) -> None:
    incomplete = {k: v for k, v in MUNICH.items() if k != "city"}
    bad = client.patch(f"{ORDERS}/{placed['id']}/shipping-address", json=incomplete,
                       headers=agent_headers)  # fmt: skip
    assert bad.status_code == 422
    assert [e["field"] for e in _error(bad)["details"]["errors"]] == ["city"]

    missing = client.patch(f"{ORDERS}/999999/shipping-address", json=MUNICH, headers=agent_headers)
    assert missing.status_code == 404

    late = client.patch(f"{ORDERS}/{shipped['order_id']}/shipping-address", json=MUNICH,
                        headers=agent_headers)  # fmt: skip
    assert late.status_code == 409
    assert _error(late)["code"] == "illegal_transition"
    assert _error(late)["details"]["status"] == "shipped"
    assert "contact the carrier" in _error(late)["message"]

    anonymous = client.patch(f"{ORDERS}/{placed['id']}/shipping-address", json=MUNICH)
    assert anonymous.status_code == 401


def test_a_postal_code_is_checked_against_the_addresss_country(
    client: TestClient, agent_headers: Headers, placed: dict[str, Any]
) -> None:
    url = f"{ORDERS}/{placed['id']}/shipping-address"
    cork = {"line1": "5 Main Street", "city": "Cork", "country": "IE"}
    wrong = client.patch(url, json=cork | {"postal_code": "80331"}, headers=agent_headers)
    assert wrong.status_code == 422
    assert _error(wrong)["details"]["field"] == "postal_code"
    assert "80331 is not a postal code in IE (for example A65 F4E2)" in _error(wrong)["message"]

    right = client.patch(url, json=cork | {"postal_code": "t12ab34"}, headers=agent_headers)
    assert right.status_code == 200, right.text
    assert right.json()["shipping_address"]["postal_code"] == "T12 AB34"


def test_an_upgrade_to_express_promises_an_earlier_day_and_adds_the_charge(
    client: TestClient, agent_headers: Headers, placed: dict[str, Any]
) -> None:
    url = f"{ORDERS}/{placed['id']}/shipping-upgrade"
    response = client.post(url, json={"service_level": "express", "charge_minor": 990},
                           headers=agent_headers)  # fmt: skip

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["service_level"] == "express"
    assert body["promised_delivery_date"] < placed["promised_delivery_date"]
    assert body["total_minor"] == placed["total_minor"] + 990
    assert body["timeline"][-1]["summary"].startswith(
        "Shipping upgraded to express by agent:test-agent for €9.90 — new promised date "
    )


def test_upgrades_refuse_slower_levels_unknown_orders_and_shipped_parcels(
    client: TestClient, agent_headers: Headers, placed: dict[str, Any], shipped: dict[str, int]
) -> None:
    def upgrade(order_id: int, body: dict[str, Any]) -> Any:
        return client.post(f"{ORDERS}/{order_id}/shipping-upgrade", json=body,
                           headers=agent_headers)  # fmt: skip

    slower = upgrade(placed["id"], {"service_level": "economy"})
    assert slower.status_code == 422
    assert _error(slower)["details"]["errors"][0]["field"] == "service_level"
    unknown = upgrade(placed["id"], {"service_level": "teleport"})
    assert unknown.status_code == 422
    assert _error(unknown)["details"]["errors"][0]["field"] == "service_level"
    assert upgrade(999999, {"service_level": "express"}).status_code == 404
    late = upgrade(shipped["order_id"], {"service_level": "express"})
    assert late.status_code == 409
    assert "it is shipped" in _error(late)["message"]


def test_a_reshipment_creates_the_replacement_once_per_idempotency_key(
    client: TestClient, agent_headers: Headers, shipped: dict[str, int]
) -> None:
    url = f"{ORDERS}/{shipped['order_id']}/reshipments"
    body = {"lines": [{"order_line_id": shipped["line_id"], "quantity": 1}], "reason": "lost"}
    headers = agent_headers | {"Idempotency-Key": "ticket-77-reship"}

    first = client.post(url, json=body, headers=headers)
    again = client.post(url, json=body, headers=headers)

    assert (first.status_code, again.status_code) == (201, 201), first.text
    replacement = first.json()
    assert first.headers["location"] == f"{ORDERS}/{replacement['id']}"
    assert again.json() == replacement
    assert (replacement["channel"], replacement["replaces_order_id"]) == (
        "replacement", shipped["order_id"],
    )  # fmt: skip
    assert replacement["reservations"][0]["reservations"][0]["quantity"] == 1
    original = client.get(f"{ORDERS}/{shipped['order_id']}", headers=agent_headers).json()
    reships = [e for e in original["timeline"] if e["kind"] == "order.reshipped"]
    assert [e["data"]["replacement_number"] for e in reships] == [replacement["number"]]

    reused = client.post(url, json=body | {"reason": "damaged"}, headers=headers)
    assert reused.status_code == 409
    assert _error(reused)["code"] == "idempotency_key_reused"


def test_reshipments_name_bad_fields_and_refuse_unshipped_orders(
    client: TestClient, agent_headers: Headers, placed: dict[str, Any], shipped: dict[str, int]
) -> None:
    def reship(order_id: int, body: dict[str, Any]) -> Any:
        return client.post(f"{ORDERS}/{order_id}/reshipments", json=body, headers=agent_headers)

    line = {"order_line_id": shipped["line_id"], "quantity": 1}
    bad_reason = reship(shipped["order_id"], {"lines": [line], "reason": "bored"})
    assert bad_reason.status_code == 422
    assert [e["field"] for e in _error(bad_reason)["details"]["errors"]] == ["reason"]
    too_many = reship(shipped["order_id"], {"lines": [line | {"quantity": 3}], "reason": "lost"})
    assert too_many.status_code == 422
    assert _error(too_many)["details"]["errors"][0]["field"] == f"lines.{shipped['line_id']}"
    assert reship(999999, {"lines": [line], "reason": "lost"}).status_code == 404

    mug_line = placed["lines"][0]["id"]
    early = reship(placed["id"], {"lines": [{"order_line_id": mug_line, "quantity": 1}],
                                  "reason": "lost"})  # fmt: skip
    assert early.status_code == 409
    assert _error(early)["details"]["status"] == "allocated"
    assert "it is allocated" in _error(early)["message"]
    assert client.post(f"{ORDERS}/{placed['id']}/reshipments", json={}).status_code == 401


def test_cancelling_one_line_says_which_and_releases_only_its_stock(
    client: TestClient, agent_headers: Headers, placed: dict[str, Any]
) -> None:
    tee = next(ln["id"] for ln in placed["lines"] if ln["sku"] == TEE)
    url = f"{ORDERS}/{placed['id']}/cancel"

    response = client.post(url, json={"reason": "customer request", "line_ids": [tee]},
                           headers=agent_headers)  # fmt: skip

    assert response.status_code == 200
    body = response.json()
    assert body["timeline"][-1]["summary"] == (
        f"Cancelled 1 × {TEE} by agent:test-agent: customer request"
    )
    assert body["timeline"][-1]["data"]["order_line_ids"] == [tee]
    held = {r["sku"]: r["status"] for w in body["reservations"] for r in w["reservations"]}
    assert held == {MUG: "active", TEE: "released"}
    unknown = client.post(url, json={"reason": "x", "line_ids": [999999]}, headers=agent_headers)
    assert unknown.status_code == 422
