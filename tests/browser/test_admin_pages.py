"""Operations in Chromium: preview a disruption picked from the store's regions, declare
it and see the parcels it puts at risk, preview a built-in rule, and read the reports drawn by Chart.js. Saves the screenshots
``docs/screenshots/rule-preview.png`` and ``docs/screenshots/reports.png``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import proactive
from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from tests.browser.conftest import StaffLogin, log_in, serve
from tests.factories.admin_pages import ReportHistory, report_history
from tests.factories.fulfilment import FixedClock
from tests.factories.tracking import THURSDAY, TrackedOrder, late_order

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def ops_server(settings: Settings, engine: Engine) -> Iterator[str]:
    """The real app on loopback, its clock held on the Thursday the parcel is late."""
    app = create_app(settings.model_copy(update={"store_name": "Nordlicht"}), engine=engine)
    app.state.clock = FixedClock(THURSDAY)
    with serve(app) as base:
        yield base


@pytest.fixture
def operations_login(session_factory: sessionmaker[Session]) -> StaffLogin:
    login = StaffLogin("jonas@example.com", "correct-horse-battery", "Jonas Weber")
    with session_factory() as session, session.begin():
        create_user(session, email=login.email, name=login.name, role=Role.OPERATIONS,
                    password=login.password)  # fmt: skip
    return login


@pytest.fixture
def late(session_factory: sessionmaker[Session]) -> TrackedOrder:
    with session_factory() as session, session.begin():
        proactive.seed_builtin_rules(session, currency="EUR", now=THURSDAY)
        return late_order(session)


@pytest.fixture
def history(session_factory: sessionmaker[Session]) -> ReportHistory:
    with session_factory() as session, session.begin():
        return report_history(session)


def test_operations_preview_and_declare_a_disruption_then_preview_the_delay_rule(
    page: Page, ops_server: str, operations_login: StaffLogin, late: TrackedOrder
) -> None:
    log_in(page, ops_server, operations_login)
    page.get_by_role("link", name="Disruptions", exact=True).click()
    page.get_by_text("Declare a disruption").click()
    form = page.get_by_test_id("disruption-form")
    form.get_by_label("Kind").select_option("hub_closure")
    form.get_by_label("Severity").select_option("high")
    form.get_by_label("Region").select_option(label="BE — warehouse Berlin · parcels to DE")
    form.get_by_label("Starts (Europe/Berlin)").fill("2026-11-19T12:00")
    form.get_by_label("Ends (Europe/Berlin)").fill("2026-11-21T18:00")
    form.get_by_label("Note").fill("Leipzig hub closed after the storm")
    form.get_by_role("button", name="Preview").click()

    # Nothing is declared yet: the preview shows the parcel and the message it would cause.
    preview = page.get_by_test_id("disruption-preview")
    expect(preview.get_by_test_id("preview-newly-at-risk")).to_have_text("1")
    expect(preview.get_by_test_id("preview-customers")).to_have_text("1")
    expect(preview.get_by_test_id(f"preview-shipment-{late.shipment_id}")).to_contain_text(
        late.number
    )
    notices = preview.get_by_test_id("preview-notices")
    expect(notices).to_contain_text(late.number)
    expect(notices).to_contain_text("delay notice")
    expect(notices).to_contain_text("Ana Lima")
    preview.get_by_role("button", name="Declare and notify 1 customer").click()

    expect(page).to_have_url(re.compile(r"/workspace/disruptions/\d+$"))
    expect(page.get_by_test_id("flash")).to_contain_text("1 in-flight shipment rescored")
    expect(page.get_by_test_id("affected-count")).to_have_text("1")
    expect(page.get_by_test_id("affected-at-risk")).to_have_text("1")
    row = page.get_by_test_id(f"affected-{late.shipment_id}")
    expect(row).to_contain_text(late.number)
    expect(row).to_contain_text("hub closed in region BE")
    expect(row.get_by_test_id(f"probability-{late.shipment_id}")).to_have_text(re.compile(r"\d+ %"))

    page.get_by_role("link", name="Rules", exact=True).click()
    page.get_by_role("link", name="Shipment at risk: delay notice and remedy").click()
    page.get_by_test_id("run-preview").click()
    result = page.get_by_test_id("preview")
    expect(result.get_by_test_id("preview-would-fire")).to_have_text("1")
    expect(result.get_by_test_id("preview-messages")).to_have_text("1")
    expect(result.get_by_test_id("preview-codes")).to_have_text("1")
    expect(result.get_by_test_id("preview-items")).to_contain_text(late.number)
    expect(page.get_by_test_id("audit-empty")).to_be_visible()  # the preview recorded nothing
    page.get_by_test_id("preview").scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "rule-preview.png"), full_page=False)


def test_reports_draw_every_chart_with_data(
    page: Page, ops_server: str, operations_login: StaffLogin, history: ReportHistory
) -> None:
    log_in(page, ops_server, operations_login)
    page.goto(f"{ops_server}/workspace/reports?from=2026-11-01&to=2026-11-22")
    expect(page.locator("#charts")).to_have_attribute("data-rendered", "true")
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll("canvas[data-chart]")).map((canvas) => {
             const chart = window.Chart.getChart(canvas);
             return [canvas.dataset.chart, chart ? chart.data.datasets[0].data.length : 0];
           })"""
    )
    assert dict(drawn) == {
        "sla-breach-week": 3, "sla-breach-priority": 4, "sla-median-week": 3,
        "csat-average-week": 3, "csat-distribution-week": 3, "csat-average-team": 2,
        "errors-warehouse": 1, "errors-packer": 2, "tickets-week": 4, "agents": 1,
    }  # fmt: skip
    table = page.locator("#errors-packer-table")
    expect(table.get_by_role("row", name=re.compile("Mia"))).to_contain_text("200.0")

    page.get_by_test_id("report-filters").locator("select[name=team]").select_option(
        history.team_names[0]
    )
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"team=Care\+Berlin"))
    expect(page.locator("#charts")).to_have_attribute("data-rendered", "true")
    page.screenshot(path=str(SCREENSHOTS / "reports.png"), full_page=True)
