"""The Stock screen in Chromium, at desk (1440 px) and tablet (768 px) width: operations
filter low stock, adjust a SKU with a reason and see the ledger row and the new figure,
send a transfer and see it in transit, import a CSV with one bad row; agents read only."""

from __future__ import annotations

import pytest
from playwright.sync_api import FilePayload, Page, expect
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from tests.browser.conftest import StaffLogin, log_in
from tests.factories.catalog import make_variant
from tests.factories.inventory import make_warehouse, receive_stock

pytestmark = pytest.mark.browser
WIDTHS = pytest.mark.parametrize("width", [1440, 768], ids=["desk", "tablet"])
OLGA = StaffLogin("olga@example.com", "correct-horse-battery", "Olga Ops")


@pytest.fixture
def shelves(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session, session.begin():
        create_user(session, email=OLGA.email, name=OLGA.name, role=Role.OPERATIONS,
                    password=OLGA.password)  # fmt: skip
        for sku in ("MUG-BLUE", "TEE-M"):
            make_variant(session, sku)
        hamburg = make_warehouse(session, "HAM")
        make_warehouse(session, "MUC")
        receive_stock(session, "MUG-BLUE", hamburg, 10)
        receive_stock(session, "TEE-M", hamburg, 2)


def fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@WIDTHS
def test_operations_keep_stock_right_from_one_screen(
    page: Page, live_server: str, shelves: None, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, OLGA)
    page.goto(f"{live_server}/workspace/stock")
    page.keyboard.press("/")
    expect(page.get_by_test_id("stock-search")).to_be_focused()
    page.get_by_test_id("stock-state").select_option("low")
    page.get_by_role("button", name="Filter").click()
    rows = page.get_by_test_id("stock-rows").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("TEE-M")
    fits(page)

    rows.first.get_by_role("link", name="TEE-M").click()
    form = page.get_by_test_id("adjust-form")
    form.get_by_label("Change").fill("+4")
    form.get_by_label("Reason").select_option("found")
    form.get_by_label("Note").fill("behind the shelf")
    form.get_by_role("button", name="Book adjustment").click()
    expect(page.get_by_test_id("flash")).to_contain_text("on hand 2 → 6")
    expect(page.get_by_test_id("level-HAM").get_by_test_id("on-hand")).to_have_text("6")
    expect(page.get_by_test_id("movement").first).to_contain_text("found: behind the shelf")
    fits(page)

    page.get_by_role("link", name="Transfers").click()
    new = page.get_by_test_id("transfer-form")
    new.get_by_label("To").select_option(label="MUC · Warehouse MUC")
    new.get_by_label("Expected arrival").fill("2026-12-21")
    new.get_by_label("Goods").fill("MUG-BLUE 3")
    new.get_by_role("button", name="Draft transfer").click()
    page.get_by_test_id("dispatch").click()
    expect(page.get_by_test_id("transfer-status")).to_have_text("in transit")
    page.get_by_role("link", name="MUG-BLUE").click()
    expect(page.get_by_test_id("level-MUC").get_by_test_id("incoming")).to_contain_text(
        "3 by Mon 21 Dec 2026"
    )
    expect(page.get_by_test_id("level-HAM").get_by_test_id("on-hand")).to_have_text("7")

    page.get_by_role("link", name="Import and export").click()
    count = FilePayload(name="count.csv", mimeType="text/csv",
                        buffer=b"sku,warehouse,on_hand\nMUG-BLUE,HAM,9\nNOPE,HAM,1\n")  # fmt: skip
    page.get_by_test_id("stock-file").set_input_files(files=count)
    page.get_by_test_id("stock-csv").get_by_role("button", name="Preview changes").click()
    expect(page.get_by_test_id("bad-line-3")).to_contain_text("unknown SKU NOPE")
    expect(page.get_by_test_id("change-MUG-BLUE-HAM")).to_contain_text("+2")
    fits(page)
    page.get_by_test_id("apply").click()
    expect(page.get_by_test_id("flash")).to_contain_text("count.csv: 1 stock changes applied")
    page.goto(f"{live_server}/workspace/stock/sku/MUG-BLUE")
    expect(page.get_by_test_id("level-HAM").get_by_test_id("on-hand")).to_have_text("9")
    expect(page.get_by_test_id("movement").first).to_contain_text("import")


def test_agents_see_the_stock_pages_but_no_forms(
    page: Page, live_server: str, shelves: None, agent_login: StaffLogin
) -> None:
    log_in(page, live_server, agent_login)
    for width in (1440, 768):  # one login, both widths: the pages are read-only either way
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server}/workspace/stock")
        expect(page.get_by_test_id("stock-rows")).to_contain_text("MUG-BLUE")
        page.get_by_role("link", name="MUG-BLUE").click()
        expect(page.get_by_test_id("sku-levels")).to_contain_text("HAM")
        expect(page.get_by_test_id("adjust-form")).to_have_count(0)
        expect(page.get_by_role("button", name="Set")).to_have_count(0)
        fits(page)
        page.get_by_role("link", name="Transfers").click()
        expect(page.get_by_test_id("no-transfers")).to_be_visible()
        expect(page.get_by_test_id("transfer-form")).to_have_count(0)
        page.get_by_role("link", name="Import and export").click()
        expect(page.get_by_test_id("export-stock")).to_be_visible()
        expect(page.locator("input[type=file]")).to_have_count(0)
        fits(page)
