"""The workspace on a 390 px phone (#14): no sideways page, the menu in reach, the inbox as
cards, and a reply sent from the ticket."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, ViewportSize, expect
from sqlalchemy.orm import Session, sessionmaker

from tests.browser.conftest import StaffLogin, log_in
from tests.factories.workspace import LateOrderTicket, late_order_ticket

pytestmark = pytest.mark.browser
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def arranged(session_factory: sessionmaker[Session]) -> LateOrderTicket:
    with session_factory() as session, session.begin():
        return late_order_ticket(session)


def _fits_the_screen(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px phone"


def test_an_agent_works_the_inbox_and_replies_on_a_phone(
    page: Page, live_server: str, agent_login: StaffLogin, arranged: LateOrderTicket
) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, live_server, agent_login)
    _fits_the_screen(page)
    for name in ("Inbox", "Operations", "Knowledge"):
        link = page.get_by_role("navigation", name="Main").get_by_role("link", name=name)
        box = link.bounding_box()
        assert box is not None
        assert box["x"] >= 0, (name, box)
        assert box["x"] + box["width"] <= PHONE["width"], (name, box)

    page.get_by_test_id("view-unassigned").click()
    row = page.locator(f"tr[data-ticket-id='{arranged.ticket_id}']")
    subject = row.get_by_role("link")
    expect(subject).to_contain_text(f"Order {arranged.late.number} is late")
    row_box, subject_box = row.bounding_box(), subject.bounding_box()
    assert row_box is not None
    assert subject_box is not None
    assert row_box["width"] <= PHONE["width"]
    assert subject_box["y"] - row_box["y"] < 20  # a card: the subject comes first
    expect(row.get_by_test_id(f"sla-{arranged.ticket_id}")).to_have_text(re.compile("due in"))

    subject.click()
    expect(page).to_have_url(f"{live_server}/workspace/tickets/{arranged.ticket_id}")
    _fits_the_screen(page)
    page.get_by_label("Message", exact=True).fill("We are on it and will write again today.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("We are on it and will write again today.").first).to_be_visible()
    _fits_the_screen(page)
