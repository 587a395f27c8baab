"""The Forecast page over HTTP: the empty state before any run, the list with its search,
filters and sorts, one SKU's chart data with stockout weeks, the Stock page's small chart,
404 for an unknown SKU and the login wall."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.forecasting.store_run import RunOptions, run_store_forecast
from opsdesk.kernel.http import Role
from tests.factories.forecast import AS_OF, STOCKOUT_WEEKS, ForecastShop, make_forecast_shop
from tests.support.web import log_in


@pytest.fixture
def shop(session_factory: sessionmaker[Session]) -> ForecastShop:
    with session_factory() as session, session.begin():
        return make_forecast_shop(session)


def _forecast(factory: sessionmaker[Session]) -> None:
    with factory() as session, session.begin():
        run_store_forecast(session, RunOptions(freq="W", horizon=4, fast=True), AS_OF)


def listed(page: str) -> list[str]:
    return re.findall(r'data-testid="series-([A-Z-]+-(?:HAM|MUC))"', page)


def test_before_any_run_the_page_says_how_to_get_one(
    client: TestClient, session_factory: sessionmaker[Session], shop: ForecastShop
) -> None:
    log_in(client, session_factory, Role.AGENT, landing="/workspace/forecast")
    page = client.get("/workspace/forecast")
    assert page.status_code == 200
    assert 'data-testid="no-forecast"' in page.text
    assert "opsdesk forecast run" in page.text
    detail = client.get("/workspace/forecast/sku/MUG-BLUE")
    assert detail.status_code == 200
    assert "tonight" in detail.text
    assert 'data-testid="stock-forecast"' not in client.get("/workspace/stock/sku/MUG-BLUE").text


def test_the_list_searches_filters_and_sorts_the_latest_run(
    client: TestClient, session_factory: sessionmaker[Session], shop: ForecastShop
) -> None:
    _forecast(session_factory)
    log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/forecast")
    assert listed(client.get("/workspace/forecast").text) == [
        "MUG-BLUE-HAM",
        "TEE-M-HAM",
        "MUG-BLUE-MUC",
    ]
    assert listed(client.get("/workspace/forecast?sort=sku").text)[0].startswith("MUG-BLUE")
    assert listed(client.get("/workspace/forecast?q=TEE").text) == ["TEE-M-HAM"]
    assert listed(client.get(f"/workspace/forecast?warehouse={shop.muc}").text) == ["MUG-BLUE-MUC"]
    assert listed(client.get("/workspace/forecast?category=clothing").text) == ["TEE-M-HAM"]
    assert len(listed(client.get("/workspace/forecast?sort=error").text)) == 3
    odd = client.get("/workspace/forecast?sort=nonsense&warehouse=x&cursor=%%%")
    assert odd.status_code == 200
    assert len(listed(odd.text)) == 3
    assert client.get("/workspace/forecast?q=" + "A" * 65).status_code == 422
    assert 'data-testid="no-series"' in client.get("/workspace/forecast?q=ZZZ").text


def test_one_sku_shows_history_forecast_interval_and_stockout_weeks(
    client: TestClient, session_factory: sessionmaker[Session], shop: ForecastShop
) -> None:
    _forecast(session_factory)
    log_in(client, session_factory, Role.AGENT, landing="/workspace/forecast")
    page = client.get(f"/workspace/forecast/sku/MUG-BLUE?warehouse={shop.ham}")
    assert page.status_code == 200
    island = re.search(
        r"<script type=\"application/json\" data-forecast-data>(.*?)</script>", page.text, re.S
    )
    assert island is not None
    chart = json.loads(island.group(1))
    assert len(chart["labels"]) == 52 + 4
    assert chart["history"][-5] == 5.0
    assert chart["history"][-1] is None
    assert len(chart["stockouts"]) == len(STOCKOUT_WEEKS)
    assert chart["model"] in page.text
    assert 'data-testid="forecast-table"' in page.text
    total = client.get("/workspace/forecast/sku/MUG-BLUE").text
    assert "bottom-up" in total
    assert client.get("/workspace/forecast/sku/NOPE").status_code == 404
    stock = client.get("/workspace/stock/sku/MUG-BLUE").text
    assert 'data-testid="stock-forecast"' in stock
    assert "data-forecast-data" in stock


def test_anonymous_visitors_are_sent_to_log_in(client: TestClient) -> None:
    answer = client.get("/workspace/forecast", follow_redirects=False)
    assert answer.status_code in (302, 303)
    assert "/login" in answer.headers["location"]
