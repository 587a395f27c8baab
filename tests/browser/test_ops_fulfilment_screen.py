"""The fulfilment screen in Chromium at tablet width: create a batch pick list for a
warehouse, walk it in bin order, and go from a tote to the packing station."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import fulfilment
from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from tests.browser.conftest import StaffLogin, log_in
from tests.factories.fulfilment import TUESDAY
from tests.factories.orders import MUG, TEE, make_shop, place

pytestmark = pytest.mark.browser
LEAD = StaffLogin("olga@example.com", "correct-horse-battery", "Olga Ops")


@pytest.fixture
def shop(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as session, session.begin():
        create_user(session, email=LEAD.email, name=LEAD.name, role=Role.OPERATIONS,
                    password=LEAD.password)  # fmt: skip
        shop = make_shop(session)
        place(session, {MUG: 1, TEE: 1}, now=TUESDAY)
        fulfilment.set_bin(session, warehouse_id=shop.berlin, sku=TEE, bin_code="A-2")
        fulfilment.set_bin(session, warehouse_id=shop.berlin, sku=MUG, bin_code="A-10")
        return shop.berlin


def test_a_pick_list_is_created_walked_by_bin_and_its_tote_packed(
    page: Page, live_server: str, shop: int
) -> None:
    page.set_viewport_size({"width": 768, "height": 1000})
    log_in(page, live_server, LEAD)
    page.goto(f"{live_server}/workspace/fulfilment")
    expect(page.get_by_test_id("no-pick-lists")).to_be_visible()
    create = page.get_by_test_id("create-pick-list")
    create.get_by_label("Warehouse").select_option(label="BER · Berlin")
    create.get_by_role("button", name="Create pick list").click()

    expect(page.get_by_test_id("flash")).to_contain_text(": 1 order.")
    skus = page.get_by_test_id("pick-rows").locator("tbody tr td:nth-child(2)")
    expect(skus).to_have_text([TEE, MUG])  # A-2 before A-10
    expect(page.get_by_test_id("pick-list-pdf")).to_have_attribute("target", "_blank")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_test_id("totes").get_by_role("link", name="Pack").click()
    expect(page.get_by_test_id("parcel-progress")).to_have_text("0 / 2")
    expect(page.get_by_test_id("scan-input")).to_be_focused()
