"""``GET /api/v1/stock/{sku}`` counts a transfer on its way as dated incoming stock at the
warehouse it travels to, as the Stock screen does, and stops counting it once received."""

from __future__ import annotations

from typing import Any

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


def by_code(stock: dict[str, Any]) -> dict[str, dict[str, Any]]:
    rows = stock["warehouses"]
    assert isinstance(rows, list)
    return {row["warehouse_code"]: row for row in rows}


def test_a_transfer_in_transit_is_dated_incoming_at_its_destination_until_received(
    client: TestClient, operations_headers: dict[str, str], agent_headers: dict[str, str],
    sites: tuple[int, int],
) -> None:  # fmt: skip
    hamburg, munich = sites
    made = client.post("/api/v1/transfers", headers=operations_headers, json={
        "from_warehouse_id": hamburg, "to_warehouse_id": munich, "expected_date": "2026-12-20",
        "lines": [{"sku": "MUG-BLUE", "quantity": 2}],
    })  # fmt: skip
    path = made.headers["location"]
    planned = client.get("/api/v1/stock/MUG-BLUE", headers=agent_headers).json()
    assert planned["totals"]["incoming"] == 0  # not on its way until dispatched
    client.post(f"{path}/dispatch", headers=operations_headers).raise_for_status()

    moving = client.get("/api/v1/stock/MUG-BLUE", headers=agent_headers).json()
    assert (moving["totals"]["on_hand"], moving["totals"]["incoming"]) == (3, 2)
    munich_row = by_code(moving)["MUC"]
    assert munich_row["on_hand"] == 0
    assert munich_row["incoming"] == []
    [trip] = munich_row["in_transit"]
    assert (trip["quantity"], trip["expected_date"], trip["warehouse_id"]) == (
        2, "2026-12-20", munich,
    )  # fmt: skip
    assert trip["number"] == made.json()["number"]
    assert by_code(moving)["HAM"]["in_transit"] == []

    client.post(f"{path}/receive", headers=operations_headers).raise_for_status()
    arrived = client.get("/api/v1/stock/MUG-BLUE", headers=agent_headers).json()
    assert (arrived["totals"]["on_hand"], arrived["totals"]["incoming"]) == (5, 0)
    assert by_code(arrived)["MUC"]["in_transit"] == []


def test_an_unknown_sku_is_a_404(client: TestClient, agent_headers: dict[str, str]) -> None:
    answer = client.get("/api/v1/stock/NOPE-1", headers=agent_headers)
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"
