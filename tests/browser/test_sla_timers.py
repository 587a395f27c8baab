"""SLA timers tick on the agent's screen: on the ticket view as in the inbox, a first
response due in a minute and a half counts down and turns overdue (breached) without a reload."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session, sessionmaker

from tests.browser.conftest import StaffLogin, log_in
from tests.factories.support import make_ticket

pytestmark = pytest.mark.browser
URGENT_FIRST_RESPONSE = timedelta(minutes=30)  # the default policy; no team: every minute counts


@pytest.fixture
def clocked_page(browser: Browser) -> Iterator[Page]:
    """A page on Playwright's clock, started at the server's moment and running on.

    Not ``conftest.new_context``, which installs that clock only under ``--clock-at``:
    this test always moves the page's clock itself. ``datetime.now`` is the wall clock
    ``--clock-at`` shifted, so page and server agree there too.
    """
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    context.clock.install(time=datetime.now(UTC))
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def nearly_due(session_factory: sessionmaker[Session]) -> tuple[int, datetime]:
    """An urgent ticket opened 28½ minutes ago: its first response is due in 90 seconds
    (and at risk already). Returns its id and that due instant."""
    opened = datetime.now(UTC) - URGENT_FIRST_RESPONSE + timedelta(seconds=90)
    with session_factory() as session, session.begin():
        ticket = make_ticket(session, subject="Clock check", priority="urgent", now=opened)
        assert ticket.sla_due_at == opened + URGENT_FIRST_RESPONSE
        return ticket.id, ticket.sla_due_at


def _page_now(page: Page) -> datetime:
    return datetime.fromtimestamp(page.evaluate("Date.now()") / 1000, UTC)


def _until(page: Page, moment: datetime) -> int:
    """Milliseconds from the page's clock to ``moment``."""
    return int((moment - _page_now(page)).total_seconds() * 1000)


def test_the_ticket_views_sla_clocks_count_down_and_turn_breached_without_a_reload(
    clocked_page: Page, live_server: str, agent_login: StaffLogin,
    nearly_due: tuple[int, datetime],
) -> None:  # fmt: skip
    page = clocked_page
    ticket_id, due = nearly_due
    log_in(page, live_server, agent_login)
    page.goto(f"{live_server}/workspace/tickets/{ticket_id}")
    first = page.get_by_test_id("sla-first-response")
    resolution = page.get_by_test_id("sla-resolution")
    expect(first).to_have_text(re.compile(r"^due in (1 min|< 1 min)$"))
    expect(first).to_have_class(re.compile(r"\bsla-at_risk\b"))
    expect(resolution).to_have_text(re.compile(r"^due in 1 h 3\d min$"))
    expect(resolution).to_have_class(re.compile(r"\bsla-on_track\b"))
    resolution_before = resolution.inner_text()
    page.evaluate("window.sameDocument = true")

    page.clock.fast_forward(_until(page, due - timedelta(seconds=20)))
    expect(first).to_have_text("due in < 1 min")

    page.clock.fast_forward(80_000)  # a minute past the due instant
    expect(first).to_have_text("overdue 1 min")
    expect(first).to_have_class(re.compile(r"\bsla-breached\b"))
    expect(first).not_to_have_class(re.compile(r"\bsla-at_risk\b"))
    expect(resolution).not_to_have_text(resolution_before)  # every running clock ticks
    expect(resolution).to_have_class(re.compile(r"\bsla-on_track\b"))
    assert page.evaluate("window.sameDocument") is True  # no reload happened

    # The inbox's timers tick by the same code: its row says what the ticket view says,
    # though the server, on real time, rendered it still counting down.
    page.goto(f"{live_server}/workspace?view=open")
    row_timer = page.get_by_test_id(f"sla-{ticket_id}")
    expect(row_timer).to_have_text("overdue 1 min")
    expect(row_timer).to_have_class(re.compile(r"\bsla-breached\b"))
