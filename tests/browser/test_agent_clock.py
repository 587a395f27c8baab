"""Workspace times on the agent's own clock: an agent in São Paulo reads the inbox and the
ticket in São Paulo time, with the store's clock (Berlin) kept in the tooltip."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import support
from opsdesk.web.ui.formatting import when_in
from tests.browser.conftest import StaffLogin, log_in, new_context
from tests.factories.support import make_ticket

pytestmark = pytest.mark.browser
OPENED = datetime(2026, 11, 24, 13, 5, tzinfo=UTC)  # 14:05 in Berlin, 10:05 in São Paulo


def _page_in(browser: Browser, zone: str) -> Iterator[Page]:
    context = new_context(browser, locale="en-GB", timezone_id=zone)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def sao_paulo_page(browser: Browser) -> Iterator[Page]:
    yield from _page_in(browser, "America/Sao_Paulo")


@pytest.fixture
def berlin_page(browser: Browser) -> Iterator[Page]:
    yield from _page_in(browser, "Europe/Berlin")


@pytest.fixture
def ticket(session_factory: sessionmaker[Session]) -> support.Ticket:
    with session_factory() as session, session.begin():
        made = make_ticket(session, subject="Clock check", now=OPENED)
    return made


def test_an_agent_abroad_reads_times_on_their_own_clock(
    sao_paulo_page: Page, live_server: str, agent_login: StaffLogin, ticket: support.Ticket
) -> None:
    page = sao_paulo_page
    log_in(page, live_server, agent_login)
    page.goto(f"{live_server}/workspace/tickets/{ticket.id}")
    opened = page.locator("p.muted time[data-store-clock]").first
    expect(opened).to_contain_text("10:05")
    expect(opened).not_to_contain_text("14:05")
    berlin = when_in(OPENED, ZoneInfo("Europe/Berlin"))
    expect(opened).to_have_attribute("title", berlin)

    page.goto(f"{live_server}/workspace?view=open")
    expect(page.locator("tr.ticket-row time[data-store-clock]").first).to_have_attribute(
        "data-agent-clock", "America/Sao_Paulo"
    )


def test_an_agent_on_the_stores_clock_sees_the_store_time_unchanged(
    berlin_page: Page, live_server: str, agent_login: StaffLogin, ticket: support.Ticket
) -> None:
    log_in(berlin_page, live_server, agent_login)
    berlin_page.goto(f"{live_server}/workspace/tickets/{ticket.id}")
    opened = berlin_page.locator("p.muted time[data-store-clock]").first
    expect(opened).to_have_text(when_in(OPENED, ZoneInfo("Europe/Berlin")))
    expect(opened).not_to_have_attribute("data-agent-clock", "Europe/Berlin")
