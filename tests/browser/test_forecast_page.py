"""The Forecast page in Chromium, at desk (1440 px) and tablet (768 px) width: the list of
the latest run sorted by demand, a SKU's chart drawn (history, forecast, interval,
stockout weeks) with its model and error, and the small chart on the Stock page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.forecasting.store_run import RunOptions, run_store_forecast
from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from tests.browser.conftest import StaffLogin, log_in
from tests.factories.forecast import AS_OF, make_forecast_shop

pytestmark = pytest.mark.browser
WIDTHS = pytest.mark.parametrize("width", [1440, 768], ids=["desk", "tablet"])
OLGA = StaffLogin("olga@example.com", "correct-horse-battery", "Olga Ops")


@pytest.fixture
def forecast_run(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session, session.begin():
        create_user(session, email=OLGA.email, name=OLGA.name, role=Role.OPERATIONS,
                    password=OLGA.password)  # fmt: skip
        make_forecast_shop(session)
        run_store_forecast(session, RunOptions(freq="W", horizon=6, fast=True), AS_OF)


def fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@WIDTHS
def test_operations_read_a_forecast_and_its_chart(
    page: Page, live_server: str, forecast_run: None, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, OLGA)
    page.goto(f"{live_server}/workspace/forecast")
    rows = page.get_by_test_id("forecast-rows").locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("MUG-BLUE")
    fits(page)

    page.get_by_test_id("forecast-search").fill("TEE")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    page.get_by_role("link", name="TEE-M").click()
    chart = page.get_by_test_id("forecast-chart")
    expect(chart).to_have_attribute("data-drawn", "true")
    expect(page.get_by_test_id("forecast-model")).to_contain_text("bottom-up")
    expect(page.get_by_test_id("forecast-table").locator("tbody tr")).to_have_count(6)
    fits(page)

    page.get_by_label("Warehouse", exact=True).select_option(label="HAM · Warehouse HAM")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("forecast-model")).to_contain_text("backtest MAE")
    page.goto(f"{live_server}/workspace/forecast/sku/MUG-BLUE")
    expect(page.get_by_test_id("forecast-stockouts")).to_contain_text("Stockout weeks")
    page.goto(f"{live_server}/workspace/stock/sku/MUG-BLUE")
    expect(
        page.get_by_test_id("stock-forecast").get_by_test_id("forecast-chart")
    ).to_have_attribute("data-drawn", "true")
    fits(page)
