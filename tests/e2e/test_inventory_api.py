"""Warehouses, stock, adjustments, purchase orders and receipts over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import catalog, inventory
from tests.factories.catalog import product_payload
from tests.factories.inventory import NOWHERE, allocation_lines, make_order

Headers = dict[str, str]


@pytest.fixture
def stocked(client: TestClient, admin_headers: Headers) -> dict[str, Any]:
    """A mug in Hamburg: 5 on hand."""
    client.post("/api/v1/products", json=product_payload(), headers=admin_headers)
    warehouse = client.post(
        "/api/v1/warehouses",
        json={"code": "HAM", "name": "Hamburg", "region": "HH", "country": "DE",
              "latitude": 53.55, "longitude": 9.99, "priority": 1},
        headers=admin_headers,
    )  # fmt: skip
    assert warehouse.status_code == 201, warehouse.text
    adjusted = client.post(
        "/api/v1/stock/adjustments",
        json={"sku": "MUG-BLUE", "warehouse_id": warehouse.json()["id"], "delta": 5,
              "reason": "opening count"},
        headers=admin_headers,
    )  # fmt: skip
    assert adjusted.status_code == 201, adjusted.text
    return {"warehouse_id": warehouse.json()["id"], "location": warehouse.headers["location"]}


def test_warehouses_are_created_listed_and_patched(
    client: TestClient, stocked: dict[str, Any], operations_headers: Headers, agent_headers: Headers
) -> None:
    listed = client.get("/api/v1/warehouses", headers=agent_headers).json()
    assert [w["code"] for w in listed] == ["HAM"]
    patched = client.patch(
        stocked["location"], json={"priority": 7, "active": False}, headers=operations_headers
    )
    assert (patched.json()["priority"], patched.json()["active"]) == (7, False)
    duplicate = client.post(
        "/api/v1/warehouses", json={"code": "HAM", "name": "Again"}, headers=operations_headers
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["details"]["value"] == "HAM"
    half = client.patch(stocked["location"], json={"latitude": None}, headers=operations_headers)
    assert half.status_code == 422
    assert (
        client.patch("/api/v1/warehouses/9999", json={}, headers=operations_headers).status_code
        == 404
    )
    lone = {"code": "X1", "name": "x", "latitude": 10.0}
    assert (
        client.post("/api/v1/warehouses", json=lone, headers=operations_headers).status_code == 422
    )
    refused = client.post(
        "/api/v1/warehouses", json={"code": "A", "name": "a"}, headers=agent_headers
    )
    assert refused.status_code == 403


def test_stock_shows_per_warehouse_figures_and_totals(
    client: TestClient, stocked: dict[str, Any], agent_headers: Headers
) -> None:
    read = client.get("/api/v1/stock/MUG-BLUE", headers=agent_headers)
    assert read.status_code == 200
    body = read.json()
    assert body["warehouses"][0] | {"incoming": []} == {
        "warehouse_id": stocked["warehouse_id"], "warehouse_code": "HAM", "on_hand": 5,
        "reserved": 0, "available": 5, "incoming": [], "in_transit": [],
    }  # fmt: skip
    assert body["totals"]["available"] == 5
    assert client.get("/api/v1/stock/NOPE", headers=agent_headers).status_code == 404


def test_an_agent_cannot_adjust_stock(
    client: TestClient, stocked: dict[str, Any], agent_headers: Headers
) -> None:
    response = client.post(
        "/api/v1/stock/adjustments",
        json={"sku": "MUG-BLUE", "warehouse_id": stocked["warehouse_id"], "delta": -1,
              "reason": "x"},
        headers=agent_headers,
    )  # fmt: skip
    assert response.status_code == 403
    assert (
        client.get("/api/v1/stock/MUG-BLUE", headers=agent_headers).json()["totals"]["on_hand"] == 5
    )


def test_an_adjustment_below_zero_is_409_with_what_was_short(
    client: TestClient, stocked: dict[str, Any], operations_headers: Headers
) -> None:
    body = {"sku": "MUG-BLUE", "warehouse_id": stocked["warehouse_id"], "delta": -8,
            "reason": "count"}  # fmt: skip
    response = client.post("/api/v1/stock/adjustments", json=body, headers=operations_headers)
    assert response.status_code == 409
    details = response.json()["error"]["details"]
    assert (details["requested"], details["available"]) == (8, 5)
    for bad in ({**body, "delta": 0}, {**body, "reason": ""}, {**body, "delta": "many"}):
        assert (
            client.post(
                "/api/v1/stock/adjustments", json=bad, headers=operations_headers
            ).status_code
            == 422
        )


def test_a_retried_adjustment_with_the_same_key_is_booked_once(
    client: TestClient, stocked: dict[str, Any], operations_headers: Headers
) -> None:
    body = {"sku": "MUG-BLUE", "warehouse_id": stocked["warehouse_id"], "delta": 2,
            "reason": "found behind the shelf"}  # fmt: skip
    headers = {**operations_headers, "Idempotency-Key": "count-2026-03-02"}
    first = client.post("/api/v1/stock/adjustments", json=body, headers=headers)
    second = client.post("/api/v1/stock/adjustments", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert client.get("/api/v1/stock/MUG-BLUE", headers=headers).json()["totals"]["on_hand"] == 7


def test_purchase_order_then_partial_and_over_receipts(
    client: TestClient, stocked: dict[str, Any], operations_headers: Headers
) -> None:
    created = client.post(
        "/api/v1/purchase-orders",
        json={"number": "PO-1001", "supplier": "Faience & Co",
              "warehouse_id": stocked["warehouse_id"], "expected_date": "2026-03-20",
              "lines": [{"sku": "MUG-BLUE", "quantity": 10}]},
        headers=operations_headers,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    po = created.json()
    assert created.headers["location"] == f"/api/v1/purchase-orders/{po['id']}"
    incoming = client.get("/api/v1/stock/MUG-BLUE", headers=operations_headers).json()
    assert incoming["totals"]["incoming"] == 10

    receipts = f"/api/v1/purchase-orders/{po['id']}/receipts"
    part = client.post(receipts, json={"lines": [{"sku": "MUG-BLUE", "quantity": 4}]},
                       headers=operations_headers)  # fmt: skip
    assert part.status_code == 201
    assert (part.json()["status"], part.json()["received"]) == (
        "partially_received",
        {"MUG-BLUE": 4},
    )
    over = client.post(receipts, json={"lines": [{"sku": "MUG-BLUE", "quantity": 7}]},
                       headers=operations_headers)  # fmt: skip
    assert over.status_code == 409
    assert over.json()["error"]["details"]["outstanding"] == 6

    listed = client.get(
        "/api/v1/purchase-orders?status=partially_received", headers=operations_headers
    )
    assert [p["number"] for p in listed.json()["items"]] == ["PO-1001"]
    stock = client.get("/api/v1/stock/MUG-BLUE", headers=operations_headers).json()["totals"]
    assert (stock["on_hand"], stock["incoming"]) == (9, 6)


def test_purchase_order_errors(
    client: TestClient, stocked: dict[str, Any], operations_headers: Headers, agent_headers: Headers
) -> None:
    base = {"supplier": "S", "warehouse_id": stocked["warehouse_id"],
            "expected_date": "2026-03-20", "lines": [{"sku": "MUG-BLUE", "quantity": 1}]}  # fmt: skip
    post = "/api/v1/purchase-orders"
    assert client.post(post, json=base, headers=agent_headers).status_code == 403
    assert (
        client.post(
            post, json={**base, "warehouse_id": 999}, headers=operations_headers
        ).status_code
        == 404
    )
    unknown = {**base, "lines": [{"sku": "NOPE", "quantity": 1}]}
    assert client.post(post, json=unknown, headers=operations_headers).status_code == 404
    zero = {**base, "lines": [{"sku": "MUG-BLUE", "quantity": 0}]}
    assert client.post(post, json=zero, headers=operations_headers).status_code == 422
    first = client.post(post, json={**base, "number": "PO-7"}, headers=operations_headers)
    assert first.status_code == 201
    again = client.post(post, json={**base, "number": "PO-7"}, headers=operations_headers)
    assert again.status_code == 409
    assert client.get("/api/v1/purchase-orders/999", headers=agent_headers).status_code == 404
    missing = client.post(
        "/api/v1/purchase-orders/999/receipts",
        json={"lines": [{"sku": "MUG-BLUE", "quantity": 1}]}, headers=operations_headers,
    )  # fmt: skip
    assert missing.status_code == 404


def test_an_agent_sees_where_an_order_is_reserved(
    client: TestClient,
    stocked: dict[str, Any],
    agent_headers: Headers,
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session, session.begin():
        variant_id = catalog.get_variant(session, "MUG-BLUE").id
        order = make_order(session, {variant_id: 2})
        inventory.allocate(
            session, order_id=order.id, lines=allocation_lines(order), destination=NOWHERE,
            strategy="priority", actor="test",
        )  # fmt: skip
    response = client.get(f"/api/v1/reservations?order_id={order.id}", headers=agent_headers)
    assert response.status_code == 200
    assert [
        (r["sku"], r["warehouse_code"], r["quantity"], r["status"]) for r in response.json()
    ] == [("MUG-BLUE", "HAM", 2, "active")]
    assert client.get("/api/v1/reservations", headers=agent_headers).status_code == 422
