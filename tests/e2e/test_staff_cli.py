"""`opsdesk staff …`: deactivate, reset a password, list and revoke tokens from the shell."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from opsdesk.kernel.db import make_engine, make_sessionmaker, utcnow
from opsdesk.kernel.http import Role
from opsdesk.staff import authenticate_password, create_token, resolve_token, sessions
from tests.e2e.test_cli import run_cli


def _store(tmp_path: Path) -> tuple[str, str]:
    """A migrated store with one agent; returns their API token and a session cookie secret."""
    assert run_cli("migrate", data_dir=tmp_path).returncode == 0
    created = run_cli("user", "create", "sam@example.com", "--name", "Sam", "--role", "agent",
                      "--password", "correct-horse", data_dir=tmp_path)  # fmt: skip
    assert created.returncode == 0, created.stderr
    with _db(tmp_path) as session, session.begin():
        _t, plain = create_token(session, name="sam's script", role=Role.AGENT, user_id=1)
        cookie = sessions.start_session(session, 1, utcnow())
    return plain, cookie


@contextmanager
def _db(tmp_path: Path) -> Iterator[Session]:
    """The store's database as the CLI left it."""
    engine = make_engine(f"sqlite:///{tmp_path / 'opsdesk.sqlite3'}")
    try:
        with make_sessionmaker(engine)() as session:
            yield session
    finally:
        engine.dispose()


def test_deactivate_ends_the_users_sessions_and_tokens(tmp_path: Path) -> None:
    token, cookie = _store(tmp_path)
    done = run_cli("staff", "deactivate", "Sam@Example.com", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "sessions ended, API tokens revoked" in done.stderr
    with _db(tmp_path) as session:
        assert resolve_token(session, token) is None
        assert sessions.session_user(session, cookie, utcnow()) is None
        assert authenticate_password(session, "sam@example.com", "correct-horse") is None
    listed = run_cli("staff", "list", "--json", data_dir=tmp_path)
    assert json.loads(listed.stdout)[0] | {"id": 0} == {
        "id": 0, "email": "sam@example.com", "name": "Sam", "role": "agent", "active": False,
        "must_change_password": False}  # fmt: skip
    missing = run_cli("staff", "deactivate", "nobody@example.com", data_dir=tmp_path)
    assert missing.returncode == 1
    assert "nobody@example.com" in missing.stderr


def test_reset_password_sets_a_temporary_one_the_user_must_change(tmp_path: Path) -> None:
    token, _cookie = _store(tmp_path)
    short = run_cli("staff", "reset-password", "1", "--password", "short", data_dir=tmp_path)
    assert short.returncode == 1
    assert "8 to 200 characters" in short.stderr
    prompted = run_cli("staff", "reset-password", "sam@example.com", data_dir=tmp_path,
                       input_text="temporary-pass\ntemporary-pass\n")  # fmt: skip
    assert prompted.returncode == 0, prompted.stderr
    with _db(tmp_path) as session:
        user = authenticate_password(session, "sam@example.com", "temporary-pass")
        assert user is not None
        assert user.must_change_password
        assert resolve_token(session, token) is None


def test_tokens_list_and_revoke(tmp_path: Path) -> None:
    token, _cookie = _store(tmp_path)
    listed = run_cli("staff", "tokens", "list", "--user", "sam@example.com", "--json",
                     data_dir=tmp_path)  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["id"], r["prefix"], r["revoked_at"]) for r in rows] == [(1, token[:12], None)]
    assert token not in listed.stdout
    revoked = run_cli("staff", "tokens", "revoke", "1", data_dir=tmp_path)
    assert revoked.returncode == 0, revoked.stderr
    with _db(tmp_path) as session:
        assert resolve_token(session, token) is None
    assert "revoked" in run_cli("staff", "tokens", "list", data_dir=tmp_path).stdout
    assert run_cli("staff", "tokens", "revoke", "42", data_dir=tmp_path).returncode == 1
    helped = run_cli("staff", "--help", data_dir=tmp_path)
    assert all(word in helped.stdout for word in ("deactivate", "reset-password", "tokens"))
