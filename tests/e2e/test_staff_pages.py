"""The staff admin screen over HTTP: admins only, CSRF on every change, refusals shown
as a message rather than an error page."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.http import Role
from opsdesk.staff import accounts, create_token, create_user
from tests.support import web


def test_only_admins_reach_the_staff_screen(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    assert client.get("/workspace/staff", follow_redirects=False).headers["location"] == (
        "/login?next=/workspace/staff")  # fmt: skip
    csrf = web.log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/operations")
    assert client.get("/workspace/staff").status_code == 403
    assert "/workspace/staff" not in client.get("/workspace/operations").text
    refused = client.post("/workspace/staff/1/deactivate", data={"csrf": csrf})
    assert refused.status_code == 403
    with session_factory() as session:
        assert accounts.get_user(session, 1).active


def test_an_admin_deactivates_resets_and_revokes_from_the_screen(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session, session.begin():
        ana = create_user(session, email="ana@desk.example", name="Ana", role=Role.AGENT,
                          password="first-password").id  # fmt: skip
        token, plain = create_token(session, name="ana's script", role=Role.AGENT, user_id=ana)
        token_id = token.id
    csrf = web.log_in(client, session_factory, Role.ADMIN, landing="/workspace/staff")
    page = client.get("/workspace/staff").text
    assert "ana@desk.example" in page
    assert token.prefix in page
    assert plain not in page

    no_csrf = client.post(f"/workspace/staff/{ana}/deactivate")
    assert no_csrf.status_code == 403
    done = client.post(f"/workspace/staff/{ana}/deactivate", data={"csrf": csrf})
    assert "Ana is deactivated" in done.text
    short = client.post(f"/workspace/staff/{ana}/password", data={"csrf": csrf, "temporary": "x"})
    assert short.status_code == 200
    assert "Nothing changed: password must have 8" in short.text
    client.post(f"/workspace/staff/{ana}/reactivate", data={"csrf": csrf})
    client.post(f"/workspace/staff/{ana}/password", data={"csrf": csrf, "temporary": "temporary-1"})
    self_off = client.post("/workspace/staff/2/deactivate", data={"csrf": csrf})
    assert "cannot deactivate your own account" in self_off.text
    revoked = client.post("/workspace/tokens/999/revoke", data={"csrf": csrf})
    assert "Nothing changed" in revoked.text
    with session_factory() as session:
        user = accounts.get_user(session, ana)
        assert (user.active, user.must_change_password) == (True, True)
        assert accounts.list_tokens(session, user_id=ana)[0].revoked_at is not None
        assert token_id == accounts.list_tokens(session, user_id=ana)[0].id
