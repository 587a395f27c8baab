"""The exchange-rates API: operations set and read dated rates, agents may not, bad
input is a 422 naming the field — and a rate set here prices the next remedy."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.factories.tracking import late_order

Headers = dict[str, str]
RATE = "/api/v1/exchange-rates/EUR/GBP/2026-12-01"


def test_operations_set_read_replace_and_list_rates(
    client: TestClient, operations_headers: Headers
) -> None:
    created = client.put(RATE, json={"rate": "0.8500", "note": "ECB, 30 Nov"},
                         headers=operations_headers)  # fmt: skip
    assert created.status_code == 201
    assert created.headers["Location"] == RATE
    body = created.json()
    assert {k: body[k] for k in ("base", "quote", "rate", "valid_from", "note", "set_by")} == {
        "base": "EUR", "quote": "GBP", "rate": "0.85", "valid_from": "2026-12-01",
        "note": "ECB, 30 Nov", "set_by": "operations:test-operations",
    }  # fmt: skip
    assert client.get(RATE, headers=operations_headers).json() == body
    replaced = client.put("/api/v1/exchange-rates/eur/gbp/2026-12-01", json={"rate": 0.86},
                          headers=operations_headers)  # fmt: skip
    assert (replaced.status_code, replaced.json()["rate"]) == (200, "0.86")
    assert "Location" not in replaced.headers
    client.put("/api/v1/exchange-rates/EUR/GBP/2027-01-01", json={"rate": "0.87"},
               headers=operations_headers)  # fmt: skip
    client.put("/api/v1/exchange-rates/EUR/BRL/2026-12-01", json={"rate": "5.6"},
               headers=operations_headers)  # fmt: skip
    listed = client.get("/api/v1/exchange-rates", headers=operations_headers).json()
    assert [(r["quote"], r["valid_from"], r["rate"]) for r in listed] == [
        ("BRL", "2026-12-01", "5.6"), ("GBP", "2027-01-01", "0.87"), ("GBP", "2026-12-01", "0.86")
    ]  # fmt: skip
    in_december = client.get("/api/v1/exchange-rates", params={"quote": "gbp", "on": "2026-12-31"},
                             headers=operations_headers).json()  # fmt: skip
    assert [(r["valid_from"], r["rate"]) for r in in_december] == [("2026-12-01", "0.86")]
    missing = client.get("/api/v1/exchange-rates/EUR/GBP/2026-12-02", headers=operations_headers)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")


def test_agents_may_not_read_or_set_rates(
    client: TestClient, agent_headers: Headers, admin_headers: Headers
) -> None:
    refused = client.put(RATE, json={"rate": "0.85"}, headers=agent_headers)
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "forbidden")
    assert client.get("/api/v1/exchange-rates", headers=agent_headers).status_code == 403
    assert client.get("/api/v1/exchange-rates").status_code == 401
    assert client.get("/api/v1/exchange-rates", headers=admin_headers).json() == []  # unchanged
    assert client.put(RATE, json={"rate": "0.85"}, headers=admin_headers).status_code == 201


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/exchange-rates/EUR/ABC/2026-12-01", {"rate": "1"}, "quote"),  # not ISO 4217
        ("/api/v1/exchange-rates/EURO/GBP/2026-12-01", {"rate": "1"}, "path.base"),
        ("/api/v1/exchange-rates/EUR/EUR/2026-12-01", {"rate": "1"}, "quote"),
        ("/api/v1/exchange-rates/EUR/GBP/2026-13-01", {"rate": "1"}, "path.valid_from"),
        (RATE, {"rate": "0"}, "rate"),
        (RATE, {"rate": -0.85}, "rate"),
        (RATE, {"rate": "NaN"}, "rate"),
        (RATE, {"rate": "zero point eight"}, "rate"),
        (RATE, {"rate": "0.00000000001"}, "rate"),  # finer than the table keeps
        (RATE, {"rate": "123456789"}, "rate"),
        (RATE, {"rate": "1E+9999999999"}, "rate"),  # no overflow on the way
        (RATE, {"rate": "0.85", "currency": "GBP"}, "currency"),  # no such field
        (RATE, {}, "rate"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(
    client: TestClient, operations_headers: Headers, path: str, body: dict[str, Any], field: str
) -> None:
    refused = client.put(path, json=body, headers=operations_headers)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "invalid_input"
    fields = [e["field"] for e in error["details"].get("errors", [])] or [
        error["details"].get("field")
    ]
    assert any(f == field or f.endswith(f".{field}") for f in fields if f), error
    assert client.get("/api/v1/exchange-rates", headers=operations_headers).json() == []


def test_the_api_is_documented_in_openapi(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    one = paths["/api/v1/exchange-rates/{base}/{quote}/{valid_from}"]
    assert set(one) == {"get", "put"}
    assert {"200", "201", "422"} <= set(one["put"]["responses"])
    assert "on" in {p["name"] for p in paths["/api/v1/exchange-rates"]["get"]["parameters"]}


REMEDY_ON_DELAY: dict[str, Any] = {
    "name": "Sorry for the delay",
    "triggers": ["ShipmentDelayed"],
    "actions": [{"type": "send_message", "message_type": "delay_notice"},
                {"type": "issue_remedy", "discount_minor": 800, "upgrade_below_minor": 0}],
    "per_order_cap_minor": 800,
    "per_day_cap_minor": 5000,
}  # fmt: skip


def test_a_rate_set_over_the_api_prices_the_remedy_the_preview_was_missing(
    client: TestClient, operations_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as s, s.begin():
        late = late_order(s, currency="GBP", unit_price_minor=1_790)
    rule = client.post("/api/v1/rules", json=REMEDY_ON_DELAY, headers=operations_headers).json()
    preview = f"/api/v1/rules/{rule['id']}/preview"

    before = client.post(preview, headers=operations_headers).json()
    (item,) = [i for i in before["items"] if i["order_id"] == late.order_id]
    assert any(r.startswith("remedy withheld: no exchange rate EUR→GBP in effect on")
               for r in item["reasons"])  # fmt: skip
    assert (before["codes"], before["total_cost_minor"]) == (0, 0)

    month_ago = date.today() - timedelta(days=30)  # in effect whatever today is
    path = f"/api/v1/exchange-rates/EUR/GBP/{month_ago.isoformat()}"
    assert client.put(path, json={"rate": "0.86"}, headers=operations_headers).status_code == 201
    after = client.post(preview, headers=operations_headers).json()
    (item,) = [i for i in after["items"] if i["order_id"] == late.order_id]
    (remedy,) = [a for a in item["actions"] if a["type"] == "issue_remedy"]
    assert (remedy["cost_minor"], remedy["value_minor"], remedy["currency"]) == (800, 688, "GBP")
    assert remedy["rate"] == "1 EUR = 0.86 GBP"
    assert (after["codes"], after["total_cost_minor"], after["currency"]) == (1, 800, "EUR")
