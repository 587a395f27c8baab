"""The Catalog and Customers screens in Chromium at 1440 and 768 px: operations search a
product with the "/" key, open it, open a variant (the "e" key starts editing), see a bad EAN refused beside its field
and then save a new weight; an agent opens a customer and sees their orders and tickets,
and finds no edit form on a variant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from tests.browser.conftest import StaffLogin, log_in
from tests.factories.catalog import make_product, variant_payload
from tests.factories.customers import make_customer
from tests.factories.orders import make_shop, place
from tests.factories.support import make_ticket

pytestmark = pytest.mark.browser
WIDTHS = pytest.mark.parametrize("width", [1440, 768], ids=["desktop", "tablet"])


def _staff(factory: sessionmaker[Session], role: Role) -> StaffLogin:
    login = StaffLogin(f"{role.value}@example.com", "correct-horse-battery", f"Sam {role.value}")
    with factory() as session, session.begin():
        create_user(session, email=login.email, name=login.name, role=role,
                    password=login.password)  # fmt: skip
    return login


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@WIDTHS
def test_operations_find_a_product_and_fix_a_variant_weight(
    page: Page, live_server: str, session_factory: sessionmaker[Session], width: int
) -> None:
    with session_factory() as session, session.begin():
        make_product(session, "enamel-mug", skus=(), title="Enamel Mug",
                     variants=[variant_payload("MUG-BLUE", supplier="Kiln & Co")])  # fmt: skip
        make_product(session, "linen-tee", skus=("TEE-RED",), title="Linen Tee")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, _staff(session_factory, Role.OPERATIONS))
    page.goto(f"{live_server}/workspace/catalog")
    page.keyboard.press("/")
    expect(page.get_by_test_id("catalog-q")).to_be_focused()
    page.keyboard.type("mug")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("variant-TEE-RED")).to_have_count(0)
    _fits(page)
    page.get_by_test_id("variant-MUG-BLUE").get_by_test_id("product-link").click()
    expect(page.get_by_test_id("product-title")).to_have_text("Enamel Mug")
    page.get_by_test_id("open-MUG-BLUE").click()
    expect(page.get_by_test_id("variant-sku")).to_have_text("MUG-BLUE")
    page.keyboard.press("e")  # into the edit form's first field
    expect(page.get_by_label("EAN (barcode)")).to_be_focused()

    page.get_by_label("EAN (barcode)").fill("12345")
    page.get_by_label("Weight (g)").fill("420")
    page.get_by_test_id("save-variant").click()
    expect(page.get_by_test_id("error-ean")).to_have_text("an EAN has 8, 12, 13 or 14 digits")
    expect(page.get_by_label("EAN (barcode)")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("fact-weight")).to_have_text("350 g")
    _fits(page)

    page.get_by_label("EAN (barcode)").fill("4006381333931")
    page.get_by_test_id("save-variant").click()
    expect(page.get_by_test_id("flash")).to_have_text("Variant MUG-BLUE saved.")
    expect(page.get_by_test_id("fact-weight")).to_have_text("420 g")
    expect(page.get_by_test_id("fact-ean")).to_have_text("4006381333931")


@WIDTHS
def test_an_agent_reads_a_customer_history_and_cannot_edit_the_catalog(
    page: Page, live_server: str, session_factory: sessionmaker[Session], width: int
) -> None:
    now = datetime.now(UTC)
    with session_factory() as session, session.begin():
        make_shop(session)
        make_customer(session)
        order = place(session, now=now - timedelta(days=3))
        make_ticket(session, subject="Mug arrived chipped", now=now - timedelta(hours=2))
        variant_id = order.lines[0].variant_id
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, _staff(session_factory, Role.AGENT))
    page.goto(f"{live_server}/workspace/customers")
    page.get_by_test_id("customer-q").fill("ana")
    page.get_by_test_id("customer-q").press("Enter")
    page.get_by_test_id("customer-link").click()
    expect(page.get_by_test_id("customer-name")).to_have_text("Ana Lima")
    expect(page.get_by_test_id("customer-language")).to_contain_text("Portuguese (Brazil)")
    history = page.get_by_test_id("history")
    expect(history.get_by_test_id("history-order")).to_contain_text(order.number)
    expect(history.get_by_test_id("history-ticket")).to_contain_text("Mug arrived chipped")
    expect(history.get_by_test_id("history-message")).to_contain_text("has not arrived")
    _fits(page)

    page.goto(f"{live_server}/workspace/catalog/variants/{variant_id}")
    expect(page.get_by_test_id("variant-sku")).to_have_text("MUG-BLUE")
    expect(page.get_by_test_id("read-only")).to_be_visible()
    expect(page.get_by_test_id("variant-edit")).to_have_count(0)
    expect(page.get_by_test_id("save-variant")).to_have_count(0)
