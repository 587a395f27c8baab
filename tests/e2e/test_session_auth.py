from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.http import Role
from opsdesk.staff import create_user


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "the page carries no CSRF token"
    return match.group(1)


def _login(client: TestClient, factory: sessionmaker[Session]) -> str:
    with factory() as session, session.begin():
        create_user(
            session,
            email="ops@example.com",
            name="Olga",
            role=Role.OPERATIONS,
            password="s3cure-enough",
        )
    csrf = _csrf(client.get("/login").text)
    response = client.post(
        "/login",
        data={"email": "ops@example.com", "password": "s3cure-enough", "csrf": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/workspace"
    return _csrf(client.get("/workspace").text)


def test_a_logged_in_browser_session_can_read_the_api(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    _login(client, session_factory)
    me = client.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json() == {"user_id": 1, "name": "Olga", "role": "operations"}


def test_cookie_authenticated_writes_need_the_csrf_header(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    csrf = _login(client, session_factory)
    body = {"name": "x", "role": "agent"}
    refused = client.post("/api/v1/tokens", json=body)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["error"]["message"]
    # With the token the request is authenticated; an operations user still may not mint tokens.
    allowed_through_csrf = client.post("/api/v1/tokens", json=body, headers={"X-CSRF-Token": csrf})
    assert allowed_through_csrf.status_code == 403
    assert "admin" in allowed_through_csrf.json()["error"]["message"]


def test_login_without_the_form_token_is_refused(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session, session.begin():
        create_user(session, email="a@example.com", name="A", role=Role.AGENT, password="12345678")
    client.get("/login")
    response = client.post("/login", data={"email": "a@example.com", "password": "12345678"})
    assert response.status_code == 400
    assert client.get("/api/v1/me").status_code == 401


def test_login_never_redirects_off_site(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session, session.begin():
        create_user(session, email="b@example.com", name="B", role=Role.AGENT, password="12345678")
    csrf = _csrf(client.get("/login?next=https://evil.example/").text)
    response = client.post(
        "/login",
        data={
            "email": "b@example.com",
            "password": "12345678",
            "csrf": csrf,
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/workspace"
