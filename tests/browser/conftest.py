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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette

from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from tests.support.clock import shifted_clock

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


def new_context(browser: Browser, **options: Any) -> BrowserContext:
    """A browser context whose clock agrees with the server's, also under ``--clock-at``.

    The app runs in this process, whose wall clock ``--clock-at`` moves; Chromium's clock
    is moved to the same instant (and runs on from there) so the pages' timers agree.
    """
    context = browser.new_context(**options)
    if shifted_clock():
        context.clock.install(time=datetime.now(UTC))
    return context


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = new_context(browser, viewport={"width": 1366, "height": 900}, locale="en-GB")
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


VIEWPORTS = pytest.mark.parametrize("viewport", [(1440, 900), (390, 844)], ids=["desktop", "phone"])


def open_chat_and_check_layout(page: Page, url: str, viewport: tuple[int, int]) -> None:
    """Open the floating chat on ``url`` at this viewport; it must look as designed."""
    width, height = viewport
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url)
    page.get_by_role("button", name="Chat with us").click()
    expect(page.get_by_role("log")).to_contain_text("virtual assistant")
    assert_chat_layout(page, width, height)


def assert_chat_layout(page: Page, width: int, height: int) -> None:
    """The open chat widget looks as designed: a wide message box beside a compact Send
    button, its own font, the whole panel on screen."""
    form = page.locator(".odc-form").bounding_box()
    box = page.get_by_label("Your message").bounding_box()
    send = page.get_by_role("button", name="Send").bounding_box()
    panel = page.get_by_role("dialog").bounding_box()
    assert form
    assert box
    assert send
    assert panel
    assert box["width"] >= 0.55 * form["width"], (box, form)
    assert send["width"] <= 0.35 * form["width"], (send, form)
    assert 30 <= box["height"] <= 60, box
    assert 30 <= send["height"] <= 60, send
    assert abs(box["y"] - send["y"]) < 8  # side by side, not stacked
    assert panel["x"] >= 0
    assert panel["y"] >= 0
    assert panel["x"] + panel["width"] <= width
    assert panel["y"] + panel["height"] <= height
    styles = page.get_by_label("Your message").evaluate(
        "el => { const s = getComputedStyle(el); return [s.fontSize, s.boxSizing]; }"
    )
    assert styles == ["15px", "border-box"]
