"""The order list and order page in Chromium, at a desk (1440 px) and on a tablet (768 px):
operations filter, open an order by keyboard, read its parts, act on one order and
bulk-release ticked orders; agents read the same list without the bulk actions."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from tests.browser.conftest import StaffLogin, log_in
from tests.integration.test_ops_orders_listing import OrderDesk, order_desk

pytestmark = pytest.mark.browser
VIEWPORTS = pytest.mark.parametrize("viewport", [(1440, 900), (768, 1024)], ids=["desk", "tablet"])


def _staff(factory: sessionmaker[Session], role: Role) -> tuple[StaffLogin, OrderDesk]:
    login = StaffLogin(f"{role.value}@example.com", "correct-horse-battery", f"Sam {role.value}")
    with factory() as session, session.begin():
        create_user(session, email=login.email, name=login.name, role=role,
                    password=login.password)  # fmt: skip
        desk = order_desk(session)
    return login, desk


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@VIEWPORTS
def test_operations_filter_open_act_and_bulk_release(
    page: Page, live_server: str, session_factory: sessionmaker[Session],
    viewport: tuple[int, int],
) -> None:  # fmt: skip
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    login, desk = _staff(session_factory, Role.OPERATIONS)
    log_in(page, live_server, login)
    page.goto(f"{live_server}/workspace/orders")
    expect(page.get_by_test_id("order-list").locator("tbody tr")).to_have_count(7)
    _fits(page)

    page.get_by_test_id("filter-status").select_option("shipped")
    page.get_by_test_id("filter-ticket").check()
    page.get_by_test_id("apply-filters").click()
    rows = page.get_by_test_id("order-list").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(page.get_by_test_id(f"ticket-{desk.late}")).to_be_visible()

    page.keyboard.press("j")
    expect(page.get_by_test_id(f"row-{desk.late}")).to_have_class(re.compile("current"))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("order-number")).to_have_text(desk.late)
    expect(page.get_by_test_id(f"timeline-{desk.late}")).to_contain_text("Picking started")
    expect(page.locator("[data-testid^=shipment-]")).to_contain_text("Delayed: sorting backlog")
    expect(page.get_by_test_id("reservation").first).to_be_visible()
    expect(page.get_by_test_id("order-tickets")).to_contain_text(f"Order {desk.late} is late")
    _fits(page)

    page.goto(f"{live_server}/workspace/orders/{desk.french}")
    action = page.get_by_test_id(f"action-{desk.french}-cancel_order")
    action.locator("summary").click()
    action.get_by_label("Reason").fill("address abroad, customer asked to cancel")
    action.get_by_role("button", name="Cancel order").click()
    expect(page.get_by_test_id("flash")).to_have_text(f"Order {desk.french} cancelled.")
    expect(page.get_by_test_id("order-status")).to_have_text("cancelled")

    page.goto(f"{live_server}/workspace/orders")  # newest first: Jonas, France, unpaid, paid…
    for key in "jjjxjxjx":  # down to the unpaid order, then tick it and the two paid ones
        page.keyboard.press(key)
    for number in (desk.unpaid, *desk.paid):
        expect(page.get_by_test_id(f"tick-{number}")).to_be_checked()
    expect(page.get_by_test_id("selected-count")).to_have_text("3 ticked")
    page.keyboard.press("/")
    expect(page.get_by_test_id("order-search")).to_be_focused()
    page.get_by_test_id("bulk-release").click()
    expect(page.get_by_test_id("flash")).to_have_text(
        f"2 released to picking, 1 skipped: {desk.unpaid} not paid."
    )
    for number in desk.paid:
        expect(page.get_by_test_id(f"row-{number}")).to_contain_text("picking")


def test_an_agent_reads_orders_without_bulk_actions(
    page: Page, live_server: str, session_factory: sessionmaker[Session]
) -> None:
    login, desk = _staff(session_factory, Role.AGENT)
    log_in(page, live_server, login)
    for width, height in ((1440, 900), (768, 1024)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server}/workspace/orders")
        expect(page.get_by_test_id("order-list").locator("tbody tr")).to_have_count(7)
        expect(page.get_by_test_id("bulk-actions")).to_have_count(0)
        expect(page.locator("input[name=order]")).to_have_count(0)
        _fits(page)
        page.get_by_role("link", name=desk.paid[0]).click()
        expect(page.get_by_test_id("read-only")).to_be_visible()
        expect(page.locator("[data-testid^=actions-]")).to_have_count(0)
        _fits(page)
