"""Admins manage staff access over the API (#15.6): list accounts, deactivate and
reactivate them, set temporary passwords, list and revoke API tokens."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.http import Role
from opsdesk.staff import create_token, create_user
from tests.support.web import csrf_of


def _staff(factory: sessionmaker[Session], email: str, role: Role = Role.AGENT) -> int:
    with factory() as session, session.begin():
        return create_user(session, email=email, name=email.split("@")[0].title(), role=role,
                           password="first-password").id  # fmt: skip


def _log_in(client: TestClient, email: str, password: str) -> int:
    csrf = csrf_of(client.get("/login").text)
    answer = client.post("/login", data={"email": email, "password": password, "csrf": csrf},
                         follow_redirects=False)  # fmt: skip
    return answer.status_code


def test_only_admins_manage_staff(client: TestClient, agent_headers: dict[str, str]) -> None:
    for method, path in (("GET", "/api/v1/staff-users"), ("POST", "/api/v1/staff-users/1/deactivate"),
                         ("GET", "/api/v1/tokens"), ("DELETE", "/api/v1/tokens/1")):  # fmt: skip
        refused = client.request(method, path, headers=agent_headers)
        assert refused.status_code == 403, path
        assert "admin" in refused.json()["error"]["message"]
    assert client.get("/api/v1/staff-users").status_code == 401


def test_an_admin_lists_staff_and_a_deactivated_user_cannot_log_in(
    client: TestClient, session_factory: sessionmaker[Session], admin_headers: dict[str, str]
) -> None:
    ana = _staff(session_factory, "ana@desk.example")
    listed = client.get("/api/v1/staff-users", headers=admin_headers).json()
    assert [(u["email"], u["active"], u["must_change_password"]) for u in listed] == [
        ("ana@desk.example", True, False)]  # fmt: skip
    assert client.post(f"/api/v1/staff-users/{ana}/deactivate", headers=admin_headers).json()[
        "active"] is False  # fmt: skip
    assert _log_in(client, "ana@desk.example", "first-password") == 401
    assert client.get(f"/api/v1/staff-users/{ana}", headers=admin_headers).json()["active"] is False
    missing = client.post("/api/v1/staff-users/999/deactivate", headers=admin_headers)
    assert missing.status_code == 404


def test_a_password_reset_ends_access_and_forces_a_new_password_at_login(
    client: TestClient, session_factory: sessionmaker[Session], admin_headers: dict[str, str]
) -> None:
    ana = _staff(session_factory, "ana@desk.example")
    assert _log_in(client, "ana@desk.example", "first-password") == 303
    saved = client.cookies.get("opsdesk_session")
    short = client.post(f"/api/v1/staff-users/{ana}/password-reset",
                        json={"temporary_password": "short"}, headers=admin_headers)  # fmt: skip
    assert short.status_code == 422
    reset = client.post(f"/api/v1/staff-users/{ana}/password-reset",
                        json={"temporary_password": "temporary-123"}, headers=admin_headers)  # fmt: skip
    assert reset.status_code == 200
    assert reset.json()["must_change_password"] is True
    client.cookies.set("opsdesk_session", saved)
    assert client.get("/api/v1/me").status_code == 401
    client.cookies.clear()

    assert _log_in(client, "ana@desk.example", "first-password") == 401
    assert _log_in(client, "ana@desk.example", "temporary-123") == 303
    inbox = client.get("/workspace", follow_redirects=False)
    assert (inbox.status_code, inbox.headers["location"]) == (303, "/workspace/password")
    page = client.get("/workspace/password")
    assert "An admin set a temporary password for you" in page.text
    form = {"current": "temporary-123", "new": "my-own-secret", "confirm": "my-own-secret",
            "csrf": csrf_of(page.text)}  # fmt: skip
    assert client.post("/workspace/password", data=form, follow_redirects=False).status_code == 303
    assert client.get("/workspace", follow_redirects=False).status_code == 200


def test_tokens_are_listed_without_secrets_and_revoked_at_once(
    client: TestClient, session_factory: sessionmaker[Session], admin_headers: dict[str, str]
) -> None:
    ana = _staff(session_factory, "ana@desk.example")
    with session_factory() as session, session.begin():
        token, plain = create_token(session, name="ana's laptop", role=Role.AGENT, user_id=ana)
        token_id = token.id
    bearer = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/me", headers=bearer).status_code == 200  # now cached

    mine = client.get(f"/api/v1/tokens?user_id={ana}", headers=admin_headers).json()
    assert [(t["id"], t["name"], t["revoked_at"]) for t in mine] == [
        (token_id, "ana's laptop", None)
    ]
    assert plain not in client.get("/api/v1/tokens", headers=admin_headers).text
    assert mine[0]["prefix"] == plain[:12]

    assert client.delete(f"/api/v1/tokens/{token_id}", headers=admin_headers).status_code == 204
    assert client.get("/api/v1/me", headers=bearer).status_code == 401
    again = client.delete(f"/api/v1/tokens/{token_id}", headers=admin_headers)
    assert again.status_code == 204
    listed = client.get(f"/api/v1/tokens?user_id={ana}", headers=admin_headers).json()
    assert listed[0]["revoked_at"] is not None
    assert client.delete("/api/v1/tokens/987654", headers=admin_headers).status_code == 404


def test_the_last_active_admin_cannot_be_deactivated(
    client: TestClient, session_factory: sessionmaker[Session], admin_headers: dict[str, str]
) -> None:
    boss = _staff(session_factory, "boss@desk.example", Role.ADMIN)
    refused = client.post(f"/api/v1/staff-users/{boss}/deactivate", headers=admin_headers)
    assert refused.status_code == 409
    assert "last active admin" in refused.json()["error"]["message"]
    second = _staff(session_factory, "deputy@desk.example", Role.ADMIN)
    assert client.post(f"/api/v1/staff-users/{boss}/deactivate", headers=admin_headers).json()[
        "active"] is False  # fmt: skip
    assert client.get(f"/api/v1/staff-users/{second}", headers=admin_headers).json()["active"]
