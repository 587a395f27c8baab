"""The inbox in Chromium: the search box finds tickets by the customer's name or e-mail, and
the rows refresh in place every 5 s without taking the agent's focus or typing, announcing
only what changed."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import support
from tests.browser.conftest import StaffLogin, log_in
from tests.factories.support import make_ticket

pytestmark = pytest.mark.browser
ROWS_URL = re.compile(r"/workspace/inbox/rows\?")


@pytest.fixture
def tickets(session_factory: sessionmaker[Session]) -> dict[str, int]:
    """Ana Lima's and Bruno Costa's tickets (unassigned, on a running SLA clock)."""
    with session_factory() as session, session.begin():
        ana = make_ticket(session, subject="Where is my parcel?").id
        bruno = make_ticket(
            session, subject="Refund for the tee", customer_email="bruno.costa@example.org",
            customer_name="Bruno Costa",
        ).id  # fmt: skip
    return {"ana": ana, "bruno": bruno}


def _open_inbox(page: Page, base: str, login: StaffLogin, query: str = "") -> None:
    log_in(page, base, login)
    expect(page.get_by_test_id("whoami")).to_contain_text(login.name)
    page.goto(f"{base}/workspace?view=open&sort=oldest{query}")


def _focused_ticket(page: Page) -> str | None:
    value = page.evaluate(
        "() => document.activeElement.matches('a.ticket-link')"
        " ? document.activeElement.closest('tr').dataset.ticketId : null"
    )
    return None if value is None else str(value)


def test_the_search_box_finds_tickets_by_customer_name_and_e_mail(
    page: Page, live_server: str, agent_login: StaffLogin, tickets: dict[str, int]
) -> None:
    _open_inbox(page, live_server, agent_login)
    rows = page.locator("tr.ticket-row")
    expect(rows).to_have_count(2)
    search = page.locator("#inbox-search")
    for typed, who in (("Lima", "ana"), ("bruno.costa@", "bruno"), ("BRUNO COSTA", "bruno")):
        search.fill(typed)
        search.press("Enter")
        expect(page).to_have_url(re.compile(r"[?&]q="))
        expect(rows).to_have_count(1)
        expect(rows).to_have_attribute("data-ticket-id", str(tickets[who]))
        search = page.locator("#inbox-search")
        expect(search).to_have_value(typed)
    search.fill("%")
    search.press("Enter")
    expect(page.get_by_test_id("inbox-rows")).to_contain_text("No tickets here")


def test_a_refresh_keeps_focus_typing_and_scroll_and_announces_only_changes(
    page: Page,
    live_server: str,
    agent_login: StaffLogin,
    tickets: dict[str, int],
    session_factory: sessionmaker[Session],
) -> None:
    page.set_viewport_size({"width": 1366, "height": 420})  # the table scrolls
    _open_inbox(page, live_server, agent_login)
    table = page.get_by_test_id("inbox")
    assert (
        table.evaluate("t => t.matches('[aria-live]') || !!t.querySelector('[aria-live]')") is False
    )
    status = page.get_by_test_id("inbox-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_be_empty()

    # Nothing changed: a refresh says nothing.
    with page.expect_response(ROWS_URL, timeout=10_000):
        pass
    page.wait_for_timeout(300)
    expect(status).to_be_empty()

    page.keyboard.press("j")  # selects Ana's ticket (the oldest) and focuses its link
    ana_row = page.locator(f"tr[data-ticket-id='{tickets['ana']}']")
    expect(ana_row).to_have_class(re.compile("selected"))
    assert _focused_ticket(page) == str(tickets["ana"])
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    scrolled = page.evaluate("() => window.scrollY")
    assert scrolled > 0

    with session_factory() as session, session.begin():
        newcomer = make_ticket(
            session, subject="Mug arrived broken", customer_email="carla@example.net",
            customer_name="Carla Mendes",
        ).id  # fmt: skip
    expect(page.locator(f"tr[data-ticket-id='{newcomer}']")).to_be_attached()
    expect(status).to_have_text("1 new ticket")
    assert _focused_ticket(page) == str(tickets["ana"])
    expect(ana_row).to_have_class(re.compile("selected"))
    assert page.evaluate("() => window.scrollY") == scrolled

    search = page.locator("#inbox-search")
    search.click()
    search.press_sequentially("half a wo")
    past = datetime.now(UTC) - timedelta(minutes=1)
    with session_factory() as session, session.begin():
        session.execute(
            sa.update(support.Ticket)
            .where(support.Ticket.id == tickets["bruno"])
            .values(sla_due_at=past, sla_breach_at=past, sla_at_risk_at=past)
        )
    bruno_timer = page.get_by_test_id(f"sla-{tickets['bruno']}")
    expect(bruno_timer).to_have_text(re.compile("^overdue"))
    expect(status).to_have_text(f"T-{tickets['bruno']} breached its SLA")
    expect(search).to_be_focused()
    expect(search).to_have_value("half a wo")
    search.press_sequentially("rd")
    expect(search).to_have_value("half a word")

    # The focused ticket leaves the view: focus moves to the row that took its place.
    page.locator(f"tr[data-ticket-id='{tickets['bruno']}'] a.ticket-link").focus()
    with session_factory() as session, session.begin():
        session.execute(
            sa.update(support.Ticket)
            .where(support.Ticket.id == tickets["bruno"])
            .values(status="solved")
        )
    expect(page.locator(f"tr[data-ticket-id='{tickets['bruno']}']")).to_have_count(0)
    expect(status).to_have_text(f"T-{tickets['bruno']} left this view")
    assert _focused_ticket(page) == str(newcomer)
