"""Replenishment over HTTP: the API lists suggestions with their reasons and makes draft
purchase orders once per Idempotency-Key; the screen groups by supplier, turns ticked
lines into drafts, keeps service levels; refusals are 4xx that change nothing."""

from __future__ import annotations

import re

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import inventory
from opsdesk.kernel.http import Role
from tests.factories.replenishment import Shop, make_replenishment_shop, store_forecast
from tests.support import web

API = "/api/v1/replenishment"


def shop_with_forecast(factory: sessionmaker[Session]) -> Shop:
    with factory() as session, session.begin():
        shop = make_replenishment_shop(session)
        store_forecast(session, shop.tee, shop.hamburg, 42.0)
        return shop


def purchase_orders(factory: sessionmaker[Session]) -> list[tuple[str, int]]:
    with factory() as session:
        rows = session.execute(sa.select(inventory.PurchaseOrder.supplier,
                                         inventory.PurchaseOrder.warehouse_id))  # fmt: skip
        return [(r[0], r[1]) for r in rows]


def test_the_api_suggests_and_makes_drafts_once_per_key(
    client: TestClient, session_factory: sessionmaker[Session],
    operations_headers: dict[str, str], agent_headers: dict[str, str],
) -> None:  # fmt: skip
    shop = shop_with_forecast(session_factory)
    listed = client.get(API + "/suggestions", headers=agent_headers)
    assert listed.status_code == 200, listed.text
    [line] = listed.json()["items"]
    assert (line["sku"], line["warehouse"], line["demand_source"]) == (
        "TEE-NAVY-M",
        "HAM",
        "forecast",
    )
    assert line["quantity"] >= 20
    assert line["quantity"] % 10 == 0
    assert "forecast 42/week" in line["reason"]
    everything = client.get(API + "/suggestions?only_to_order=false", headers=agent_headers)
    assert len(everything.json()["items"]) == 2  # Munich has nothing to order

    body = {"lines": [{"variant_id": shop.tee, "warehouse_id": shop.hamburg,
                       "quantity": line["quantity"]}]}  # fmt: skip
    key = {"Idempotency-Key": "repl-1"}
    made = client.post(API + "/purchase-orders", json=body, headers=operations_headers | key)
    assert made.status_code == 201, made.text
    again = client.post(API + "/purchase-orders", json=body, headers=operations_headers | key)
    assert again.json() == made.json()
    assert purchase_orders(session_factory) == [("Nordwolle GmbH", shop.hamburg)]
    [po] = made.json()["purchase_orders"]
    assert po["lines"][0]["quantity_ordered"] == line["quantity"]


def test_the_api_refuses_bad_requests_with_4xx(
    client: TestClient, session_factory: sessionmaker[Session],
    operations_headers: dict[str, str], agent_headers: dict[str, str],
) -> None:  # fmt: skip
    shop = shop_with_forecast(session_factory)
    url = API + "/purchase-orders"
    ok_line = {"variant_id": shop.tee, "warehouse_id": shop.hamburg, "quantity": 20}
    assert client.post(url, json={"lines": [ok_line]}, headers=agent_headers).status_code == 403
    assert client.post(url, json={"lines": []}, headers=operations_headers).status_code == 422
    negative = {"lines": [ok_line | {"quantity": -4}]}
    assert client.post(url, json=negative, headers=operations_headers).status_code == 422
    twice = client.post(url, json={"lines": [ok_line, ok_line]}, headers=operations_headers)
    assert twice.status_code == 422
    assert "once" in twice.json()["error"]["message"]
    unknown = {"lines": [ok_line | {"warehouse_id": 999}]}
    assert client.post(url, json=unknown, headers=operations_headers).status_code == 404
    assert client.get(API + "/suggestions?warehouse_id=0", headers=agent_headers).status_code == 422
    assert client.get(API + "/suggestions").status_code == 401
    assert purchase_orders(session_factory) == []


def test_the_screen_turns_ticked_lines_into_draft_purchase_orders(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    shop = shop_with_forecast(session_factory)
    csrf = web.log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/replenishment")
    page = client.get("/workspace/replenishment")
    assert page.status_code == 200
    assert "Nordwolle GmbH" in page.text
    assert "forecast 42/week" in page.text
    assert f'value="{shop.tee}-{shop.hamburg}"' in page.text
    assert "HAM runs out" not in page.text  # Munich has nothing to give
    key = f"{shop.tee}-{shop.hamburg}"
    bad = client.post("/workspace/replenishment/purchase-orders",
                      data={"csrf": csrf, "row": [key], "qty": ["-3"], "pick": [key]})  # fmt: skip
    assert "No purchase order made: quantity &#39;-3&#39; is not a whole number" in bad.text
    assert purchase_orders(session_factory) == []
    suggested = re.search(r'name="qty" value="(\d+)"', page.text)
    assert suggested is not None
    assert int(suggested.group(1)) >= 20
    made = client.post("/workspace/replenishment/purchase-orders",
                       data={"csrf": csrf, "row": [key], "qty": [suggested.group(1)],
                             "pick": [key]}, follow_redirects=False)  # fmt: skip
    assert made.status_code == 303
    assert made.headers["location"] == "/workspace/purchase-orders?state=not_sent"
    assert purchase_orders(session_factory) == [("Nordwolle GmbH", shop.hamburg)]
    assert "Draft purchase orders PO-" in client.get(made.headers["location"]).text
    after = client.get("/workspace/replenishment")
    assert 'data-testid="nothing-to-order"' in after.text


def test_service_levels_are_saved_and_bad_ones_refused(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    shop_with_forecast(session_factory)
    csrf = web.log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/replenishment")
    classes = ["AX", "CZ"]
    saved = client.post("/workspace/replenishment/levels",
                        data={"csrf": csrf, "klass": classes, "level": ["99.5", "90"]})  # fmt: skip
    assert "Service levels saved" in saved.text
    assert 'value="99.5"' in saved.text
    refused = client.post("/workspace/replenishment/levels",
                          data={"csrf": csrf, "klass": classes, "level": ["120", "x"]})  # fmt: skip
    assert "Nothing saved" in refused.text
    no_csrf = client.post("/workspace/replenishment/levels",
                          data={"klass": classes, "level": ["80", "80"]})  # fmt: skip
    assert no_csrf.status_code == 403


def test_agents_read_the_screen_but_cannot_order(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    shop = shop_with_forecast(session_factory)
    csrf = web.log_in(client, session_factory, Role.AGENT, landing="/workspace/replenishment")
    page = client.get("/workspace/replenishment")
    assert "forecast 42/week" in page.text
    assert 'data-testid="create-pos"' not in page.text
    key = f"{shop.tee}-{shop.hamburg}"
    refused = client.post("/workspace/replenishment/purchase-orders",
                          data={"csrf": csrf, "row": [key], "qty": ["30"], "pick": [key]})  # fmt: skip
    assert refused.status_code == 403
    assert purchase_orders(session_factory) == []
    filtered = client.get(f"/workspace/replenishment?warehouse={shop.munich}")
    assert 'data-testid="no-match"' in filtered.text


def test_a_long_form_is_read_whole_and_an_overlong_value_refused(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    shop = shop_with_forecast(session_factory)
    csrf = web.log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/replenishment")
    key = f"{shop.tee}-{shop.hamburg}"
    others = [f"{900 + n}-{shop.munich}" for n in range(40)]  # 40 unticked rows first
    made = client.post(
        "/workspace/replenishment/purchase-orders",
        data={"csrf": csrf, "row": [*others, key], "qty": ["1"] * 40 + ["30"], "pick": [key]},
        follow_redirects=False,
    )
    assert made.status_code == 303
    assert purchase_orders(session_factory) == [("Nordwolle GmbH", shop.hamburg)]
    long = client.post("/workspace/replenishment/purchase-orders",
                       data={"csrf": csrf, "row": ["9" * 30], "qty": ["1"], "pick": [key]})  # fmt: skip
    assert long.status_code == 422
