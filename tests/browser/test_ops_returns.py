"""The returns screen in Chromium at desktop and tablet width: the queue filtered by state,
a parcel received by typed scans (label, then item), inspected (grade B, the customer's
reason confirmed), restocked and refunded; the reasons summary counts it; an agent reads
the same return without a single form."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import returns
from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from tests.browser.conftest import StaffLogin, log_in, new_context
from tests.factories.orders import MUG
from tests.integration.test_ops_returns_queries import returns_desk

pytestmark = pytest.mark.browser
OPERATOR = StaffLogin("olga@example.com", "correct-horse-battery", "Olga Ops")
AGENT = StaffLogin("ana@example.com", "correct-horse-battery", "Ana Lima")


def _arrange(factory: sessionmaker[Session]) -> tuple[int, str]:
    with factory() as session, session.begin():
        for login, role in ((OPERATOR, Role.OPERATIONS), (AGENT, Role.AGENT)):
            create_user(session, email=login.email, name=login.name, role=role,
                        password=login.password)  # fmt: skip
        desk = returns_desk(session)
        return desk.approved, returns.get_return(session, desk.approved).number


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1440, 768])
def test_a_parcel_is_received_by_scan_inspected_restocked_and_refunded(
    browser: Browser, live_server: str, session_factory: sessionmaker[Session], width: int
) -> None:
    return_id, number = _arrange(session_factory)
    context = new_context(browser, viewport={"width": width, "height": 900}, locale="en-GB")
    page = context.new_page()
    log_in(page, live_server, OPERATOR)
    page.goto(f"{live_server}/workspace/returns")
    page.get_by_test_id("state-tab-approved").click()
    expect(page.get_by_test_id("returns-table").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id(f"return-{number}")).to_be_visible()
    _fits(page)

    page.keyboard.press("r")  # the receiving desk; its scan field has the focus
    expect(page.get_by_label("Return label, RMA or order number")).to_be_focused()
    page.keyboard.type(number)
    page.keyboard.press("Enter")
    expect(page.get_by_label("Scan each item (SKU)")).to_be_focused()
    page.keyboard.type("SOCK-GREEN")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("item-scan-status")).to_contain_text("not in this return")
    page.keyboard.type(MUG)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("item-scan-status")).to_contain_text("Every item is here")
    expect(page.get_by_test_id(f"scanned-{MUG}")).to_have_text("1 of 1")
    expect(page.get_by_test_id("mark-received")).to_be_focused()
    page.get_by_label("Arrived at").select_option(label="Berlin")
    _fits(page)
    page.get_by_test_id("mark-received").click()

    expect(page.get_by_test_id("flash")).to_contain_text("received")
    form = page.get_by_test_id(f"inspect-{MUG}")
    form.get_by_label(f"Condition of {MUG}").select_option("B")
    form.get_by_label("Confirmed", exact=True).check()
    form.get_by_label("Note").fill("opened, complete")
    _fits(page)
    page.get_by_test_id(f"restock-{MUG}").click()

    expect(page.get_by_test_id("flash")).to_contain_text("refund it")
    expect(page.get_by_test_id("return-lines")).to_contain_text("grade B")
    expect(page.get_by_test_id("return-lines")).to_contain_text("reason confirmed")
    expect(page.get_by_test_id("refund-amount")).to_have_value("19.90")
    page.get_by_test_id("refund-button").click()
    expect(page.get_by_test_id("flash")).to_contain_text("Refunded €19.90")
    expect(page.get_by_test_id("state")).to_have_text("refunded")

    page.goto(f"{live_server}/workspace/returns/reasons?days=30")
    row = page.get_by_test_id(f"reasons-{MUG}")
    expect(row.get_by_test_id("rate")).to_have_text("50.0 %")  # 3 of 6 mugs came back
    expect(page.locator("#charts")).to_have_attribute("data-rendered", "true")
    _fits(page)
    context.close()

    agent_context = new_context(browser, viewport={"width": width, "height": 900})
    agent = agent_context.new_page()
    log_in(agent, live_server, AGENT)
    agent.goto(f"{live_server}/workspace/returns/{return_id}")
    expect(agent.get_by_test_id("return-lines")).to_contain_text("grade B")
    expect(agent.locator("form[action^='/workspace/returns']")).to_have_count(0)
    expect(agent.get_by_test_id("refunds")).to_contain_text("€19.90")
    agent_context.close()
