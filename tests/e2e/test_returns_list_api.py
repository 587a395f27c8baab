"""GET /api/v1/returns lists returns without an order number: filtered by state, reason,
date, SKU and warehouse, a page at a time by cursor; and the returns operations answer
as the OpenAPI document says (the fuzz test's checks, run over just these operations)."""

from __future__ import annotations

import schemathesis
from fastapi.testclient import TestClient
from schemathesis.core.result import Ok
from schemathesis.generation import GenerationMode
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.http import Role
from tests.conftest import make_token
from tests.e2e.test_api_fuzz import _explore
from tests.factories.orders import MUG
from tests.integration.test_ops_returns_queries import Desk, returns_desk


def _desk(factory: sessionmaker[Session]) -> Desk:
    with factory() as session, session.begin():
        return returns_desk(session)


def _numbers(client: TestClient, headers: dict[str, str], **params: object) -> list[str]:
    response = client.get("/api/v1/returns", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return [r["number"] for r in response.json()["items"]]


def test_returns_are_listed_across_orders_with_filters(
    client: TestClient, session_factory: sessionmaker[Session], agent_headers: dict[str, str]
) -> None:
    desk = _desk(session_factory)
    everything = client.get("/api/v1/returns", headers=agent_headers).json()
    assert [r["id"] for r in everything["items"]] == [desk.received, desk.approved, desk.requested]
    assert everything["next_cursor"] is None
    received = everything["items"][0]
    assert received["status"] == "received"
    assert received["warehouse_id"] == desk.berlin
    assert received["lines"][0]["condition_grade"] is None
    assert len(_numbers(client, agent_headers, status="approved")) == 1
    assert len(_numbers(client, agent_headers, reason="damaged")) == 2
    assert len(_numbers(client, agent_headers, warehouse_id=desk.berlin)) == 1
    assert len(_numbers(client, agent_headers, sku=MUG)) == 3
    assert _numbers(client, agent_headers, since="2099-01-01T00:00:00Z") == []
    assert len(_numbers(client, agent_headers, q=desk.order_numbers[desk.approved])) == 1


def test_the_cursor_walks_every_page_once(
    client: TestClient, session_factory: sessionmaker[Session], agent_headers: dict[str, str]
) -> None:
    desk = _desk(session_factory)
    seen: list[int] = []
    params: dict[str, object] = {"limit": 1}
    while True:
        page = client.get("/api/v1/returns", params=params, headers=agent_headers).json()
        seen += [r["id"] for r in page["items"]]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert seen == [desk.received, desk.approved, desk.requested]


def test_bad_filters_are_refused_by_name(
    client: TestClient, session_factory: sessionmaker[Session], agent_headers: dict[str, str]
) -> None:
    bad = {
        "status": "lost",
        "since": "2026-12-01T00:00:00",
        "cursor": "bm9wZQ",
        "limit": "500",
        "warehouse_id": "0",
    }
    for name, value in bad.items():
        response = client.get("/api/v1/returns", params={name: value}, headers=agent_headers)
        assert 400 <= response.status_code < 500, (name, response.text)
        assert name in response.text or "cursor" in response.text, (name, response.text)
    assert client.get("/api/v1/returns").status_code == 401


def test_the_returns_operations_answer_as_their_spec_says(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    _desk(session_factory)
    headers = {"Authorization": f"Bearer {make_token(session_factory, Role.ADMIN)}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    failures: list[str] = []
    checked = 0
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()
        if not operation.path.startswith("/api/v1/returns"):
            continue
        checked += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _explore(operation, mode, headers, client, failures)
    assert checked >= 7
    assert failures == [], "\n".join(failures)
