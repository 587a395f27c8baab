"""One request id from the HTTP request, through the outbox, into the worker's log."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel import logs
from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.outbox import NamedHandler
from opsdesk.worker.runner import Worker

TICKET = {"subject": "Where is my parcel?", "body": "It has not arrived.",
          "customer_email": "ana.lima@example.com", "channel": "web"}  # fmt: skip


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logs.json_formatter())
        self.lines: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def worker_log() -> Iterator[Lines]:
    handler, logger = Lines(), logging.getLogger("opsdesk.test_worker")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)


def test_a_sane_request_id_is_echoed_and_an_odd_one_replaced(client: TestClient) -> None:
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a9c21-0001"})
    assert kept.headers["x-request-id"] == "lb-7f3a9c21-0001"
    replaced = client.get("/healthz", headers={"X-Request-ID": 'evil id"}'})
    fresh = replaced.headers["x-request-id"]
    assert fresh != 'evil id"}'
    assert len(fresh) == 32
    generated = client.get("/no-such-page").headers["x-request-id"]
    assert len(generated) == 32
    assert generated != fresh


def test_the_worker_logs_an_event_under_the_request_id_that_recorded_it(
    client: TestClient,
    agent_headers: dict[str, str],
    session_factory: sessionmaker[Session],
    worker_log: Lines,
) -> None:
    rid = "support-form-2026-12-07-0042"
    created = client.post(
        "/api/v1/tickets", json=TICKET, headers=agent_headers | {"X-Request-ID": rid}
    )
    assert created.status_code == 201, created.text
    assert created.headers["x-request-id"] == rid
    with session_factory() as s:
        rows = s.execute(sa.select(OutboxEvent.name, OutboxEvent.request_id)).all()
    assert ("TicketCreated", rid) in rows
    assert {r for _n, r in rows} == {rid}  # every event of that request, none other

    def on_ticket(_session: Session, event: OutboxEvent) -> None:
        logging.getLogger("opsdesk.test_worker").info("ticket %s relayed", event.aggregate_id)

    worker = Worker(session_factory, {"TicketCreated": [NamedHandler("t", on_ticket)]})
    assert worker.relay_once() >= 1
    (line,) = worker_log.lines
    assert line["request_id"] == rid
    assert line["event"] == f"ticket {created.json()['id']} relayed"
