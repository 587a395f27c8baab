from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.factories.orders import MUG, TEE, Shop, make_shop, place


def _stocked_order(factory: sessionmaker[Session]) -> tuple[Shop, int]:
    with factory() as session, session.begin():
        shop = make_shop(session)
        order = place(session, {MUG: 2})
        return shop, order.id


def test_pick_pack_and_ship_over_http(
    client: TestClient,
    session_factory: sessionmaker[Session],
    operations_headers: dict[str, str],
    agent_headers: dict[str, str],
) -> None:
    shop, order_id = _stocked_order(session_factory)
    created = client.post(
        "/api/v1/pick-lists", json={"warehouse_id": shop.berlin}, headers=operations_headers
    )
    assert created.status_code == 201, created.text
    assert created.headers["location"] == f"/api/v1/pick-lists/{created.json()['id']}"
    assert [(i["sku"], i["quantity"]) for i in created.json()["items"]] == [(MUG, 2)]
    fulfilment_id = created.json()["fulfilments"][0]["id"]
    scans = f"/api/v1/fulfilments/{fulfilment_id}/scans"

    wrong = client.post(scans, json={"code": TEE, "packer": "Jonas"}, headers=operations_headers)
    assert wrong.status_code == 409
    assert wrong.json()["error"]["code"] == "scan_refused"
    assert wrong.json()["error"]["details"]["kind"] == "wrong_item"

    packed = client.post(
        scans, json={"code": MUG, "quantity": 2, "packer": "Jonas"}, headers=operations_headers
    )
    assert packed.json()["fulfilment"]["status"] == "packed"

    shipped = client.post(
        f"/api/v1/fulfilments/{fulfilment_id}/ship",
        json={"carrier": "simulated", "service_level": "express"},
        headers=operations_headers,
    )
    assert shipped.status_code == 201, shipped.text
    shipment = shipped.json()
    assert shipment["tracking_number"].startswith("SIMX")
    assert shipment["is_late"] is False

    listed = client.get(f"/api/v1/orders/{order_id}/shipments", headers=agent_headers)
    assert [s["id"] for s in listed.json()] == [shipment["id"]]
    by_query = client.get(f"/api/v1/shipments?order_id={order_id}", headers=agent_headers)
    assert by_query.json()[0]["tracking_url"] == shipment["tracking_url"]

    report = client.get(
        "/api/v1/reports/fulfilment-errors?group_by=packer", headers=agent_headers
    ).json()
    assert [(t["group"], t["fulfilments"], t["errors"]) for t in report["totals"]] == [
        ("Jonas", 1, 1)
    ]
    assert "from" in report


def test_agents_read_but_cannot_act(
    client: TestClient, session_factory: sessionmaker[Session], agent_headers: dict[str, str]
) -> None:
    shop, _order_id = _stocked_order(session_factory)
    refused = client.post(
        "/api/v1/pick-lists", json={"warehouse_id": shop.berlin}, headers=agent_headers
    )
    assert refused.status_code == 403
    assert client.get("/api/v1/tracking/unmatched", headers=agent_headers).json() == []


def test_bad_requests_are_clear_4xx(
    client: TestClient, session_factory: sessionmaker[Session], operations_headers: dict[str, str]
) -> None:
    shop, _order_id = _stocked_order(session_factory)
    missing = client.get("/api/v1/shipments/999", headers=operations_headers)
    assert missing.status_code == 404
    assert missing.json()["error"]["details"]["kind"] == "shipment"
    as_bool = client.post(
        "/api/v1/pick-lists", json={"warehouse_id": True}, headers=operations_headers
    )
    assert as_bool.status_code == 422
    created = client.post(
        "/api/v1/pick-lists", json={"warehouse_id": shop.berlin}, headers=operations_headers
    ).json()
    fulfilment_id = created["fulfilments"][0]["id"]
    unknown_carrier = client.post(
        f"/api/v1/fulfilments/{fulfilment_id}/ship",
        json={"carrier": "pigeon"},
        headers=operations_headers,
    )
    assert unknown_carrier.status_code == 422
    assert "simulated" in unknown_carrier.json()["error"]["message"]
    not_packed = client.post(
        f"/api/v1/fulfilments/{fulfilment_id}/ship", json={}, headers=operations_headers
    )
    assert not_packed.status_code == 409
    bad_range = client.get(
        "/api/v1/reports/fulfilment-errors?from=2026-11-20&to=2026-11-01",
        headers=operations_headers,
    )
    assert bad_range.status_code == 422


def test_a_retried_pick_list_request_gets_the_first_list(
    client: TestClient, session_factory: sessionmaker[Session], operations_headers: dict[str, str]
) -> None:
    shop, _order_id = _stocked_order(session_factory)
    headers = {**operations_headers, "Idempotency-Key": "morning-wave"}
    body = {"warehouse_id": shop.berlin}
    first = client.post("/api/v1/pick-lists", json=body, headers=headers)
    again = client.post("/api/v1/pick-lists", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    other = client.post("/api/v1/pick-lists", json={"warehouse_id": shop.hamburg}, headers=headers)
    assert other.status_code == 409


def test_a_warehouses_boxes_are_kept_over_http(
    client: TestClient, session_factory: sessionmaker[Session],
    operations_headers: dict[str, str], agent_headers: dict[str, str],
) -> None:  # fmt: skip
    shop, _ = _stocked_order(session_factory)
    url = f"/api/v1/warehouses/{shop.berlin}/boxes"
    standard = client.get(url, headers=agent_headers).json()
    box = {"name": "Bottle box", "length_mm": 120, "width_mm": 120, "height_mm": 360,
           "tare_g": 180, "max_weight_g": 5000}  # fmt: skip

    put = client.put(f"{url}/BOTTLE", json=box, headers=operations_headers)
    by_agent = client.put(f"{url}/BOTTLE", json=box, headers=agent_headers)
    too_heavy = client.put(f"{url}/X", json={**box, "tare_g": 6000}, headers=operations_headers)

    assert [b["code"] for b in standard][:2] == ["MAILER-S", "BOX-S"]
    assert put.status_code == 200, put.text
    assert put.json() == {**box, "code": "BOTTLE"}
    assert by_agent.status_code == 403
    assert too_heavy.status_code == 422
    assert client.get(url, headers=agent_headers).json() == [{**box, "code": "BOTTLE"}]
    assert client.delete(f"{url}/BOTTLE", headers=operations_headers).status_code == 204
    assert client.delete(f"{url}/BOTTLE", headers=operations_headers).status_code == 404
    assert client.get(url, headers=agent_headers).json() == standard
