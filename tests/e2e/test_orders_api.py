from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.factories.orders import MUG, TEE, make_shop, order_payload

Headers = dict[str, str]
ORDERS = "/api/v1/orders"


def _stock(session_factory: sessionmaker[Session], **kwargs: int) -> None:
    with session_factory() as s, s.begin():
        make_shop(s, **kwargs)


def _place(client: TestClient, headers: Headers, **overrides: Any) -> dict[str, Any]:
    response = client.post(ORDERS, json=order_payload(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def _errors(response: Any) -> set[str]:
    return {e["field"] for e in response.json()["error"]["details"]["errors"]}


def test_placing_an_order_returns_the_whole_order(
    client: TestClient, operations_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    _stock(session_factory)
    response = client.post(ORDERS, json=order_payload({MUG: 2, TEE: 1}), headers=operations_headers)
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"{ORDERS}/{body['id']}"
    assert (body["status"], body["subtotal_minor"], body["total_minor"]) == (
        "allocated",
        5970,
        6460,
    )
    assert body["customer"]["email"] == "ana.lima@example.com"
    assert body["shipping_address"]["city"] == "Berlin"
    assert [(ln["sku"], ln["quantity"]) for ln in body["lines"]] == [(MUG, 2), (TEE, 1)]
    (berlin,) = body["reservations"]
    assert berlin["warehouse_code"] == "BER"
    assert sorted((r["sku"], r["quantity"], r["status"]) for r in berlin["reservations"]) == [
        (MUG, 2, "active"), (TEE, 1, "active"),
    ]  # fmt: skip
    assert [e["kind"] for e in body["timeline"]] == [
        "order.placed", "stock.reserved", "stock.reserved",
    ]  # fmt: skip


def test_agents_may_read_but_not_place_orders(
    client: TestClient, agent_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    _stock(session_factory)
    response = client.post(ORDERS, json=order_payload(), headers=agent_headers)
    assert response.status_code == 403
    assert client.get(ORDERS, headers=agent_headers).json()["items"] == []
    assert client.post(ORDERS, json=order_payload()).status_code == 401


def test_invalid_orders_name_the_field(
    client: TestClient, operations_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    _stock(session_factory)
    unknown = client.post(ORDERS, json=order_payload({"NOPE-1": 1}), headers=operations_headers)
    assert unknown.status_code == 422
    assert _errors(unknown) == {"lines.0.sku"}
    assert "NOPE-1" in unknown.json()["error"]["message"]

    shapeless = order_payload({MUG: 0}, currency="euro", placed_at="2026-03-01T10:00:00")
    del shapeless["shipping_address"]["city"]
    bad = client.post(ORDERS, json=shapeless, headers=operations_headers)
    assert bad.status_code == 422
    assert _errors(bad) == {"lines.0.quantity", "currency", "shipping_address.city", "placed_at"}

    nobody = client.post(ORDERS, json=order_payload(customer=None), headers=operations_headers)
    assert nobody.status_code == 422
    assert "exactly one of customer or customer_id" in nobody.json()["error"]["message"]


def test_an_order_in_a_currency_no_country_uses_is_refused(
    client: TestClient, operations_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    _stock(session_factory)
    for code in ("XXX", "XTS", "DEM"):  # "no currency", testing, retired in 2002
        response = client.post(
            ORDERS, json=order_payload(currency=code), headers=operations_headers
        )
        assert response.status_code == 422, (code, response.text)
        assert _errors(response) == {"currency"}
        assert "not the ISO 4217 code of a currency in circulation" in response.text
    assert client.get(ORDERS, headers=operations_headers).json()["items"] == []
    lower = client.post(ORDERS, json=order_payload(currency="eur"), headers=operations_headers)
    assert lower.status_code == 201, lower.text
    assert lower.json()["currency"] == "EUR"


@pytest.mark.parametrize("number", ["0.5", "1733570000", "-1", "1e9"])
def test_date_filters_take_iso_8601_not_numbers(
    client: TestClient, operations_headers: Headers, agent_headers: Headers, number: str
) -> None:
    """Pydantic reads a number as seconds since 1970: ``placed_to=0.5`` listed nothing, 200."""
    orders = client.get(ORDERS, params={"placed_to": number}, headers=operations_headers)
    report = client.get("/api/v1/reports/sla", params={"created_from": number},
                        headers=agent_headers)  # fmt: skip

    for response, field in ((orders, "placed_to"), (report, "created_from")):
        assert response.status_code == 422, response.text
        assert _errors(response) == {f"query.{field}"}
        assert "is not an ISO 8601 date-time" in response.json()["error"]["message"]


def test_an_order_beyond_stock_is_a_conflict_and_leaves_nothing(
    client: TestClient, operations_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    _stock(session_factory, mugs=1)
    response = client.post(ORDERS, json=order_payload({MUG: 2}), headers=operations_headers)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "insufficient_stock"
    assert error["details"]["short"][0]["sku"] == MUG
    assert client.get(ORDERS, headers=operations_headers).json()["items"] == []


def test_a_replayed_key_returns_the_first_answer_and_a_changed_body_conflicts(
    client: TestClient, operations_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    _stock(session_factory)
    headers = operations_headers | {"Idempotency-Key": "cart-42"}
    first = client.post(ORDERS, json=order_payload({MUG: 1}), headers=headers)
    again = client.post(ORDERS, json=order_payload({MUG: 1}), headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]

    changed = client.post(ORDERS, json=order_payload({MUG: 3}), headers=headers)
    assert changed.status_code == 409
    assert changed.json()["error"]["code"] == "idempotency_key_reused"
    assert len(client.get(ORDERS, headers=operations_headers).json()["items"]) == 1


def test_reading_one_order_by_id_number_and_timeline(
    client: TestClient,
    operations_headers: Headers,
    agent_headers: Headers,
    session_factory: sessionmaker[Session],
) -> None:
    _stock(session_factory)
    placed = _place(client, operations_headers, number="SHOP-1001")
    by_id = client.get(f"{ORDERS}/{placed['id']}", headers=agent_headers)
    by_number = client.get(f"{ORDERS}/by-number/SHOP-1001", headers=agent_headers)
    assert by_id.json() == by_number.json() == placed

    timeline = client.get(f"{ORDERS}/{placed['id']}/timeline", headers=agent_headers).json()
    assert [e["summary"] for e in timeline] == [
        "Placed via web: 2 items, total €44.70",
        "Reserved 2 × MUG-BLUE in Berlin warehouse",
    ]
    for url in (f"{ORDERS}/999999", f"{ORDERS}/by-number/NOPE", f"{ORDERS}/999999/timeline"):
        missing = client.get(url, headers=agent_headers)
        assert missing.status_code == 404, url
        assert missing.json()["error"]["code"] == "not_found"

    taken = client.post(ORDERS, json=order_payload(number="SHOP-1001"), headers=operations_headers)
    assert taken.status_code == 409
    assert taken.json()["error"]["details"]["field"] == "number"


def test_listing_filters_and_pages_newest_first(
    client: TestClient, operations_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    _stock(session_factory, mugs=20)
    times = ["2026-03-01T10:00:00Z", "2026-03-02T10:00:00Z", "2026-03-02T10:00:00Z",
             "2026-03-03T10:00:00Z"]  # fmt: skip
    made = [
        _place(client, operations_headers, lines={MUG: 1}, placed_at=at, number=f"WEB-{i}",
               channel="pos" if i == 3 else "web")
        for i, at in enumerate(times)
    ]  # fmt: skip
    client.post(f"{ORDERS}/{made[0]['id']}/cancel", json={"reason": "duplicate"},
                headers=operations_headers)  # fmt: skip

    def numbers(**params: Any) -> list[str]:
        response = client.get(ORDERS, params=params, headers=operations_headers)
        assert response.status_code == 200, response.text
        return [o["number"] for o in response.json()["items"]]

    assert numbers() == ["WEB-3", "WEB-2", "WEB-1", "WEB-0"]
    assert numbers(status="cancelled") == ["WEB-0"]
    assert numbers(channel="pos") == ["WEB-3"]
    assert numbers(customer_id=made[0]["customer_id"], number="WEB-1") == ["WEB-1"]
    assert numbers(placed_from="2026-03-02T00:00:00Z", placed_to="2026-03-03T00:00:00Z") == [
        "WEB-2", "WEB-1",
    ]  # fmt: skip

    seen, cursor = [], None
    while True:
        params: dict[str, Any] = {"limit": 1} | ({"cursor": cursor} if cursor else {})
        page = client.get(ORDERS, params=params, headers=operations_headers).json()
        seen += [o["number"] for o in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["WEB-3", "WEB-2", "WEB-1", "WEB-0"]

    for bad in ({"cursor": "garbage"}, {"status": "lost"}, {"placed_from": "2026-03-01T00:00"}):
        response = client.get(ORDERS, params=bad, headers=operations_headers)
        assert response.status_code == 422, bad
        assert next(iter(bad)) in response.text


def test_an_agent_cancels_an_order_or_one_line(
    client: TestClient,
    operations_headers: Headers,
    agent_headers: Headers,
    session_factory: sessionmaker[Session],
) -> None:
    _stock(session_factory)
    order = _place(client, operations_headers, lines={MUG: 1, TEE: 1})
    url = f"{ORDERS}/{order['id']}/cancel"
    tee_line = next(ln["id"] for ln in order["lines"] if ln["sku"] == TEE)

    partial = client.post(url, json={"reason": "out of budget", "line_ids": [tee_line]},
                          headers=agent_headers)  # fmt: skip
    assert partial.status_code == 200
    assert partial.json()["status"] == "allocated"
    assert [ln["quantity_cancelled"] for ln in partial.json()["lines"]] == [0, 1]

    whole = client.post(url, json={"reason": "customer request"}, headers=agent_headers)
    assert whole.status_code == 200
    assert whole.json()["status"] == "cancelled"
    assert (
        whole.json()["timeline"][-1]["summary"] == "Cancelled by agent:test-agent: customer request"
    )
    statuses = {r["status"] for w in whole.json()["reservations"] for r in w["reservations"]}
    assert statuses == {"released"}

    again = client.post(url, json={"reason": "twice"}, headers=agent_headers)
    assert again.status_code == 409
    assert again.json()["error"]["details"] == {
        "kind": "order",
        "from": "cancelled",
        "to": "cancelled",
    }

    no_reason = client.post(url, json={"reason": ""}, headers=agent_headers)
    assert no_reason.status_code == 422
    assert _errors(no_reason) == {"reason"}
    missing = client.post(f"{ORDERS}/999999/cancel", json={"reason": "x"}, headers=agent_headers)
    assert missing.status_code == 404


def test_the_201_body_is_what_a_later_read_returns(
    client: TestClient, operations_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    _stock(session_factory)
    placed = _place(client, operations_headers, lines={MUG: 1, TEE: 2})
    read = client.get(f"{ORDERS}/{placed['id']}", headers=operations_headers)
    assert read.status_code == 200
    assert read.json() == placed
    assert len(placed["timeline"]) == 3
    assert placed["reservations"]


def test_a_caller_is_refused_before_the_body_is_judged(
    client: TestClient, agent_headers: Headers
) -> None:
    """Authentication and the role come first: a stranger learns nothing of the schema."""
    nobody = client.post(ORDERS, json={"lines": []})
    assert nobody.status_code == 401
    assert nobody.json()["error"]["code"] == "unauthenticated"
    stranger = client.post(ORDERS, json={"lines": []}, headers={"Authorization": "Bearer od_nope"})
    assert stranger.status_code == 401
    agent = client.post(ORDERS, json={"lines": []}, headers=agent_headers)
    assert agent.status_code == 403
