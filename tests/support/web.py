"""Staff pages over HTTP: logging in through the real form, with its CSRF token."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.http import Role
from opsdesk.staff import create_user

PASSWORD = "correct-horse-battery"


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "the page carries no CSRF token"
    return match.group(1)


def log_in(
    client: TestClient,
    factory: sessionmaker[Session],
    role: Role = Role.AGENT,
    *,
    landing: str = "/workspace",
) -> str:
    """Create a staff user with ``role``, log in, and return the session's CSRF token
    (read from ``landing``: logging in starts a fresh session)."""
    email = f"{role.value}@desk.example"
    with factory() as session, session.begin():
        create_user(session, email=email, name=f"Sam {role.value}", role=role, password=PASSWORD)
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf": token}, follow_redirects=False
    )
    assert response.status_code == 303
    return csrf_of(client.get(landing).text)
