"""Staff sessions, deactivation and login limits against the database (both backends)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.errors import Conflict, InvalidInput
from opsdesk.kernel.http import Role
from opsdesk.staff import accounts, create_token, create_user, login_guard, resolve_token, sessions
from opsdesk.staff.models import StaffSession

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
PASSWORD = "first-password"


def _user(s: Session, email: str = "ana@desk.example", role: Role = Role.AGENT) -> int:
    return create_user(s, email=email, name="Ana", role=role, password=PASSWORD).id


def test_a_session_lives_twelve_hours_unless_it_is_ended(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        ana = _user(s)
        first = sessions.start_session(s, ana, NOW)
        second = sessions.start_session(s, ana, NOW)
    with session_factory.begin() as s:
        assert sessions.session_user(s, first, NOW + timedelta(hours=11)) is not None
        assert sessions.session_user(s, first, NOW + timedelta(hours=12)) is None
        assert sessions.session_user(s, "made-up", NOW) is None
        sessions.end_session(s, first, NOW)
    with session_factory.begin() as s:
        assert sessions.session_user(s, first, NOW) is None
        assert sessions.session_user(s, second, NOW) is not None  # logout ends one session
        assert s.scalar(sa.select(sa.func.count()).select_from(StaffSession)) == 2
        assert sessions.live_sessions(s, NOW) == {ana: 1}
        assert sessions.prune_sessions(s, NOW + timedelta(days=8)) == 2


def test_deactivation_ends_sessions_and_revokes_only_that_users_tokens(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        ana, ben = _user(s), _user(s, "ben@desk.example")
        ana_cookie, ben_cookie = (
            sessions.start_session(s, ana, NOW),
            sessions.start_session(s, ben, NOW),
        )
        _t, ana_token = create_token(s, name="a", role=Role.AGENT, user_id=ana)
        _t, ben_token = create_token(s, name="b", role=Role.AGENT, user_id=ben)
        _t, service_token = create_token(s, name="shop", role=Role.OPERATIONS)
    with session_factory.begin() as s:
        accounts.deactivate(s, ana, NOW, by=ben)
    with session_factory.begin() as s:
        assert sessions.session_user(s, ana_cookie, NOW) is None
        assert resolve_token(s, ana_token) is None
        assert sessions.session_user(s, ben_cookie, NOW) is not None
        assert resolve_token(s, ben_token) is not None
        assert resolve_token(s, service_token) is not None
        with pytest.raises(Conflict, match="your own account"):
            accounts.deactivate(s, ben, NOW, by=ben)


def test_a_password_change_keeps_the_callers_session_only(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        ana = _user(s)
        here, there = sessions.start_session(s, ana, NOW), sessions.start_session(s, ana, NOW)
    with session_factory.begin() as s:
        with pytest.raises(InvalidInput, match="current password"):
            accounts.change_password(s, ana, "wrong", "second-password", NOW, keep=here)
        accounts.change_password(s, ana, PASSWORD, "second-password", NOW, keep=here)
    with session_factory.begin() as s:
        assert sessions.session_user(s, here, NOW) is not None
        assert sessions.session_user(s, there, NOW) is None


def test_a_client_is_stopped_before_the_account_it_guesses_is_locked(
    session_factory: sessionmaker[Session],
) -> None:
    email = "ana@desk.example"
    client_most = login_guard.CLIENT_LIMITS[0].most
    account_most = login_guard.ACCOUNT_LIMITS[0].most
    assert client_most < account_most  # per-client limits are the stricter ones
    with session_factory.begin() as s:
        for _ in range(client_most):
            login_guard.failed(s, email, "203.0.113.7", NOW)
    with session_factory.begin() as s:
        assert login_guard.wait_seconds(s, email, "203.0.113.7", NOW) == 5 * 60
        assert login_guard.wait_seconds(s, email, "198.51.100.1", NOW) == 0  # Ana elsewhere
        assert login_guard.wait_seconds(s, "ANA@desk.example ", "203.0.113.7", NOW) == 5 * 60
        for n in range(account_most - client_most):
            login_guard.failed(s, email, f"198.51.100.{n}", NOW)
    with session_factory.begin() as s:
        assert login_guard.wait_seconds(s, email, "192.0.2.1", NOW) == 15 * 60
        login_guard.forget_account(s, email)
    with session_factory.begin() as s:
        assert login_guard.wait_seconds(s, email, "192.0.2.1", NOW) == 0
