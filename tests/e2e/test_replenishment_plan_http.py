"""The stored plan over HTTP: pages with the plan's age, a recompute endpoint for
operations (once per Idempotency-Key), service-level overrides through the API and the
screen's form (field errors, 403 for agents), supplier order days through the API and
the supplier form."""

from __future__ import annotations

import re

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import inventory, replenishment
from opsdesk.kernel.http import Role
from tests.factories.replenishment import Shop, make_replenishment_shop, store_forecast
from tests.support import web

API = "/api/v1/replenishment"
PAGE = "/workspace/replenishment"


def shop_with_forecast(factory: sessionmaker[Session]) -> Shop:
    with factory() as session, session.begin():
        shop = make_replenishment_shop(session)
        store_forecast(session, shop.tee, shop.hamburg, 42.0)
        return shop


def plan_runs(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return len(session.scalars(sa.select(replenishment.PlanRun.id)).all())


def test_the_api_reads_pages_of_the_stored_plan_and_recomputes_once_per_key(
    client: TestClient, session_factory: sessionmaker[Session],
    operations_headers: dict[str, str], agent_headers: dict[str, str],
) -> None:  # fmt: skip
    shop = shop_with_forecast(session_factory)
    listed = client.get(API + "/suggestions", headers=agent_headers).json()
    assert listed["plan"]["rows"] == 2
    assert listed["plan"]["to_order"] == 1
    assert listed["age_seconds"] is not None
    assert [i["sku"] for i in listed["items"]] == ["TEE-NAVY-M"]
    first = client.get(API + "/suggestions?only_to_order=false&limit=1", headers=agent_headers)
    page = first.json()
    assert [i["warehouse"] for i in page["items"]] == ["HAM"]
    rest = client.get(f"{API}/suggestions?only_to_order=false&limit=1&after={page['next_after']}",
                      headers=agent_headers).json()  # fmt: skip
    assert ([i["warehouse"] for i in rest["items"]], rest["next_after"]) == (["MUC"], None)
    munich = client.get(f"{API}/suggestions?only_to_order=false&warehouse_id={shop.munich}",
                        headers=agent_headers).json()  # fmt: skip
    assert [i["warehouse"] for i in munich["items"]] == ["MUC"]
    assert client.get(API + "/suggestions?klass=Q", headers=agent_headers).status_code == 422
    assert (
        client.get(API + "/suggestions?no_supplier=true", headers=agent_headers).json()["items"]
        == []
    )

    assert client.post(API + "/plans", headers=agent_headers).status_code == 403
    key = operations_headers | {"Idempotency-Key": "plan-1"}
    made = client.post(API + "/plans", headers=key)
    assert made.status_code == 201, made.text
    again = client.post(API + "/plans", headers=key)
    assert again.json() == made.json()
    assert plan_runs(session_factory) == 2  # the first read's run, then one recompute
    assert made.json()["requested_by"] != "nightly"
    latest = client.get(API + "/suggestions", headers=agent_headers).json()
    assert latest["plan"]["id"] == made.json()["id"]


def test_overrides_through_the_api_change_the_next_plan(
    client: TestClient, session_factory: sessionmaker[Session],
    operations_headers: dict[str, str], agent_headers: dict[str, str],
) -> None:  # fmt: skip
    shop = shop_with_forecast(session_factory)
    body = {"variant_id": shop.tee, "warehouse_id": shop.hamburg, "level_percent": 99.5}
    assert client.put(API + "/overrides", json=body, headers=agent_headers).status_code == 403
    too_high = client.put(API + "/overrides", json=body | {"level_percent": 100},
                          headers=operations_headers)  # fmt: skip
    assert too_high.status_code == 422
    too_low = client.put(API + "/overrides", json=body | {"level_percent": 49.9},
                         headers=operations_headers)  # fmt: skip
    assert too_low.status_code == 422
    unknown = client.put(API + "/overrides", json=body | {"warehouse_id": 999},
                         headers=operations_headers)  # fmt: skip
    assert unknown.status_code == 404
    saved = client.put(API + "/overrides", json=body, headers=operations_headers)
    assert saved.status_code == 200, saved.text
    assert [(o["sku"], o["warehouse_code"], o["level"]) for o in saved.json()] == [
        ("TEE-NAVY-M", "HAM", 0.995)
    ]
    client.post(API + "/plans", headers=operations_headers)
    [line] = client.get(API + "/suggestions", headers=agent_headers).json()["items"]
    assert line["service_level"] == 0.995
    assert "service level 99.5 %" in line["reason"]
    cleared = client.put(API + "/overrides", json=body | {"level_percent": None},
                         headers=operations_headers)  # fmt: skip
    assert cleared.json() == []


def test_the_screen_shows_the_plan_age_and_recomputes(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    shop_with_forecast(session_factory)
    csrf = web.log_in(client, session_factory, Role.OPERATIONS, landing=PAGE)
    page = client.get(PAGE)
    assert re.search(r"computed (just now|\d+ minutes? ago)", page.text)
    assert "1 of 2 lines to order" in page.text
    done = client.post(PAGE + "/recompute", data={"csrf": csrf})
    assert "Plan recomputed: 1 of 2 lines to order." in done.text
    assert plan_runs(session_factory) == 2


def test_the_override_form_shows_field_errors_and_saves(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    shop = shop_with_forecast(session_factory)
    csrf = web.log_in(client, session_factory, Role.OPERATIONS, landing=PAGE)
    wrong = client.post(PAGE + "/overrides",
                        data={"csrf": csrf, "sku": "NOPE", "warehouse": "", "level": "120"})  # fmt: skip
    assert wrong.status_code == 422
    assert 'data-testid="error-warehouse">Choose a warehouse.' in wrong.text
    assert 'data-testid="error-level">Enter between 50 and 99.9 %.' in wrong.text
    assert 'value="NOPE"' in wrong.text  # what was typed stays
    unknown = client.post(PAGE + "/overrides", data={"csrf": csrf, "sku": "NOPE",
                          "warehouse": str(shop.hamburg), "level": "98"})  # fmt: skip
    assert unknown.status_code == 422
    assert 'data-testid="error-sku">No SKU &#39;NOPE&#39;.' in unknown.text
    saved = client.post(PAGE + "/overrides", data={"csrf": csrf, "sku": "TEE-NAVY-M",
                        "warehouse": str(shop.hamburg), "level": "99,5 %"})  # fmt: skip
    assert "Service level of TEE-NAVY-M set to 99.5 %" in saved.text
    assert 'data-testid="override-TEE-NAVY-M-HAM"' in saved.text
    with session_factory() as s:
        assert replenishment.overrides(s) == {(shop.tee, shop.hamburg): 0.995}
    key = f"{shop.tee}-{shop.hamburg}"
    cleared = client.post(PAGE + "/overrides/clear", data={"csrf": csrf, "key": key})
    assert "Override cleared" in cleared.text
    with session_factory() as s:
        assert replenishment.overrides(s) == {}


def test_agents_read_overrides_but_cannot_set_them(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    shop = shop_with_forecast(session_factory)
    csrf = web.log_in(client, session_factory, Role.AGENT, landing=PAGE)
    page = client.get(PAGE)
    assert 'data-testid="no-overrides"' in page.text
    assert 'data-testid="override-form"' not in page.text
    assert 'data-testid="recompute"' not in page.text
    refused = client.post(PAGE + "/overrides", data={"csrf": csrf, "sku": "TEE-NAVY-M",
                          "warehouse": str(shop.hamburg), "level": "99"})  # fmt: skip
    assert refused.status_code == 403
    assert client.post(PAGE + "/recompute", data={"csrf": csrf}).status_code == 403
    with session_factory() as s:
        assert replenishment.overrides(s) == {}


def test_supplier_order_days_through_the_api_and_the_form(
    client: TestClient, session_factory: sessionmaker[Session],
    operations_headers: dict[str, str],
) -> None:  # fmt: skip
    body = {"name": "Baltic Linen", "email": "po@baltic.example", "lead_time_days": 5,
            "currency": "EUR", "order_days": ["thu", "mon", "mon"]}  # fmt: skip
    made = client.post("/api/v1/suppliers", json=body, headers=operations_headers)
    assert made.status_code == 201, made.text
    assert made.json()["order_days"] == ["mon", "thu"]
    bad = client.post("/api/v1/suppliers", json=body | {"name": "X", "order_days": ["funday"]},
                      headers=operations_headers)  # fmt: skip
    assert bad.status_code == 422
    supplier_id = made.json()["id"]
    csrf = web.log_in(client, session_factory, Role.OPERATIONS, landing="/workspace")
    form = client.get(f"/workspace/suppliers/{supplier_id}")
    assert 'value="mon" checked' in form.text
    assert 'value="thu" checked' in form.text
    saved = client.post(f"/workspace/suppliers/{supplier_id}", data={
        "csrf": csrf, "name": "Baltic Linen", "email": "po@baltic.example",
        "lead_time_days": "5", "currency": "EUR", "active": "yes", "order_day": ["tue", "fri"],
    })  # fmt: skip
    assert saved.status_code == 200, saved.text
    with session_factory() as s:
        assert inventory.suppliers.get_supplier(s, supplier_id).order_days == "tue,fri"
    refused = client.post(f"/workspace/suppliers/{supplier_id}", data={
        "csrf": csrf, "name": "Baltic Linen", "email": "po@baltic.example",
        "lead_time_days": "5", "currency": "EUR", "active": "yes", "order_day": ["someday"],
    })  # fmt: skip
    assert refused.status_code == 422
    assert "order days: must be weekdays from Monday to Sunday" in refused.text
