from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.factories.fulfilment import Picking, shipped_order
from tests.factories.returns import first_line_id


def _shipped(factory: sessionmaker[Session]) -> tuple[Picking, int]:
    with factory() as session, session.begin():
        picking, _shipment = shipped_order(session)
        return picking, first_line_id(session, picking.order_id)


def test_a_return_from_request_to_refund_over_http(
    client: TestClient,
    session_factory: sessionmaker[Session],
    operations_headers: dict[str, str],
    agent_headers: dict[str, str],
) -> None:
    picking, line_id = _shipped(session_factory)
    body = {"order_id": picking.order_id, "reason": "damaged",
            "lines": [{"order_line_id": line_id, "quantity": 1}]}  # fmt: skip
    assert client.post("/api/v1/returns", json=body, headers=agent_headers).status_code == 403
    created = client.post("/api/v1/returns", json=body, headers=operations_headers)
    assert created.status_code == 201, created.text
    rma = created.json()
    base = f"/api/v1/returns/{rma['id']}"
    assert client.post(f"{base}/refund", json={}, headers=operations_headers).status_code == 409
    client.post(f"{base}/approve", json={}, headers=operations_headers)
    client.post(f"{base}/receive", json={"warehouse_id": picking.shop.berlin},
                headers=operations_headers)  # fmt: skip
    inspected = client.post(
        f"{base}/lines/{rma['lines'][0]['id']}/inspection",
        json={"disposition": "restock"},
        headers=operations_headers,
    )
    assert inspected.json()["status"] == "inspected"
    refund = client.post(f"{base}/refund", json={}, headers=operations_headers)
    assert refund.status_code == 201
    assert refund.json()["amount_minor"] == 1990
    read = client.get(base, headers=agent_headers).json()
    assert read["status"] == "refunded"
    refunds = client.get(f"/api/v1/orders/{picking.order_id}/refunds", headers=agent_headers)
    assert [r["return_id"] for r in refunds.json()] == [rma["id"]]


def test_returns_and_refunds_refuse_what_is_not_theirs_to_give(
    client: TestClient, session_factory: sessionmaker[Session], operations_headers: dict[str, str]
) -> None:
    picking, line_id = _shipped(session_factory)
    too_many = client.post(
        "/api/v1/returns",
        json={"order_id": picking.order_id, "reason": "late",
              "lines": [{"order_line_id": line_id, "quantity": 3}]},
        headers=operations_headers,
    )  # fmt: skip
    assert too_many.status_code == 409
    assert too_many.json()["error"]["details"]["returnable"] == 2
    bad_reason = client.post(
        "/api/v1/returns",
        json={"order_id": picking.order_id, "reason": "bored",
              "lines": [{"order_line_id": line_id, "quantity": 1}]},
        headers=operations_headers,
    )  # fmt: skip
    assert bad_reason.status_code == 422
    refunds = f"/api/v1/orders/{picking.order_id}/refunds"
    huge = client.post(refunds, json={"amount_minor": 10**9, "currency": "EUR"},
                       headers=operations_headers)  # fmt: skip
    assert huge.status_code == 409
    assert client.post("/api/v1/orders/999/refunds", json={"amount_minor": 1, "currency": "EUR"},
                       headers=operations_headers).status_code == 404  # fmt: skip
    assert client.get("/api/v1/returns/999", headers=operations_headers).status_code == 404
