"""The default-key attack (#15): no key is known in advance, and serving beyond loopback
without one is refused at start-up."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from opsdesk.staff.sessions import start_session
from tests.e2e.test_cli import run_cli

OLD_DEFAULT = "dev-insecure-change-me"


def _forged_session(key: str, secret: str) -> str:
    """A Starlette session cookie naming a live session of staff user 1, signed with ``key``."""
    import base64
    import json

    payload = base64.b64encode(json.dumps({"staff_session": secret}).encode())
    return TimestampSigner(key).sign(payload).decode()


def test_a_cookie_signed_with_the_old_default_key_opens_nothing(
    settings: Settings, engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session, session.begin():
        user = create_user(session, email="ana@example.com", name="Ana", role=Role.ADMIN,
                           password="correct-horse-battery")  # fmt: skip
        assert user.id == 1
        secret = start_session(session, user.id, utcnow())
    app = create_app(settings.model_copy(update={"secret_key": ""}), engine=engine)
    real_key = app.state.settings.secret_key
    assert len(real_key) >= 32
    assert real_key != OLD_DEFAULT
    with TestClient(app, raise_server_exceptions=False) as client:
        client.cookies.set("opsdesk_session", _forged_session(OLD_DEFAULT, secret))
        assert client.get("/api/v1/me").status_code == 401
        client.cookies.set("opsdesk_session", _forged_session(real_key, secret))  # the control
        me = client.get("/api/v1/me")
        assert me.status_code == 200, me.text
        assert me.json()["name"] == "Ana"


def test_serving_on_every_interface_without_a_key_is_refused(tmp_path: Path) -> None:
    done = run_cli("serve", "--host", "0.0.0.0", "--port", "1", data_dir=tmp_path)
    assert done.returncode == 1
    assert "refusing to listen on 0.0.0.0 without OPSDESK_SECRET_KEY" in done.stderr
    assert not (tmp_path / "secret_key").exists()


def test_a_worker_without_the_webs_key_is_refused(tmp_path: Path) -> None:
    done = run_cli("worker", "--once", data_dir=tmp_path)
    assert done.returncode == 1
    assert "no secret key" in done.stderr
