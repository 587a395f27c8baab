"""The Replenishment screen in Chromium at desktop and tablet width: a buyer reads why a
line is suggested, edits its quantity, presses "o" and gets a draft purchase order; the
transfer from a warehouse with spare stock is shown; the page fits the width."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import inventory, replenishment
from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from tests.browser.conftest import StaffLogin, log_in, serve
from tests.factories.replenishment import Shop, make_replenishment_shop, store_forecast

pytestmark = pytest.mark.browser
BUYER = StaffLogin("olga@example.com", "correct-horse-battery", "Olga Ops")


@pytest.fixture
def shop(settings: Settings, engine: Engine,
         session_factory: sessionmaker[Session]) -> Iterator[tuple[str, Shop]]:  # fmt: skip
    with session_factory() as session, session.begin():
        made = make_replenishment_shop(session, munich_stock=400)
        store_forecast(session, made.tee, made.hamburg, 42.0)
        create_user(session, email=BUYER.email, name=BUYER.name, role=Role.OPERATIONS,
                    password=BUYER.password)  # fmt: skip
    with serve(create_app(settings, engine=engine)) as base:
        yield base, made


@pytest.mark.parametrize("width", [1440, 768])
def test_a_buyer_orders_a_suggestion_by_keyboard(
    page: Page, shop: tuple[str, Shop], session_factory: sessionmaker[Session], width: int
) -> None:
    base, made = shop
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, base, BUYER)
    page.goto(f"{base}/workspace/replenishment")
    key = f"{made.tee}-{made.hamburg}"
    expect(page.get_by_test_id(f"reason-{key}")).to_contain_text("forecast 42/week")
    expect(page.get_by_test_id("transfer-TEE-NAVY-M")).to_contain_text("MUC")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_test_id(f"qty-{key}").fill("40")
    page.locator("h1").click()  # leave the field: one-key shortcuts work outside fields
    page.keyboard.press("o")
    expect(page.get_by_test_id("flash")).to_contain_text("Draft purchase orders PO-")
    with session_factory() as session:
        [po], _ = inventory.list_purchase_orders(session)
    assert [(ln.sku, ln.quantity_ordered) for ln in po.lines] == [("TEE-NAVY-M", 40)]


def test_a_buyer_sets_a_service_level_for_one_sku_and_sees_the_plan_age(
    page: Page, shop: tuple[str, Shop], session_factory: sessionmaker[Session]
) -> None:
    base, made = shop
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, BUYER)
    page.goto(f"{base}/workspace/replenishment")
    expect(page.get_by_test_id("plan-age-text")).to_have_text("computed just now")
    expect(page.get_by_test_id("no-overrides")).to_be_visible()
    page.get_by_test_id("override-sku").fill("TEE-NAVY-M")
    page.get_by_test_id("override-warehouse").select_option(label="HAM Hamburg")
    page.get_by_test_id("override-level").fill("101")
    page.get_by_test_id("save-override").click()
    expect(page.get_by_test_id("error-level")).to_have_text("Enter between 50 and 99.9 %.")
    expect(page.get_by_test_id("override-sku")).to_have_value("TEE-NAVY-M")
    page.get_by_test_id("override-level").fill("99.5")
    page.get_by_test_id("save-override").click()
    expect(page.get_by_test_id("override-TEE-NAVY-M-HAM")).to_contain_text("99.5 %")
    page.get_by_test_id("recompute").click()
    expect(page.get_by_test_id("flash")).to_contain_text("Plan recomputed")
    key = f"{made.tee}-{made.hamburg}"
    expect(page.get_by_test_id(f"reason-{key}")).to_contain_text("service level 99.5 %")
    page.get_by_test_id("clear-TEE-NAVY-M-HAM").click()
    expect(page.get_by_test_id("no-overrides")).to_be_visible()
    with session_factory() as session:
        assert replenishment.overrides(session) == {}
