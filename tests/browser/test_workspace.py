"""The agent workspace in Chromium: from the inbox to a late order's ticket, its live
customer panel, a reply that leaves by e-mail, and an SLA clock that pauses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import support
from opsdesk.config import Settings
from opsdesk.kernel.http import Principal, Role
from tests.browser.conftest import StaffLogin, log_in
from tests.factories.workspace import LateOrderTicket, late_order_ticket
from tests.support.smtp import Inbox, smtp_server

pytestmark = pytest.mark.browser
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "ticket-view.png"


@pytest.fixture
def mailbox() -> Iterator[tuple[str, int, Inbox]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def settings(settings: Settings, mailbox: tuple[str, int, Inbox]) -> Settings:
    """The live server relays its outbox itself and mails through the test SMTP server."""
    host, port, _inbox = mailbox
    return settings.model_copy(
        update={"smtp_host": host, "smtp_port": port, "smtp_security": "none",
                "mail_from": "care@nordlicht.example", "store_name": "Nordlicht",
                "embedded_worker": True, "worker_poll_seconds": 0.1}
    )  # fmt: skip


@pytest.fixture
def arranged(session_factory: sessionmaker[Session]) -> LateOrderTicket:
    with session_factory() as session, session.begin():
        macro = support.MacroCreate(
            name="Late parcel",
            body="Hello {{ customer_first_name }}, I am sorry that order {{ order_number }} "
            "is late. It is at the Leipzig hub now.",
        )
        support.create_macro(session, macro, author=Principal(None, Role.ADMIN, "Admin"))
        return late_order_ticket(session)


def test_an_agent_opens_a_late_order_ticket_from_the_inbox_and_sees_operations_live(
    page: Page, live_server: str, agent_login: StaffLogin, arranged: LateOrderTicket
) -> None:
    log_in(page, live_server, agent_login)
    page.get_by_test_id("view-unassigned").click()
    row = page.locator(f"tr[data-ticket-id='{arranged.ticket_id}']")
    expect(row).to_contain_text(f"Order {arranged.late.number} is late")
    expect(row.get_by_test_id(f"sla-{arranged.ticket_id}")).to_have_text(re.compile(r"due in"))

    page.keyboard.press("j")
    expect(row).to_have_class(re.compile("selected"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server}/workspace/tickets/{arranged.ticket_id}")

    order = page.get_by_test_id(f"order-{arranged.late.number}")
    expect(order.get_by_test_id("late-badge")).to_be_visible()
    shipment = order.get_by_test_id(f"shipment-{arranged.late.shipment_id}")
    expect(shipment.get_by_test_id(f"promised-{arranged.late.shipment_id}")).to_have_text(
        arranged.late.promised.strftime("%a %d %b %Y")
    )
    assert arranged.late.estimated is not None
    expect(shipment.get_by_test_id(f"estimated-{arranged.late.shipment_id}")).to_have_text(
        arranged.late.estimated.strftime("%a %d %b %Y")
    )
    expect(shipment).to_contain_text("Delayed: sorting backlog at the hub")
    expect(order.get_by_test_id("stock-MUG-BLUE-BER")).to_contain_text("BER: 8")
    expect(order.get_by_test_id(f"timeline-{arranged.late.number}")).to_contain_text("MUG-BLUE")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    tees = page.get_by_test_id(f"order-{arranged.backordered_number}")
    tees.locator("summary").first.click()
    expect(tees).to_contain_text(f"+10 on {arranged.purchase_order_number}")


def test_a_macro_reply_is_coached_sent_by_email_and_pauses_the_clock(
    page: Page,
    live_server: str,
    agent_login: StaffLogin,
    arranged: LateOrderTicket,
    mailbox: tuple[str, int, Inbox],
) -> None:
    log_in(page, live_server, agent_login)
    page.goto(f"{live_server}/workspace/tickets/{arranged.ticket_id}")
    expect(page.get_by_test_id("sla-resolution")).to_have_text(re.compile(r"^due in"))

    box = page.get_by_label("Message", exact=True)
    box.press_sequentially("Send me the tracking number.", delay=5)
    expect(page.get_by_test_id("tone-score")).to_have_text(re.compile(r"\d+/100"))
    suggestion = page.locator("button.suggestion").first
    expect(suggestion).to_be_visible()
    suggestion.click()
    assert box.input_value() != "Send me the tracking number."

    page.get_by_label("Insert a macro").select_option(label="Late parcel (en)")
    box = page.get_by_label("Message", exact=True)
    expect(box).to_have_value(
        f"Hello Ana, I am sorry that order {arranged.late.number} is late. "
        "It is at the Leipzig hub now."
    )
    page.get_by_label("Then set status").select_option("pending_customer")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_test_id("flash")).to_have_text("Reply sent to the customer.")
    expect(page.get_by_test_id("ticket-status")).to_have_text("Pending customer")
    expect(page.get_by_test_id("sla-resolution")).to_have_text(re.compile(r"^paused"))
    replies = page.get_by_test_id("message").filter(has_text="Leipzig hub")
    expect(replies).to_have_count(1)

    _host, _port, inbox = mailbox
    subject = f"Re: Order {arranged.late.number} is late [#T-{arranged.ticket_id}]"
    arrived = inbox.wait_for_subject(subject, timeout=15)
    assert len(arrived) == 1
    assert arrived[0]["To"] == "ana.lima@example.com"
    plain = arrived[0].get_body(("plain",))
    assert plain is not None
    assert "Leipzig hub" in plain.get_content()


def test_setting_pending_customer_in_the_controls_pauses_the_sla_timer(
    page: Page, live_server: str, agent_login: StaffLogin, arranged: LateOrderTicket
) -> None:
    log_in(page, live_server, agent_login)
    page.goto(f"{live_server}/workspace/tickets/{arranged.ticket_id}")
    controls = page.get_by_role("form", name="Ticket controls")
    controls.get_by_label("Status").select_option("pending_customer")
    controls.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("flash")).to_have_text("Ticket updated.")
    expect(page.get_by_test_id("sla-first-response")).to_have_text(re.compile(r"^paused"))
    page.goto(f"{live_server}/workspace?view=open")
    expect(page.get_by_test_id(f"sla-{arranged.ticket_id}")).to_have_text("paused")
