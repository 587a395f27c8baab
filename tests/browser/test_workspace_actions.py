"""Acting from the ticket in Chromium: reship a broken mug from the customer panel and see
the replacement order, the stock it reserved and the drafted reply; a change the order's
state no longer allows is refused in its form; a discount code lands in the note."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import promotions
from tests.browser.conftest import StaffLogin, log_in
from tests.factories.workspace import DamagedDeliveryTicket, damaged_delivery_ticket, ship_now

pytestmark = pytest.mark.browser
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "ticket-actions.png"


@pytest.fixture
def arranged(session_factory: sessionmaker[Session]) -> DamagedDeliveryTicket:
    with session_factory() as session, session.begin():
        return damaged_delivery_ticket(session)


def _open_ticket(page: Page, base: str, login: StaffLogin, case: DamagedDeliveryTicket) -> None:
    log_in(page, base, login)
    expect(page.get_by_test_id("whoami")).to_be_visible()
    page.goto(f"{base}/workspace/tickets/{case.ticket_id}")


def test_an_agent_reships_a_broken_mug_and_sees_the_replacement_reserve_stock(
    page: Page, live_server: str, agent_login: StaffLogin, arranged: DamagedDeliveryTicket
) -> None:
    _open_ticket(page, live_server, agent_login, arranged)
    delivered = page.get_by_test_id(f"order-{arranged.delivered.number}")
    # Ten Berlin mugs: two went out in the delivered order, one waits in the open order.
    expect(delivered.get_by_test_id("stock-MUG-BLUE-BER")).to_contain_text("BER: 7")

    reship = delivered.get_by_test_id(f"action-{arranged.delivered.number}-reship")
    reship.locator("summary").click()
    reship.get_by_label("How many MUG-BLUE").fill("1")
    reship.get_by_label("Reason").select_option("damaged")
    reship.get_by_label("Internal note (optional)").fill("Photo of the shards in her e-mail")
    reship.get_by_role("button", name="Reship").click()

    replacement = f"{arranged.delivered.number}-R1"
    expect(page.get_by_test_id("flash")).to_have_text(
        f"Replacement order {replacement} created. "
        "The drafted reply is in the reply box: check it, then send."
    )
    note = page.get_by_test_id("message").filter(has_text="Internal note")
    expect(note).to_contain_text(f"as replacement order {replacement} (damaged)")
    expect(note).to_contain_text("Photo of the shards in her e-mail")
    new_order = page.get_by_test_id(f"order-{replacement}")
    expect(new_order).to_be_visible()
    expect(new_order).to_contain_text("replacement")
    expect(new_order.get_by_test_id("stock-MUG-BLUE-BER")).to_contain_text("BER: 6")
    expect(delivered.get_by_test_id("stock-MUG-BLUE-BER")).to_contain_text("BER: 6")
    reply = page.get_by_role("textbox", name="Message", exact=True)
    # Ana writes in Brazilian Portuguese: the draft is hers to send as it is.
    expect(reply).to_have_value(re.compile(r"^Olá, Ana,\n\nSentimos muito pelo problema com 1 × "))
    expect(reply).to_have_value(re.compile(rf"reposição sem custo como pedido {replacement}"))
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_a_new_address_for_an_order_that_shipped_meanwhile_is_refused_in_its_form(
    page: Page,
    live_server: str,
    agent_login: StaffLogin,
    arranged: DamagedDeliveryTicket,
    session_factory: sessionmaker[Session],
) -> None:
    _open_ticket(page, live_server, agent_login, arranged)
    still_open = page.get_by_test_id(f"order-{arranged.open_number}")
    still_open.locator("summary").first.click()
    change = still_open.get_by_test_id(f"action-{arranged.open_number}-change_address")
    change.locator("summary").click()
    change.get_by_label("Street").fill("Torstraße 1")
    change.get_by_label("Postcode").fill("10119")
    with session_factory() as session, session.begin():  # the warehouse was quicker
        ship_now(session, arranged.open_order_id, arranged.berlin_id)
    change.get_by_role("button", name="Change address").click()

    error = page.get_by_test_id("action-error")
    expect(error).to_have_text(
        f"Cannot change the shipping address of order {arranged.open_number}: it is shipped; "
        "the parcel is with the carrier already; contact the carrier."
    )
    expect(change.get_by_label("Street")).to_have_value("Torstraße 1")
    expect(page.get_by_test_id("message").filter(has_text="Internal note")).to_have_count(0)


def test_a_discount_code_issued_from_the_ticket_is_named_in_the_note(
    page: Page,
    live_server: str,
    agent_login: StaffLogin,
    arranged: DamagedDeliveryTicket,
    session_factory: sessionmaker[Session],
) -> None:
    _open_ticket(page, live_server, agent_login, arranged)
    delivered = page.get_by_test_id(f"order-{arranged.delivered.number}")
    discount = delivered.get_by_test_id(f"action-{arranged.delivered.number}-issue_discount")
    discount.locator("summary").click()
    discount.get_by_label("Kind").select_option("amount")
    discount.get_by_label("Worth").fill("5")
    discount.get_by_label("Reason").fill("sorry for the broken mug")
    discount.get_by_role("button", name="Discount code").click()

    expect(page.get_by_test_id("flash")).to_contain_text("Discount code ")
    with session_factory() as session:
        code = session.scalars(sa.select(promotions.DiscountCode)).one()
    note = page.get_by_test_id("message").filter(has_text="Internal note")
    expect(note).to_contain_text(f"issued the single-use discount code {code.code} (€5.00 off")
    expect(page.get_by_role("textbox", name="Message", exact=True)).to_have_value(
        re.compile(rf"o cupom {code.code}: ele dá €\s5,00 de desconto")
    )
