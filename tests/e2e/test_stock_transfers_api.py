"""Transfers over the REST API: create (201, Location, Idempotency-Key), dispatch, receive,
and the conflicts and refusals in the API's error shape."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.factories.catalog import make_variant
from tests.factories.inventory import make_warehouse, receive_stock


@pytest.fixture
def sites(session_factory: sessionmaker[Session]) -> tuple[int, int]:
    with session_factory() as session, session.begin():
        make_variant(session, "MUG-BLUE")
        hamburg, munich = make_warehouse(session, "HAM"), make_warehouse(session, "MUC")
        receive_stock(session, "MUG-BLUE", hamburg, 5)
    return hamburg, munich


def body(source: int, target: int, quantity: int = 2) -> dict[str, object]:
    return {"from_warehouse_id": source, "to_warehouse_id": target, "expected_date": "2026-12-20",
            "lines": [{"sku": "MUG-BLUE", "quantity": quantity}]}  # fmt: skip


def test_a_transfer_through_its_steps(
    client: TestClient, operations_headers: dict[str, str], sites: tuple[int, int]
) -> None:
    hamburg, munich = sites
    headers = operations_headers | {"Idempotency-Key": "tr-1"}
    made = client.post("/api/v1/transfers", json=body(hamburg, munich), headers=headers)
    assert made.status_code == 201, made.text
    assert made.headers["location"] == f"/api/v1/transfers/{made.json()['id']}"
    again = client.post("/api/v1/transfers", json=body(hamburg, munich), headers=headers)
    assert again.status_code == 201
    assert again.json()["id"] == made.json()["id"]
    assert again.headers["location"] == made.headers["location"]
    path = made.headers["location"]
    sent = client.post(f"{path}/dispatch", headers=operations_headers)
    assert sent.json()["status"] == "in_transit"
    twice = client.post(f"{path}/dispatch", headers=operations_headers)
    assert twice.status_code == 409
    assert twice.json()["error"]["code"] == "illegal_transition"
    stock = client.get("/api/v1/stock/MUG-BLUE", headers=operations_headers).json()
    assert stock["totals"]["on_hand"] == 3
    got = client.post(f"{path}/receive", headers=operations_headers)
    assert got.json()["status"] == "received"
    assert got.json()["received_at"]
    listed = client.get("/api/v1/transfers?status=received", headers=operations_headers).json()
    assert [t["id"] for t in listed["items"]] == [made.json()["id"]]


def test_refusals_name_what_is_wrong(
    client: TestClient,
    operations_headers: dict[str, str],
    agent_headers: dict[str, str],
    sites: tuple[int, int],
) -> None:
    hamburg, munich = sites
    same = client.post("/api/v1/transfers", json=body(hamburg, hamburg), headers=operations_headers)
    assert same.status_code == 422
    assert "two different warehouses" in same.text
    by_agent = client.post("/api/v1/transfers", json=body(hamburg, munich), headers=agent_headers)
    assert by_agent.status_code == 403
    too_many = client.post("/api/v1/transfers", json=body(hamburg, munich, 9),
                           headers=operations_headers)  # fmt: skip
    short = client.post(f"{too_many.headers['location']}/dispatch", headers=operations_headers)
    assert short.status_code == 409
    assert short.json()["error"]["details"] == {"sku": "MUG-BLUE", "requested": 9, "available": 5}
    assert client.get("/api/v1/transfers/999", headers=agent_headers).status_code == 404
