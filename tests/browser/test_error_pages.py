"""A mistyped workspace address in Chromium: a page that says so, and the way back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import StaffLogin, log_in

pytestmark = pytest.mark.browser


def test_an_agent_on_a_missing_page_reads_why_and_finds_the_way_back(
    page: Page, live_server: str, agent_login: StaffLogin
) -> None:
    log_in(page, live_server, agent_login)
    expect(page).to_have_url(f"{live_server}/workspace")

    response = page.goto(f"{live_server}/workspace/tickets/not-a-number")

    assert response is not None
    assert response.status == 404
    expect(page).to_have_title(re.compile(r"^Page not found · "))
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    page.get_by_role("link", name="Back to the workspace").click()
    expect(page).to_have_url(f"{live_server}/workspace")
    expect(page.get_by_role("heading", name="Hello, Ana Lima")).to_be_visible()
