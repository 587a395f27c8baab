"""The chat widget in Chromium on the demo storefront: track a late parcel, then ask for a person."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.app import create_app
from opsdesk.assistant import answers, classify
from opsdesk.config import Settings
from tests.browser.conftest import VIEWPORTS, open_chat_and_check_layout, serve
from tests.factories.fulfilment import FixedClock
from tests.factories.tracking import THURSDAY, TrackedOrder, late_order

pytestmark = pytest.mark.browser


@pytest.fixture
def shop_clock() -> FixedClock:
    return FixedClock(THURSDAY)


@pytest.fixture
def shop_server(settings: Settings, engine: Engine, shop_clock: FixedClock) -> Iterator[str]:
    app = create_app(settings.model_copy(update={"store_name": "Nordlicht"}), engine=engine)
    app.state.clock = shop_clock
    classify("warm up")  # the shipped model trains at first use: not inside a 10 s timeout
    with serve(app) as base:
        yield base


@pytest.fixture
def tracked(session_factory: sessionmaker[Session]) -> TrackedOrder:
    with session_factory() as session:
        order = late_order(session, days_late=2)
        session.commit()
    return order


def _send(page: Page, text: str) -> None:
    page.get_by_label("Your message").fill(text)
    page.get_by_role("button", name="Send").click()


def test_a_customer_tracks_a_late_parcel_and_asks_for_a_person(
    page: Page, shop_server: str, tracked: TrackedOrder
) -> None:
    page.goto(f"{shop_server}/shop")
    launcher = page.get_by_role("button", name="Chat with us")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    launcher.click()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    log = page.get_by_role("log")
    expect(log).to_contain_text("virtual assistant of Nordlicht")

    _send(page, f"where is my order {tracked.number}")
    expect(log).to_contain_text("e-mail address or the delivery postal code")
    _send(page, "ana.lima@example.com")
    assert tracked.estimated is not None
    expected_day = answers.Voice.for_customer("en", "en-GB", "Europe/Berlin").day(tracked.estimated)
    expect(log).to_contain_text(f"Order {tracked.number} is on its way")
    expect(log).to_contain_text("running late")
    expect(log).to_contain_text(expected_day)
    expect(page.locator(".odc-assistant a[href*='/t/']").last).to_be_visible()

    _send(page, "I'd like to talk to a human please")
    expect(log).to_contain_text("passed our conversation on (reference T-")
    expect(log).to_contain_text("We will reply by e-mail to ana.lima@example.com by")


@VIEWPORTS
def test_the_demo_shops_framework_css_does_not_squeeze_the_message_box(
    page: Page, shop_server: str, viewport: tuple[int, int]
) -> None:
    open_chat_and_check_layout(page, f"{shop_server}/shop", viewport)


def test_a_refused_message_shows_as_not_sent_and_goes_out_when_sent_again(
    page: Page, shop_server: str, shop_clock: FixedClock
) -> None:
    """The server's clock stands still, so a seventh message at once is a flood to it."""
    page.goto(f"{shop_server}/shop")
    page.get_by_role("button", name="Chat with us").click()
    log = page.get_by_role("log")
    expect(log).to_contain_text("virtual assistant")
    send = page.get_by_role("button", name="Send")
    for n in range(7):
        expect(send).to_be_enabled()
        _send(page, f"message {n}")
    unsent = page.locator("[data-role=customer][data-state=unsent]")
    expect(unsent).to_have_count(1)
    expect(unsent).to_contain_text("message 6")
    expect(unsent).to_contain_text("Not sent.")
    expect(page.get_by_role("status")).to_contain_text("Please wait a few seconds")
    expect(page.locator("[data-role=customer]:not([data-state])")).to_have_count(6)

    shop_clock.now += timedelta(seconds=11)
    page.get_by_role("button", name="Send again").click()
    expect(unsent).to_have_count(0)
    expect(page.get_by_role("status")).to_have_text("")
    expect(page.locator("[data-role=customer]")).to_have_count(7)
