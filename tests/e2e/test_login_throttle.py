"""Password guessing at the login form (#15.5): failures are counted per client and per
account in the database, answered with 429 and Retry-After, the same for unknown
accounts, and every lock ends by itself when its window passes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from time_machine import TimeMachineFixture

from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel.http import Role
from opsdesk.staff import create_user, login_guard
from tests.support.web import PASSWORD, csrf_of

EMAIL = "olga@desk.example"


@pytest.fixture
def frozen(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(datetime.now(UTC), tick=False)
    return time_machine


@pytest.fixture
def olga(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session, session.begin():
        create_user(session, email=EMAIL, name="Olga", role=Role.AGENT, password=PASSWORD)


def _attempt(client: TestClient, email: str, password: str) -> tuple[int, str, str | None]:
    csrf = csrf_of(client.get("/login").text)
    answer = client.post("/login", data={"email": email, "password": password, "csrf": csrf},
                         follow_redirects=False)  # fmt: skip
    return answer.status_code, answer.text, answer.headers.get("retry-after")


def test_forty_wrong_passwords_lock_the_client_out_until_the_window_passes(
    client: TestClient, olga: None, frozen: TimeMachineFixture
) -> None:
    answers = [_attempt(client, EMAIL, f"guess-{n}")[0] for n in range(40)]
    allowed = login_guard.CLIENT_LIMITS[0].most
    assert answers == [401] * allowed + [429] * (40 - allowed)

    status, page, retry_after = _attempt(client, EMAIL, PASSWORD)
    assert status == 429  # the right password too, while the lock lasts
    assert retry_after is not None
    assert 0 < int(retry_after) <= 5 * 60
    assert "Too many failed log-ins" in page
    assert "wait 5 minutes" in page
    assert client.get("/api/v1/me").status_code == 401

    frozen.shift(timedelta(seconds=int(retry_after) - 1))
    assert _attempt(client, EMAIL, PASSWORD)[0] == 429
    frozen.shift(timedelta(seconds=1))
    assert _attempt(client, EMAIL, PASSWORD)[0] == 303
    assert client.get("/api/v1/me").json()["name"] == "Olga"


def test_an_unknown_account_is_answered_exactly_like_a_real_one(
    client: TestClient, olga: None, frozen: TimeMachineFixture
) -> None:
    real = [_attempt(client, EMAIL, f"guess-{n}") for n in range(7)]
    frozen.shift(timedelta(hours=2))  # both keys' windows pass
    unknown = [_attempt(client, "nobody@desk.example", f"guess-{n}") for n in range(7)]
    assert [(s, r) for s, _, r in real] == [(s, r) for s, _, r in unknown]
    assert real[-1][0] == 429
    assert real[0][1].replace(EMAIL, "X") == unknown[0][1].replace("nobody@desk.example", "X")


def test_guesses_from_many_clients_lock_the_account_for_a_quarter_hour_only(
    settings: Settings, engine: Engine, olga: None, frozen: TimeMachineFixture
) -> None:
    app = create_app(settings, engine=engine)
    per_account = login_guard.ACCOUNT_LIMITS[0]

    def from_client(n: int, password: str) -> int:
        with TestClient(app, client=(f"203.0.113.{n}", 4000)) as guesser:
            return _attempt(guesser, EMAIL, password)[0]

    assert [from_client(n, "wrong-guess") for n in range(per_account.most)] == [401] * 10
    assert from_client(99, PASSWORD) == 429  # a fresh client: the account is what is locked
    frozen.shift(per_account.span)
    assert from_client(99, PASSWORD) == 303


def test_a_successful_login_forgets_the_accounts_failures(
    client: TestClient, olga: None, frozen: TimeMachineFixture, settings: Settings, engine: Engine
) -> None:
    app = create_app(settings, engine=engine)
    for n in range(9):  # one short of the account's limit, from nine clients
        with TestClient(app, client=(f"198.51.100.{n}", 4000)) as guesser:
            assert _attempt(guesser, EMAIL, "wrong-guess")[0] == 401
    assert _attempt(client, EMAIL, PASSWORD)[0] == 303
    with TestClient(app, client=("198.51.100.200", 4000)) as other:
        assert _attempt(other, EMAIL, "wrong-again")[0] == 401  # not the tenth failure
