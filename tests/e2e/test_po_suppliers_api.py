"""Suppliers over the API: operations create and update them (a taken name is a 409,
whatever its case), everyone on the staff reads them, agents cannot change them."""

from __future__ import annotations

from fastapi.testclient import TestClient

NORDWOLLE = {"name": "Nordwolle GmbH", "email": "orders@nordwolle.example",
             "lead_time_days": 10, "currency": "EUR"}  # fmt: skip


def test_operations_keep_suppliers_and_agents_read_them(
    client: TestClient, operations_headers: dict[str, str], agent_headers: dict[str, str]
) -> None:
    created = client.post("/api/v1/suppliers", json=NORDWOLLE, headers=operations_headers)
    assert created.status_code == 201, created.text
    supplier = created.json()
    assert created.headers["Location"] == f"/api/v1/suppliers/{supplier['id']}"
    assert (supplier["lead_time_days"], supplier["active"]) == (10, True)

    twin = client.post("/api/v1/suppliers", json=NORDWOLLE | {"name": "NORDWOLLE GMBH"},
                       headers=operations_headers)  # fmt: skip
    assert twin.status_code == 409
    assert "NORDWOLLE GMBH" in twin.json()["error"]["message"]
    bad = client.post("/api/v1/suppliers", json=NORDWOLLE | {"name": "X", "currency": "XXX"},
                      headers=operations_headers)  # fmt: skip
    assert bad.status_code == 422

    moved = client.put(f"/api/v1/suppliers/{supplier['id']}", headers=operations_headers,
                       json=NORDWOLLE | {"lead_time_days": 14, "active": False})  # fmt: skip
    assert (moved.json()["lead_time_days"], moved.json()["active"]) == (14, False)
    listed = client.get("/api/v1/suppliers", headers=agent_headers).json()
    assert [(s["name"], s["lead_time_days"]) for s in listed] == [("Nordwolle GmbH", 14)]
    refused = client.post("/api/v1/suppliers", json=NORDWOLLE | {"name": "Other"},
                          headers=agent_headers)  # fmt: skip
    assert refused.status_code == 403
    assert client.get("/api/v1/suppliers/999", headers=agent_headers).status_code == 404
