from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories.customers import berlin_address, customer_payload

Headers = dict[str, str]


def _create(client: TestClient, headers: Headers, **overrides: object) -> dict[str, object]:
    response = client.post("/api/v1/customers", json=customer_payload(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def test_an_agent_creates_and_reads_a_customer(client: TestClient, agent_headers: Headers) -> None:
    response = client.post("/api/v1/customers", json=customer_payload(), headers=agent_headers)
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"/api/v1/customers/{body['id']}"
    assert body["tags"] == ["vip", "wholesale"]
    assert body["addresses"][0]["is_default"] is True

    fetched = client.get(response.headers["location"], headers=agent_headers).json()
    assert fetched["email"] == "ana.lima@example.com"
    assert fetched["timezone"] == "Europe/Berlin"


def test_invalid_details_are_refused_naming_each_field(
    client: TestClient, agent_headers: Headers
) -> None:
    payload = customer_payload(
        email="nope", locale="xx-klingon", timezone="Berlin", phone="call me", tags=["a" * 41]
    )
    response = client.post("/api/v1/customers", json=payload, headers=agent_headers)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["error"]["details"]["errors"]}
    assert fields == {"email", "locale", "timezone", "phone", "tags.0"}  # the long tag


def test_a_duplicate_email_is_a_conflict(client: TestClient, agent_headers: Headers) -> None:
    _create(client, agent_headers)
    again = client.post("/api/v1/customers", json=customer_payload(), headers=agent_headers)
    assert again.status_code == 409
    assert again.json()["error"]["details"]["field"] == "email"


def test_listing_filters_by_email_and_name_and_pages(
    client: TestClient, operations_headers: Headers
) -> None:
    for name in ["Ana", "Bruno", "Carla"]:
        _create(client, operations_headers, email=f"{name}@example.com", first_name=name)
    by_email = client.get(
        "/api/v1/customers", params={"email": "BRUNO@example.com"}, headers=operations_headers
    ).json()
    assert [c["first_name"] for c in by_email["items"]] == ["Bruno"]

    by_name = client.get(
        "/api/v1/customers", params={"search": "carl"}, headers=operations_headers
    ).json()
    assert [c["first_name"] for c in by_name["items"]] == ["Carla"]

    page = client.get("/api/v1/customers", params={"limit": 2}, headers=operations_headers).json()
    assert [c["first_name"] for c in page["items"]] == ["Carla", "Bruno"]
    rest = client.get(
        "/api/v1/customers",
        params={"limit": 2, "cursor": page["next_cursor"]},
        headers=operations_headers,
    ).json()
    assert [c["first_name"] for c in rest["items"]] == ["Ana"]
    assert rest["next_cursor"] is None

    broken = client.get("/api/v1/customers", params={"cursor": "%%%"}, headers=operations_headers)
    assert broken.status_code == 422


def test_patch_updates_and_validates(client: TestClient, agent_headers: Headers) -> None:
    ana = _create(client, agent_headers)
    url = f"/api/v1/customers/{ana['id']}"
    patched = client.patch(url, json={"locale": "en-GB", "phone": ""}, headers=agent_headers)
    assert patched.status_code == 200
    assert (patched.json()["locale"], patched.json()["phone"]) == ("en-GB", "")
    assert patched.json()["first_name"] == "Ana"

    bad = client.patch(url, json={"timezone": "CET+1"}, headers=agent_headers)
    assert bad.status_code == 422
    assert bad.json()["error"]["details"]["errors"][0]["field"] == "timezone"


def test_unknown_customer_is_404(client: TestClient, agent_headers: Headers) -> None:
    response = client.get("/api/v1/customers/999999", headers=agent_headers)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    patch = client.patch("/api/v1/customers/999999", json={}, headers=agent_headers)
    assert patch.status_code == 404


def test_address_sub_resource(client: TestClient, agent_headers: Headers) -> None:
    ana = _create(client, agent_headers)
    base = f"/api/v1/customers/{ana['id']}/addresses"
    created = client.post(
        base, json=berlin_address(city="Hamburg", is_default=True), headers=agent_headers
    )
    assert created.status_code == 201
    hamburg = created.json()
    assert created.headers["location"] == f"{base}/{hamburg['id']}"

    listed = client.get(base, headers=agent_headers).json()
    assert [(a["city"], a["is_default"]) for a in listed] == [("Berlin", False), ("Hamburg", True)]

    moved = client.patch(f"{base}/{hamburg['id']}", json={"postal_code": "20095"},
                         headers=agent_headers)  # fmt: skip
    assert moved.json()["postal_code"] == "20095"

    missing_city = client.post(base, json=berlin_address(city=""), headers=agent_headers)
    assert missing_city.status_code == 422
    assert missing_city.json()["error"]["details"]["errors"][0]["field"] == "city"

    assert client.delete(f"{base}/{hamburg['id']}", headers=agent_headers).status_code == 204
    assert client.delete(f"{base}/{hamburg['id']}", headers=agent_headers).status_code == 404
    assert [a["city"] for a in client.get(base, headers=agent_headers).json()] == ["Berlin"]


def test_customers_need_a_token(client: TestClient) -> None:
    assert client.get("/api/v1/customers").status_code == 401
