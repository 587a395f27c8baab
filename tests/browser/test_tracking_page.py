"""The public tracking page in Chromium: a late parcel in German, a return, both layouts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import tracking
from opsdesk.app import create_app
from opsdesk.config import Settings
from tests.browser.conftest import new_context, serve
from tests.factories.fulfilment import FixedClock
from tests.factories.tracking import (
    THURSDAY,
    TrackedOrder,
    delivered_order,
    late_order,
    send_delay_notice,
    set_customer_locale,
)

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MOBILE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def portal_server(settings: Settings, engine: Engine) -> Iterator[str]:
    """The real app on loopback, its clock held on the Thursday the parcel is late."""
    app = create_app(settings.model_copy(update={"store_name": "Nordlicht"}), engine=engine)
    app.state.clock = FixedClock(THURSDAY)
    with serve(app) as base:
        yield base


def _arrange(
    factory: sessionmaker[Session], build: Callable[[Session], TrackedOrder]
) -> TrackedOrder:
    with factory() as session:
        tracked = build(session)
        session.commit()
    return tracked


def _german_late_order(session: Session) -> TrackedOrder:
    tracked = late_order(session, days_late=3)
    set_customer_locale(session, tracked.order_id, "de-DE", "Europe/Berlin")
    send_delay_notice(session, tracked, url="https://shop.example/t/x")
    return tracked


def _open(browser: Browser, url: str, viewport: dict[str, int]) -> Page:
    context = new_context(browser, viewport=viewport, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(url)
    return page


def test_a_german_customer_sees_the_delay_the_new_date_and_the_carrier_scans(
    browser: Browser,
    portal_server: str,
    settings: Settings,
    session_factory: sessionmaker[Session],
) -> None:
    tracked = _arrange(session_factory, _german_late_order)
    url = f"{portal_server}/t/{tracking.token_for_order(settings.secret_key, tracked.order_id)}"
    page = _open(browser, url, MOBILE)

    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_test_id("status-headline")).to_have_text("Ihre Bestellung ist unterwegs")
    expect(page.get_by_test_id("punctuality")).to_have_text("Verspätet")
    expect(page.get_by_test_id("estimated-date")).to_have_text("Montag, 23. November 2026")
    expect(page.get_by_test_id("promised-date")).to_have_text("Freitag, 20. November 2026")
    expect(page.get_by_test_id("apology")).to_contain_text("Es tut uns leid")
    scans = page.get_by_test_id("carrier-events").locator("li")
    expect(scans).to_have_count(2)
    expect(scans.first).to_contain_text("Delayed: sorting backlog at the hub")
    expect(page.get_by_test_id("notices")).to_contain_text(tracked.number)
    expect(page.locator("#chat-widget")).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "tracking-mobile.png"), full_page=True)
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]
    expect(page.get_by_test_id("status-headline")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "tracking-desktop.png"), full_page=True)
    page.context.close()


def test_the_page_stays_readable_at_360_pixels(
    browser: Browser,
    portal_server: str,
    settings: Settings,
    session_factory: sessionmaker[Session],
) -> None:
    tracked = _arrange(session_factory, _german_late_order)
    token = tracking.token_for_order(settings.secret_key, tracked.order_id)
    page = _open(browser, f"{portal_server}/t/{token}?lang=pt-BR", {"width": 360, "height": 740})

    expect(page.get_by_test_id("status-headline")).to_have_text("Seu pedido está a caminho")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    steps = page.get_by_test_id("progress").locator("li")
    expect(steps).to_have_count(5)
    for index in range(5):
        box = steps.nth(index).bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 360
    page.context.close()


def test_a_customer_starts_a_return_for_a_delivered_order_and_sees_the_rma_number(
    browser: Browser,
    portal_server: str,
    settings: Settings,
    session_factory: sessionmaker[Session],
) -> None:
    tracked = _arrange(session_factory, delivered_order)
    token = tracking.token_for_order(settings.secret_key, tracked.order_id)
    page = _open(browser, f"{portal_server}/t/{token}?lang=en", MOBILE)
    expect(page.get_by_test_id("status-headline")).to_have_text("Your order has been delivered")

    page.get_by_text("Start a return").click()
    page.get_by_label(re.compile("How many to return")).fill("1")
    page.get_by_label("Reason").select_option(label="Arrived damaged")
    page.get_by_label("Anything we should know?").fill("The handle came off.")
    page.get_by_role("button", name="Request the return").click()

    created = page.get_by_test_id("return-created")
    expect(created).to_contain_text(f"RMA-{tracked.number}-1")
    expect(created).to_contain_text("What happens next")
    expect(page.get_by_test_id("returns")).to_contain_text("Requested")
    expect(page).to_have_url(re.compile(r"created=RMA-"))
    page.context.close()
