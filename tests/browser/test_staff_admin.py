"""The staff admin screen in Chromium at desktop width: deactivate an agent, whose open
browser is logged out at once; set a temporary password; revoke an API token."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.http import Role
from opsdesk.staff import create_token, create_user
from tests.browser.conftest import StaffLogin, log_in, new_context

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_login(session_factory: sessionmaker[Session]) -> StaffLogin:
    login = StaffLogin("lena@example.com", "correct-horse-battery", "Lena Admin")
    with session_factory() as session, session.begin():
        create_user(session, email=login.email, name=login.name, role=Role.ADMIN,
                    password=login.password)  # fmt: skip
    return login


def test_an_admin_deactivates_an_agent_resets_a_password_and_revokes_a_token(
    page: Page, browser: Browser, live_server: str, admin_login: StaffLogin,
    agent_login: StaffLogin, session_factory: sessionmaker[Session],
) -> None:  # fmt: skip
    with session_factory() as session, session.begin():
        token, _plain = create_token(session, name="ana's script", role=Role.AGENT, user_id=2)
        token_id = token.id
        shop, _plain = create_token(session, name="shop sync", role=Role.OPERATIONS)
        shop_id = shop.id
    agent_context = new_context(browser, viewport={"width": 1366, "height": 900})
    agent_page = agent_context.new_page()
    log_in(agent_page, live_server, agent_login)
    expect(agent_page.get_by_test_id("whoami")).to_have_text("Ana Lima · agent")

    log_in(page, live_server, admin_login)
    page.get_by_role("link", name="Staff").click()
    expect(page.get_by_role("heading", name="Staff", exact=True)).to_be_visible()
    expect(page.get_by_test_id("sessions-2")).to_have_text("1")
    expect(page.get_by_test_id(f"token-status-{token_id}")).to_have_text("live")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(page.get_by_test_id("deactivate-1")).to_be_disabled()  # not yourself

    page.get_by_test_id("deactivate-2").click()
    expect(page.get_by_test_id("flash")).to_contain_text("Ana Lima is deactivated")
    expect(page.get_by_test_id("status-2")).to_have_text("deactivated")
    expect(page.get_by_test_id("sessions-2")).to_have_text("0")
    expect(page.get_by_test_id(f"token-status-{token_id}")).to_contain_text("revoked")
    agent_page.reload()
    expect(agent_page).to_have_url(f"{live_server}/login?next=/workspace")
    agent_context.close()

    page.get_by_test_id("reactivate-2").click()
    page.get_by_label("Temporary password for Ana Lima").fill("temporary-123")
    page.get_by_test_id("reset-2").click()
    expect(page.get_by_test_id("flash")).to_contain_text("Ana Lima has a temporary password")
    expect(page.get_by_test_id("status-2")).to_have_text("active · must change password")

    page.get_by_test_id(f"revoke-{shop_id}").click()
    expect(page.get_by_test_id("flash")).to_contain_text(f"Token #{shop_id} is revoked")
    expect(page.get_by_test_id(f"token-status-{shop_id}")).to_contain_text("revoked")
