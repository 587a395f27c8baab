from __future__ import annotations

from fastapi.testclient import TestClient


def test_every_private_endpoint_refuses_a_caller_without_a_token(client: TestClient) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "unauthenticated"


def test_a_made_up_token_is_refused(client: TestClient) -> None:
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer odk_not-a-real-token"})
    assert response.status_code == 401


def test_a_valid_token_identifies_its_role(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    response = client.get("/api/v1/me", headers=agent_headers)
    assert response.status_code == 200
    assert response.json()["role"] == "agent"


def test_an_agent_cannot_mint_tokens(client: TestClient, agent_headers: dict[str, str]) -> None:
    response = client.post(
        "/api/v1/tokens", json={"name": "x", "role": "admin"}, headers=agent_headers
    )
    assert response.status_code == 403
    assert "admin" in response.json()["error"]["message"]


def test_an_admin_creates_a_staff_user_and_a_working_token(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    created = client.post(
        "/api/v1/staff-users",
        json={
            "email": "Ana@Example.com",
            "name": "Ana",
            "role": "agent",
            "password": "s3cret-pass",
        },
        headers=admin_headers,
    )
    assert created.status_code == 201
    assert created.headers["location"] == f"/api/v1/staff-users/{created.json()['id']}"
    assert created.json()["email"] == "ana@example.com"

    duplicate = client.post(
        "/api/v1/staff-users",
        json={"email": "ana@example.com", "name": "Ana 2", "role": "agent"},
        headers=admin_headers,
    )
    assert duplicate.status_code == 409

    minted = client.post(
        "/api/v1/tokens", json={"name": "ops", "role": "operations"}, headers=admin_headers
    )
    assert minted.status_code == 201
    token = minted.json()["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["role"] == "operations"


def test_validation_errors_name_the_field(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/staff-users",
        json={"email": "not-an-email", "name": "", "role": "boss"},
        headers=admin_headers,
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["error"]["details"]["errors"]}
    assert fields == {"email", "name", "role"}


def test_landing_page_and_openapi_are_public(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "/docs" in page.text
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "OpsDesk"
    assert "/api/v1/me" in spec["paths"]
