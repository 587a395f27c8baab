"""The rules API: who may use it, what it refuses, and the preview over current data."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.proactive.rules import store
from tests.factories.tracking import late_order

Headers = dict[str, str]
VIP_DELAYS: dict[str, Any] = {
    "name": "VIP delays",
    "triggers": ["ShipmentDelayed"],
    "conditions": {"all": [
        {"fact": "customer_tags", "op": "contains", "value": "vip"},
        {"fact": "order_value", "op": ">=", "value": {"amount": "30", "currency": "EUR"}},
    ]},
    "actions": [{"type": "send_message", "message_type": "delay_notice"},
                {"type": "issue_remedy", "discount_minor": 800, "upgrade_below_minor": 0}],
    "per_order_cap_minor": 800,
    "per_day_cap_minor": 5000,
}  # fmt: skip


def test_operations_create_read_change_and_delete_a_rule(
    client: TestClient, operations_headers: Headers
) -> None:
    created = client.post("/api/v1/rules", json=VIP_DELAYS, headers=operations_headers)
    assert created.status_code == 201
    rule = created.json()
    assert created.headers["Location"] == f"/api/v1/rules/{rule['id']}"
    assert rule["enabled"] is False
    assert rule["currency"] == "EUR"
    assert rule["conditions_text"] == "customer_tags contains vip and order_value >= 30.00 EUR"
    changed = client.patch(f"/api/v1/rules/{rule['id']}", json={"enabled": True,
                           "conditions": None}, headers=operations_headers)  # fmt: skip
    assert (changed.json()["enabled"], changed.json()["conditions_text"]) == (True, "always")
    listed = client.get("/api/v1/rules", headers=operations_headers).json()
    assert [r["name"] for r in listed] == ["VIP delays"]
    assert (
        client.delete(f"/api/v1/rules/{rule['id']}", headers=operations_headers).status_code == 204
    )
    gone = client.get(f"/api/v1/rules/{rule['id']}", headers=operations_headers)
    assert (gone.status_code, gone.json()["error"]["code"]) == (404, "not_found")


def test_agents_may_not_touch_rules(client: TestClient, agent_headers: Headers) -> None:
    assert client.get("/api/v1/rules", headers=agent_headers).status_code == 403
    refused = client.post("/api/v1/rules", json=VIP_DELAYS, headers=agent_headers)
    assert refused.json()["error"]["code"] == "forbidden"
    assert client.get("/api/v1/rules").status_code == 401


def test_a_bad_rule_is_422_naming_each_problem(client: TestClient, admin_headers: Headers) -> None:
    bad = VIP_DELAYS | {
        "conditions": {"fact": "risk", "op": "contains", "value": 1},
        "actions": [{"type": "send_message", "message_type": "follow_up"}],
    }
    answer = client.post("/api/v1/rules", json=bad, headers=admin_headers)
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["errors"] == [
        {"field": "conditions.op", "reason": "number facts allow !=, <, <=, ==, >, >=, in, not_in"}
    ]
    wrong_message = VIP_DELAYS | {
        "actions": [{"type": "send_message", "message_type": "follow_up"}]
    }
    answer = client.post("/api/v1/rules", json=wrong_message, headers=admin_headers)
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["errors"][0]["field"] == "actions.0.message_type"
    unknown_trigger = VIP_DELAYS | {"triggers": ["OrderExploded"]}
    assert (
        client.post("/api/v1/rules", json=unknown_trigger, headers=admin_headers).status_code == 422
    )


def test_duplicate_names_and_deleting_a_built_in_rule_are_conflicts(
    client: TestClient, admin_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    assert client.post("/api/v1/rules", json=VIP_DELAYS, headers=admin_headers).status_code == 201
    again = client.post("/api/v1/rules", json=VIP_DELAYS, headers=admin_headers)
    assert (again.status_code, again.json()["error"]["code"]) == (409, "already_exists")
    with session_factory() as s, s.begin():
        builtin = store.seed_builtin_rules(s, currency="EUR")[0].id
    refused = client.delete(f"/api/v1/rules/{builtin}", headers=admin_headers)
    assert refused.status_code == 409
    assert "disable it instead" in refused.json()["error"]["message"]


def test_the_preview_names_the_orders_messages_and_cost(
    client: TestClient, operations_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as s, s.begin():
        late = late_order(s)
    body = VIP_DELAYS | {"conditions": {"fact": "order_value", "op": ">=",
                                        "value": {"amount": "30", "currency": "EUR"}}}  # fmt: skip
    rule = client.post("/api/v1/rules", json=body, headers=operations_headers).json()
    shown = client.post(f"/api/v1/rules/{rule['id']}/preview", headers=operations_headers)
    assert shown.status_code == 200
    result = shown.json()
    assert result["order_ids"] == [late.order_id]
    assert (result["would_fire"], result["messages"], result["codes"]) == (1, 1, 1)
    assert result["total_cost_minor"] == 800
    (item,) = result["items"]
    assert item["order_number"] == late.number
    assert item["reasons"][0] == "conditions met: order_value >= 30.00 EUR"
    audit = client.get(f"/api/v1/rules/{rule['id']}/evaluations", headers=operations_headers)
    assert audit.json() == []  # the preview recorded nothing
    missing = client.post("/api/v1/rules/999999/preview", headers=operations_headers)
    assert missing.status_code == 404
