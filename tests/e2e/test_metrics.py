"""GET /metrics: behind its bearer token, counted by route template, outbox gauges."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.events import OutboxEvent

TOKEN = "scrape-token-for-tests-0123456789"
SCRAPER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def scraped(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"metrics_token": TOKEN}), engine=engine)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def samples(client: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    answer = client.get("/metrics", headers=SCRAPER)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain")
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(answer.text)
        for s in family.samples
    }


def value(
    found: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def test_metrics_are_off_without_a_token(client: TestClient) -> None:
    answer = client.get("/metrics", headers={"Authorization": "Bearer anything"})
    assert answer.status_code == 404
    assert "opsdesk_http_requests_total" not in answer.text


def test_metrics_refuse_a_wrong_or_missing_token(scraped: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        answer = scraped.get("/metrics", headers=headers)
        assert answer.status_code == 401
        assert "opsdesk_" not in answer.text


def test_requests_are_counted_by_route_template_not_path(
    scraped: TestClient, admin_headers: dict[str, str]
) -> None:
    before = samples(scraped)
    for order_id in (987654, 987655):
        assert scraped.get(f"/api/v1/orders/{order_id}", headers=admin_headers).status_code == 404
    scraped.get("/no/such/page/4711")
    after = samples(scraped)
    route = "/api/v1/orders/{order_id}"
    counted = "opsdesk_http_requests_total"
    assert (
        value(after, counted, method="GET", route=route, status="404")
        - value(before, counted, method="GET", route=route, status="404")
        == 2
    )
    timed = "opsdesk_http_request_duration_seconds_count"
    assert (
        value(after, timed, method="GET", route=route)
        - value(before, timed, method="GET", route=route)
        == 2
    )
    assert not any("987654" in str(labels) or "4711" in str(labels) for _n, labels in after)
    assert value(after, counted, method="GET", route="<unmatched>", status="404") >= 1


def test_outbox_backlog_age_and_parked_events_are_gauged(
    scraped: TestClient, session_factory: sessionmaker[Session]
) -> None:
    from datetime import timedelta

    now = utcnow()
    with session_factory() as s, s.begin():
        for n, (due, parked) in enumerate(
            [(now - timedelta(minutes=10), None), (now - timedelta(minutes=1), None),
             (now + timedelta(hours=1), None), (now - timedelta(days=1), now)]
        ):  # fmt: skip
            s.add(OutboxEvent(event_id=f"gauge-{n}", name="OrderPlaced", aggregate_type="order",
                              aggregate_id=str(n), payload={}, occurred_at=due, available_at=due,
                              attempts=0, parked_at=parked))  # fmt: skip
    found = samples(scraped)
    assert value(found, "opsdesk_outbox_backlog") == 3
    assert value(found, "opsdesk_outbox_parked") == 1
    assert 590 <= value(found, "opsdesk_outbox_oldest_age_seconds") <= 700
