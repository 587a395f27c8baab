from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import StaffLogin, log_in

pytestmark = pytest.mark.browser


def test_an_agent_logs_in_sees_the_workspace_and_logs_out(
    page: Page, live_server: str, agent_login: StaffLogin
) -> None:
    page.goto(f"{live_server}/workspace")
    expect(page).to_have_url(f"{live_server}/login?next=/workspace")
    log_in(page, live_server, agent_login)
    expect(page).to_have_url(f"{live_server}/workspace")
    expect(page.get_by_role("heading", name="Hello, Ana Lima")).to_be_visible()
    expect(page.get_by_test_id("whoami")).to_have_text("Ana Lima · agent")

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(f"{live_server}/login")
    page.goto(f"{live_server}/workspace")
    expect(page).to_have_url(f"{live_server}/login?next=/workspace")


def test_a_wrong_password_is_refused_with_a_clear_message(
    page: Page, live_server: str, agent_login: StaffLogin
) -> None:
    log_in(page, live_server, StaffLogin(agent_login.email, "wrong-password", agent_login.name))
    expect(page.get_by_test_id("login-error")).to_contain_text("do not match")
    expect(page.get_by_label("E-mail")).to_have_value(agent_login.email)
