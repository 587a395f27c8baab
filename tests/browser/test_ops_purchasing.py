"""Purchasing in Chromium at desktop and tablet width, by keyboard where the dock is: a
buyer creates a purchase order, sends it (the supplier's mailbox gets the PDF), and the
dock receives part of it by typed scans — the right item counts, an unknown barcode and
an over-receipt are refused — and the receipt names the customer it unblocked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from tests.browser.conftest import StaffLogin, log_in, serve
from tests.factories.purchasing import TEE, TEE_EAN, make_dock
from tests.support.relay import relay_all
from tests.support.smtp import Inbox

pytestmark = pytest.mark.browser
BUYER = StaffLogin("olga@example.com", "correct-horse-battery", "Olga Ops")


@pytest.fixture
def shop(smtp: tuple[Settings, Inbox], engine: Engine,
         session_factory: sessionmaker[Session]) -> Iterator[tuple[str, Settings, Inbox]]:  # fmt: skip
    settings, inbox = smtp
    with session_factory() as session, session.begin():
        make_dock(session, waiting=2)
        create_user(session, email=BUYER.email, name=BUYER.name, role=Role.OPERATIONS,
                    password=BUYER.password)  # fmt: skip
    with serve(create_app(settings, engine=engine)) as base:
        yield base, settings, inbox


def fits(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("width", [1440, 768])
def test_a_purchase_order_is_sent_and_received_by_scans(
    page: Page, shop: tuple[str, Settings, Inbox], session_factory: sessionmaker[Session],
    width: int,
) -> None:  # fmt: skip
    base, settings, inbox = shop
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, base, BUYER)
    page.goto(f"{base}/workspace/purchase-orders")
    expect(page.get_by_test_id("po-list")).to_be_visible()
    page.keyboard.press("n")
    page.get_by_test_id("po-supplier").select_option(label="Nordwolle GmbH (10 days, EUR)")
    page.get_by_test_id("po-lines").fill(f"{TEE} 5\nCAP-OLIVE 2")
    page.get_by_test_id("po-create").click()
    expect(page.get_by_test_id("po-state")).to_have_text("Not sent")
    number = page.get_by_test_id("po-number").inner_text()
    assert fits(page)

    page.get_by_test_id("po-send").click()
    expect(page.get_by_test_id("flash")).to_contain_text("with the PDF attached")
    relay_all(session_factory, settings)
    [mail] = inbox.wait_for_subject(f"Purchase order {number} from Nordlicht")
    [pdf] = list(mail.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_content().startswith(b"%PDF")

    page.reload()
    expect(page.get_by_test_id("po-state")).to_have_text("Sent")
    page.keyboard.press("r")
    scan = page.get_by_test_id("item-scan")
    expect(scan).to_be_focused()
    status = page.get_by_test_id("scan-status")
    scan.press_sequentially(TEE_EAN)
    scan.press("Enter")
    expect(status).to_contain_text(f"+1 {TEE}")
    scan.press_sequentially("4006381399999")
    scan.press("Enter")
    expect(status).to_contain_text("Unknown barcode “4006381399999”")
    expect(status).to_have_class("scan-status bad")
    page.get_by_test_id("case-qty").fill("3")
    scan.press_sequentially(TEE.lower())
    scan.press("Enter")
    expect(page.get_by_test_id(f"qty-{TEE}")).to_have_value("4")
    page.get_by_test_id("case-qty").fill("2")
    scan.press_sequentially(TEE)
    scan.press("Enter")
    expect(status).to_contain_text("Over-receipt refused: TEE-NAVY-M would be 6 but only 5")
    expect(page.get_by_test_id(f"qty-{TEE}")).to_have_value("4")
    page.get_by_test_id(f"bin-{TEE}").fill("A-01-3")
    assert fits(page)
    page.keyboard.press("Control+Enter")

    expect(page.get_by_test_id("flash")).to_contain_text("Received 4 unit(s); 1 backorder")
    expect(page.get_by_test_id(f"received-{TEE}")).to_contain_text("A-01-3")
    unblocked = page.get_by_test_id("unblocked")
    expect(unblocked).to_contain_text("Ana Lima")
    customer_link = unblocked.get_by_role("link", name="Ana Lima")
    assert (customer_link.get_attribute("href") or "").startswith("/workspace/customers/")
    assert fits(page)
