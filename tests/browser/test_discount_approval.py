"""Discount approvals in Chromium: an agent's code above the agent caps waits; a lead sees
why on the approvals page, approves it, and it becomes a code the customer can use."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from tests.browser.conftest import StaffLogin, log_in
from tests.conftest import make_token
from tests.factories.customers import make_customer
from tests.factories.promotions import code_payload

pytestmark = pytest.mark.browser


def test_a_lead_approves_a_code_waiting_above_the_agent_caps(
    page: Page, live_server: str, session_factory: sessionmaker[Session]
) -> None:
    lead = StaffLogin("lea@example.com", "correct-horse-battery", "Lea Lead")
    with session_factory() as session, session.begin():
        create_user(session, email=lead.email, name=lead.name, role=Role.LEAD,
                    password=lead.password)  # fmt: skip
        customer_id = make_customer(session).id
    agent = {"Authorization": f"Bearer {make_token(session_factory, Role.AGENT)}"}
    issued = httpx.post(f"{live_server}/api/v1/discount-codes", headers=agent,
                        json=code_payload(kind="percent", value=3000, currency=None,
                                          customer_id=customer_id))  # fmt: skip
    assert issued.status_code == 201, issued.text
    code = issued.json()["code"]
    assert issued.json()["status"] == "pending"  # 30 % is above the agent cap of 20 %

    log_in(page, live_server, lead)
    page.get_by_role("link", name="Discounts").click()
    row = page.get_by_test_id(f"pending-{code}")
    expect(row.get_by_test_id("why-pending")).to_contain_text("above the agent cap")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    row.get_by_label(f"Note on approving {code}").fill("Third late parcel this month")
    page.get_by_test_id(f"approve-{code}").click()

    expect(page.get_by_test_id("no-pending")).to_be_visible()
    expect(page.get_by_test_id("recent-decisions")).to_contain_text(code)
    read = httpx.get(f"{live_server}/api/v1/discount-codes/{code}", headers=agent)
    assert read.json()["status"] == "active"
