"""Browser tests: the real UI served by uvicorn on loopback, driven in Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette

from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel.http import Role
from opsdesk.staff import create_user

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(params=["sqlite"])
def engine(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path
) -> Iterator[Engine]:
    """The UI does not depend on the backend: browser tests run on SQLite only."""
    from tests.conftest import make_sqlite_engine

    eng = make_sqlite_engine(sqlite_template, tmp_path)
    yield eng
    eng.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(app: Starlette) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, in a thread; yields its base URL."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture
def live_server(settings: Settings, engine: Engine) -> Iterator[str]:
    with serve(create_app(settings, engine=engine)) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI (make browser installs it)")
        pytest.skip("chromium not installed (run `make browser`)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


# Assertions wait as long as actions do: a form post, its redirect and the next page can
# take more than Playwright's default 5 s on a machine busy with the rest of the suite.
expect.set_options(timeout=10_000)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@dataclass(frozen=True)
class StaffLogin:
    email: str
    password: str
    name: str


@pytest.fixture
def agent_login(session_factory: sessionmaker[Session]) -> StaffLogin:
    login = StaffLogin("ana@example.com", "correct-horse-battery", "Ana Lima")
    with session_factory() as session, session.begin():
        create_user(
            session, email=login.email, name=login.name, role=Role.AGENT, password=login.password
        )
    return login


def log_in(page: Page, base_url: str, login: StaffLogin) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_label("E-mail").fill(login.email)
    page.get_by_label("Password").fill(login.password)
    page.get_by_role("button", name="Log in").click()
