"""The keys every operations list shares (static/ops-lists.js), in Chromium: j / k move a
row cursor, Enter opens the row under it, "/" jumps to the search box, "?" lists the
keys (with the page's own) and Escape closes that list; keys typed into a field stay
in the field. Also the catalog list's MOQ and pack size, seen where a buyer looks."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from tests.browser.conftest import StaffLogin, log_in
from tests.factories.catalog import make_product, variant_payload
from tests.factories.inventory import make_warehouse, receive_stock

pytestmark = pytest.mark.browser
OLGA = StaffLogin("olga@example.com", "correct-horse-battery", "Olga Ops")


@pytest.fixture
def shelves(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session, session.begin():
        create_user(session, email=OLGA.email, name=OLGA.name, role=Role.OPERATIONS,
                    password=OLGA.password)  # fmt: skip
        make_product(session, "enamel-mug", skus=(), title="Enamel Mug", variants=[
            variant_payload("MUG-BLUE", supplier="Kiln & Co", moq=48, pack_size=12),
            variant_payload("MUG-RED", supplier="Kiln & Co"),
        ])  # fmt: skip
        hamburg = make_warehouse(session, "HAM")
        receive_stock(session, "MUG-BLUE", hamburg, 10)
        receive_stock(session, "MUG-RED", hamburg, 4)


def test_the_stock_list_walks_and_opens_rows_from_the_keyboard(
    page: Page, live_server: str, shelves: None
) -> None:
    log_in(page, live_server, OLGA)
    page.goto(f"{live_server}/workspace/stock")
    blue, red = page.get_by_test_id("stock-MUG-BLUE-HAM"), page.get_by_test_id("stock-MUG-RED-HAM")
    page.keyboard.press("j")
    expect(blue).to_have_class(re.compile("current"))
    page.keyboard.press("j")
    expect(red).to_have_class(re.compile("current"))
    expect(blue).not_to_have_class(re.compile("current"))
    page.keyboard.press("j")  # the last row keeps the cursor
    expect(red).to_have_attribute("aria-current", "true")
    page.keyboard.press("k")
    expect(blue).to_have_class(re.compile("current"))

    page.keyboard.press("/")
    search = page.get_by_test_id("stock-search")
    expect(search).to_be_focused()
    page.keyboard.type("jk")  # typed into the field, not taken as keys
    expect(search).to_have_value("jk")
    expect(blue).to_have_class(re.compile("current"))

    search.evaluate("el => el.blur()")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/workspace/stock/sku/MUG-BLUE$"))


def test_question_mark_lists_the_keys_with_the_pages_own(
    page: Page, live_server: str, shelves: None
) -> None:
    log_in(page, live_server, OLGA)
    page.goto(f"{live_server}/workspace/catalog")
    help_ = page.get_by_test_id("shortcut-help")
    expect(help_).to_have_count(0)
    page.keyboard.press("?")
    expect(help_).to_be_visible()
    for key, meaning in (("j", "move down"), ("Enter", "open the row"), ("/", "search"),
                         ("n", "next page")):  # fmt: skip
        expect(help_.locator("dt", has_text=key).first).to_be_visible()
        expect(help_).to_contain_text(meaning)
    page.keyboard.press("j")  # the open dialog keeps its keys: no row moves behind it
    expect(page.locator("[data-list] tr.current")).to_have_count(0)
    page.keyboard.press("Escape")
    expect(help_).to_be_hidden()
    expect(help_.locator("button")).not_to_be_focused()  # Enter below goes to the list

    page.keyboard.press("j")
    expect(page.get_by_test_id("variant-MUG-BLUE")).to_have_class(re.compile("current"))
    rules = page.get_by_test_id("variant-MUG-BLUE").get_by_test_id("order-rules")
    expect(rules).to_have_text("MOQ 48 · packs of 12")
    expect(page.get_by_test_id("variant-MUG-RED").get_by_test_id("order-rules")).to_have_count(0)
    page.keyboard.press("Enter")  # the row's first link: the variant page
    expect(page.get_by_test_id("variant-sku")).to_have_text("MUG-BLUE")
    expect(page.get_by_test_id("fact-moq")).to_have_text("48 units")
    expect(page.get_by_test_id("fact-pack-size")).to_have_text("packs of 12")
