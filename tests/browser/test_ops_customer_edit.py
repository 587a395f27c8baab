"""Editing a customer in Chromium at 1440 and 768 px: operations open Ana Lima, press
Edit, see a bad e-mail refused beside its field with the typed values kept, then save a
new phone, language and street and see them on her page; the form fits the tablet."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from tests.browser.conftest import StaffLogin, log_in
from tests.factories.customers import make_customer

pytestmark = pytest.mark.browser
WIDTHS = pytest.mark.parametrize("width", [1440, 768], ids=["desktop", "tablet"])


def _operations(factory: sessionmaker[Session]) -> StaffLogin:
    login = StaffLogin("ops@example.com", "correct-horse-battery", "Sam Operations")
    with factory() as session, session.begin():
        create_user(session, email=login.email, name=login.name, role=Role.OPERATIONS,
                    password=login.password)  # fmt: skip
    return login


@WIDTHS
def test_operations_correct_a_customer_after_a_refused_field(
    page: Page, live_server: str, session_factory: sessionmaker[Session], width: int
) -> None:
    with session_factory() as session, session.begin():
        customer_id = make_customer(session).id
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, _operations(session_factory))
    page.goto(f"{live_server}/workspace/customers/{customer_id}")
    page.get_by_test_id("edit-customer").click()
    expect(page.get_by_label("Street and number")).to_have_value("Torstrasse 12")

    page.get_by_label("E-mail").fill("ana at example")
    page.get_by_label("Phone").fill("+49 30 7654321")
    page.get_by_test_id("save-customer").click()
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    expect(page.get_by_test_id("error-email")).to_have_text(
        "an e-mail address such as ana@example.com"
    )
    expect(page.get_by_label("E-mail")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Phone")).to_have_value("+49 30 7654321")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_label("E-mail").fill("ana.lima@example.com")
    page.get_by_label("Language").fill("de")
    page.get_by_label("Street and number").fill("Kastanienallee 3")
    page.get_by_test_id("save-customer").click()
    expect(page.get_by_test_id("flash")).to_have_text("Customer saved.")
    expect(page.get_by_test_id("customer-language")).to_contain_text("German")
    expect(page.get_by_test_id("addresses")).to_contain_text("Kastanienallee 3")
    expect(page.get_by_test_id("customer-name")).to_have_text("Ana Lima")
