"""Disruptions and shipment risk over HTTP: roles, validation, audit trail, reads."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import orders, shipping

SOON = datetime.now(UTC) + timedelta(days=4)


def storm(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "kind": "weather",
        "severity": "high",
        "region": "BE",
        "starts_at": datetime.now(UTC).isoformat(),
        "ends_at": SOON.isoformat(),
        "note": "storm over the ring road",
    }
    body.update(changes)
    return body


def parcel_to(factory: sessionmaker[Session], region: str) -> int:
    with factory() as s, s.begin():
        order = orders.Order(
            number=f"API-{region}", currency="EUR", ship_country="DE", ship_region=region
        )
        s.add(order)
        s.flush()
        shipment = shipping.Shipment(order_id=order.id, carrier="simulated", status=shipping.ShipmentStatus.IN_TRANSIT,
                                     origin_region="HH", destination_region=region,
                                     promised_delivery_date=date.today() + timedelta(days=3),
                                     shipped_at=datetime.now(UTC) - timedelta(days=1))  # fmt: skip
        s.add(shipment)
        s.flush()
        return shipment.id


def test_operations_declare_a_disruption_and_its_shipments_are_rescored_at_once(
    client: TestClient, operations_headers: dict[str, str], agent_headers: dict[str, str],
    session_factory: sessionmaker[Session],
) -> None:  # fmt: skip
    parcel = parcel_to(session_factory, "BE")
    created = client.post("/api/v1/disruptions", json=storm(), headers=operations_headers)

    assert created.status_code == 201, created.text
    body = created.json()
    assert created.headers["Location"] == f"/api/v1/disruptions/{body['id']}"
    assert body["rescored_shipments"] == 1
    assert body["history"][0]["action"] == "declared"
    assert body["history"][0]["actor"].startswith("operations:")
    risk = client.get(f"/api/v1/shipments/{parcel}/risk", headers=agent_headers).json()
    assert risk["stored"] is True
    assert risk["reasons"][0].startswith("severe weather in region BE")
    listed = client.get("/api/v1/shipments/at-risk", headers=agent_headers).json()
    assert [r["shipment_id"] for r in listed] == [parcel]


def test_agents_may_not_declare_or_list_disruptions(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    refused = client.post("/api/v1/disruptions", json=storm(), headers=agent_headers)
    assert refused.status_code == 403
    assert client.get("/api/v1/disruptions", headers=agent_headers).status_code == 403
    assert client.get("/api/v1/disruptions").status_code == 401


def test_a_disruption_needs_a_place_and_a_window_that_ends_after_it_starts(
    client: TestClient, operations_headers: dict[str, str], session_factory: sessionmaker[Session]
) -> None:
    parcel_to(session_factory, "BE")
    nowhere = client.post("/api/v1/disruptions", json=storm(region=""), headers=operations_headers)
    backwards = client.post(
        "/api/v1/disruptions",
        json=storm(ends_at="2020-01-01T00:00:00+00:00"),
        headers=operations_headers,
    )
    naive = client.post(
        "/api/v1/disruptions",
        json=storm(starts_at="2026-11-20T10:00:00"),
        headers=operations_headers,
    )
    assert nowhere.status_code == 422
    assert nowhere.json()["error"]["details"]["errors"][0]["field"] == "region"
    assert backwards.status_code == 422
    assert backwards.json()["error"]["details"]["errors"][0]["field"] == "ends_at"
    assert naive.status_code == 422
    assert client.get("/api/v1/disruptions", headers=operations_headers).json() == []


def test_changing_a_disruption_is_audited_and_unknown_ones_are_404(
    client: TestClient, operations_headers: dict[str, str], admin_headers: dict[str, str],
    session_factory: sessionmaker[Session],
) -> None:  # fmt: skip
    parcel_to(session_factory, "BE")
    created = client.post("/api/v1/disruptions", json=storm(), headers=operations_headers).json()
    changed = client.patch(
        f"/api/v1/disruptions/{created['id']}", json={"severity": "low"}, headers=admin_headers
    )

    assert changed.status_code == 200
    history = changed.json()["history"]
    assert [h["action"] for h in history] == ["declared", "updated"]
    assert history[1]["changes"] == {"severity": {"from": "high", "to": "low"}}
    assert history[1]["actor"].startswith("admin:")
    assert (
        client.patch(
            "/api/v1/disruptions/9999", json={"severity": "low"}, headers=admin_headers
        ).status_code
        == 404
    )
    assert client.get("/api/v1/disruptions/9999", headers=admin_headers).status_code == 404


def test_a_region_or_carrier_the_store_does_not_know_is_refused_naming_the_known_ones(
    client: TestClient, operations_headers: dict[str, str], session_factory: sessionmaker[Session]
) -> None:
    parcel_to(session_factory, "BE")  # from HH to BE, with the simulated carrier

    ireland = client.post(
        "/api/v1/disruptions", json=storm(region="IE"), headers=operations_headers
    )
    hermes = client.post(
        "/api/v1/disruptions", json=storm(carrier="hermes"), headers=operations_headers
    )
    lower = client.post("/api/v1/disruptions", json=storm(region="hh", carrier="Simulated"),
                        headers=operations_headers)  # fmt: skip

    assert ireland.status_code == 422
    error = ireland.json()["error"]
    assert error["details"]["errors"] == [
        {"field": "region", "reason": "unknown region 'IE'; known regions: BE, HH"}
    ]
    assert error["details"]["known_regions"] == ["BE", "HH"]
    assert hermes.status_code == 422
    known = hermes.json()["error"]["details"]["known_carriers"]
    assert {"DHL", "DPD", "simulated"} <= set(known)
    assert "hermes" not in {k.lower() for k in known}
    assert lower.status_code == 201, lower.text
    assert (lower.json()["region"], lower.json()["carrier"]) == ("HH", "simulated")
    moved = client.patch(f"/api/v1/disruptions/{lower.json()['id']}", json={"region": "XX"},
                         headers=operations_headers)  # fmt: skip
    assert moved.status_code == 422
    assert moved.json()["error"]["details"]["errors"][0]["field"] == "region"
    listed = client.get("/api/v1/disruptions", headers=operations_headers).json()
    assert [(d["region"], d["carrier"]) for d in listed] == [("HH", "simulated")]


def test_the_api_previews_a_disruption_without_declaring_it(
    client: TestClient, operations_headers: dict[str, str], agent_headers: dict[str, str],
    session_factory: sessionmaker[Session],
) -> None:  # fmt: skip
    parcel = parcel_to(session_factory, "BE")

    shown = client.post("/api/v1/disruptions/preview", json=storm(region="be"),
                        headers=operations_headers)  # fmt: skip

    assert shown.status_code == 200, shown.text
    body = shown.json()
    assert (body["region"], body["in_reach"], body["rescored"]) == ("BE", 1, 1)
    assert [s["shipment_id"] for s in body["shipments"]] == [parcel]
    assert body["shipments"][0]["reasons"][0].startswith("severe weather in region BE")
    assert body["notices"] == []  # no rule is on
    assert client.get("/api/v1/disruptions", headers=operations_headers).json() == []
    risk = client.get(f"/api/v1/shipments/{parcel}/risk", headers=agent_headers).json()
    assert risk["stored"] is False  # the preview's rescoring was rolled back
    unknown = client.post("/api/v1/disruptions/preview", json=storm(region="IE"),
                          headers=operations_headers)  # fmt: skip
    assert unknown.status_code == 422
    assert client.post("/api/v1/disruptions/preview", json=storm(),
                       headers=agent_headers).status_code == 403  # fmt: skip


def test_risk_of_an_unknown_or_finished_shipment_is_404(
    client: TestClient, agent_headers: dict[str, str], session_factory: sessionmaker[Session]
) -> None:
    assert client.get("/api/v1/shipments/424242/risk", headers=agent_headers).status_code == 404
    parcel = parcel_to(session_factory, "HB")
    live = client.get(f"/api/v1/shipments/{parcel}/risk", headers=agent_headers).json()
    assert live["stored"] is False
    assert 0 < live["probability"] < 1
    with session_factory() as s, s.begin():
        s.get(shipping.Shipment, parcel).status = shipping.ShipmentStatus.DELIVERED  # type: ignore[union-attr]
    assert client.get(f"/api/v1/shipments/{parcel}/risk", headers=agent_headers).status_code == 404
    assert client.get("/api/v1/shipments/at-risk?limit=0", headers=agent_headers).status_code == 422
