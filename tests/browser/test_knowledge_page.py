"""An agent rewrites the returns policy in Chromium, and the shop's chat quotes it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.app import create_app
from opsdesk.assistant import classify, seed_default_articles
from opsdesk.config import Settings
from tests.browser.conftest import StaffLogin, log_in, serve

pytestmark = pytest.mark.browser
NEW_POLICY = "Unworn shoes can come back within 60 days, and the return label is on us."


@pytest.fixture
def kb_server(settings: Settings, engine: Engine) -> Iterator[str]:
    app = create_app(settings.model_copy(update={"store_name": "Nordlicht"}), engine=engine)
    classify("warm up")  # the shipped model trains at first use: not inside a 10 s timeout
    with serve(app) as base:
        yield base


@pytest.fixture
def stored_defaults(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session, session.begin():
        seed_default_articles(session)


def test_an_agent_rewrites_the_returns_policy_and_the_chat_quotes_it(
    page: Page, kb_server: str, agent_login: StaffLogin, stored_defaults: None
) -> None:
    log_in(page, kb_server, agent_login)
    page.get_by_role("link", name="Knowledge", exact=True).click()
    page.get_by_role("link", name="Returns and refunds").click()
    page.get_by_label("Text the assistant quotes").fill(NEW_POLICY)
    page.get_by_role("button", name="Save article").click()
    expect(page.get_by_test_id("flash")).to_contain_text("saved")
    expect(page.get_by_label("Text the assistant quotes")).to_have_value(NEW_POLICY)

    page.goto(f"{kb_server}/shop")
    page.get_by_role("button", name="Chat with us").click()
    page.get_by_label("Your message").fill("what is your return policy")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("log")).to_contain_text(NEW_POLICY)
