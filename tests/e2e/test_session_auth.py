from __future__ import annotations

import base64
import json
import re

from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.http import Role
from opsdesk.staff import create_token, create_user


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


COOKIE = "opsdesk_session"


def _second_login(app: object, email: str, password: str) -> TestClient:
    """Another browser of the same user, logged in through the form."""
    other = TestClient(app, raise_server_exceptions=False)  # type: ignore[arg-type]
    csrf = _csrf(other.get("/login").text)
    answer = other.post("/login", data={"email": email, "password": password, "csrf": csrf},
                        follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303
    return other


def test_a_cookie_saved_before_logout_opens_nothing_after_it(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    csrf = _login(client, session_factory)
    saved = client.cookies.get(COOKIE)
    assert client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    client.cookies.set(COOKIE, saved)  # the attacker replays the copy taken before logout
    assert client.get("/api/v1/me").status_code == 401
    page = client.get("/workspace/operations", follow_redirects=False)
    assert (page.status_code, page.headers["location"]) == (
        303, "/login?next=/workspace/operations")  # fmt: skip


def test_a_cookie_naming_only_a_user_id_opens_nothing(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    """What a session cookie held before ADR 0011: a user id alone is not a session."""
    _login(client, session_factory)
    assert client.get("/api/v1/me").status_code == 200
    key = client.app.state.settings.secret_key  # type: ignore[attr-defined]
    payload = base64.b64encode(json.dumps({"staff_user_id": 1}).encode())
    client.cookies.set(COOKIE, TimestampSigner(key).sign(payload).decode())
    assert client.get("/api/v1/me").status_code == 401


def test_changing_the_password_ends_the_other_sessions_and_tokens_but_not_this_one(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    csrf = _login(client, session_factory)
    other = _second_login(client.app, "ops@example.com", "s3cure-enough")
    with session_factory() as session, session.begin():
        _token, plain = create_token(session, name="laptop", role=Role.OPERATIONS, user_id=1)
    bearer = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/me", headers=bearer).status_code == 200

    form = {"current": "s3cure-enough", "new": "brand-new-secret", "confirm": "brand-new-secret"}
    changed = client.post("/workspace/password", data=form | {"csrf": csrf}, follow_redirects=False)
    assert (changed.status_code, changed.headers["location"]) == (303, "/workspace")

    assert client.get("/api/v1/me").json()["name"] == "Olga"  # this browser stays logged in
    assert other.get("/api/v1/me").status_code == 401
    client.cookies.clear()
    assert client.get("/api/v1/me", headers=bearer).status_code == 401
    _second_login(client.app, "ops@example.com", "brand-new-secret")


def test_a_wrong_current_password_changes_nothing(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    csrf = _login(client, session_factory)
    form = {"current": "not-my-password", "new": "brand-new-secret", "confirm": "brand-new-secret"}
    refused = client.post("/workspace/password", data=form | {"csrf": csrf})
    assert refused.status_code == 422
    assert "The current password is not right." in refused.text
    mismatch = form | {"current": "s3cure-enough", "confirm": "something-else", "csrf": csrf}
    assert "confirmation differ" in client.post("/workspace/password", data=mismatch).text
    _second_login(client.app, "ops@example.com", "s3cure-enough")


def test_deactivation_ends_every_session_and_token_of_the_user_at_once(
    client: TestClient, session_factory: sessionmaker[Session], admin_headers: dict[str, str]
) -> None:
    _login(client, session_factory)
    with session_factory() as session, session.begin():
        _token, plain = create_token(session, name="laptop", role=Role.OPERATIONS, user_id=1)
    bearer = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/me", headers=bearer).status_code == 200
    saved = client.cookies.get(COOKIE)

    done = client.post("/api/v1/staff-users/1/deactivate", headers=admin_headers)
    assert done.status_code == 200
    assert done.json()["active"] is False
    assert client.get("/api/v1/me").status_code == 401
    client.cookies.clear()
    assert client.get("/api/v1/me", headers=bearer).status_code == 401

    assert client.post("/api/v1/staff-users/1/reactivate", headers=admin_headers).json()["active"]
    client.cookies.set(COOKIE, saved)
    assert client.get("/api/v1/me").status_code == 401  # reactivation revives no old session
    client.cookies.clear()
    assert client.get("/api/v1/me", headers=bearer).status_code == 401
