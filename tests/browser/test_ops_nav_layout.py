"""The top navigation in Chromium: an admin (the longest menu) sees every item on one
line at 1440 px on an operations screen, and at tablet and phone width the menu wraps
inside the page instead of widening it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from tests.browser.conftest import StaffLogin, log_in

pytestmark = pytest.mark.browser

SPREAD = """() => {
  const tops = [...document.querySelectorAll('header.topbar nav[aria-label="Main"] li')]
    .map(li => li.getBoundingClientRect().top);
  return Math.max(...tops) - Math.min(...tops);
}"""


def _admin(factory: sessionmaker[Session]) -> StaffLogin:
    login = StaffLogin("ada.admin@example.com", "correct-horse-battery", "Adaline Administrator")
    with factory() as session, session.begin():
        create_user(session, email=login.email, name=login.name, role=Role.ADMIN,
                    password=login.password)  # fmt: skip
    return login


def test_the_admin_menu_fits_one_line_at_1440_and_wraps_inside_smaller_screens(
    page: Page, live_server: str, session_factory: sessionmaker[Session]
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, live_server, _admin(session_factory))
    page.goto(f"{live_server}/workspace/stock")
    assert page.evaluate(SPREAD) < 12, page.evaluate(DEBUG)  # one line, whatever its height
    for width in (768, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server}/workspace/stock")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.get_by_role("link", name="Operations").is_visible()
        assert page.get_by_role("button", name="Log out").is_visible()


DEBUG = """() => [...document.querySelectorAll('header.topbar nav[aria-label="Main"] li')]
  .map(li => [li.textContent.trim().slice(0, 12), Math.round(li.getBoundingClientRect().top),
              Math.round(li.getBoundingClientRect().width)])"""
