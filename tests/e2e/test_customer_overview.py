"""GET /api/v1/customers/{id}/overview: the Customer 360 over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.factories.workspace import late_order_ticket


def test_the_overview_tells_an_agent_about_orders_lateness_and_open_tickets(
    client: TestClient, session_factory: sessionmaker[Session], agent_headers: dict[str, str]
) -> None:
    with session_factory() as session, session.begin():
        arranged = late_order_ticket(session)
    response = client.get(
        f"/api/v1/customers/{arranged.customer_id}/overview",
        params={"linked": arranged.backordered_id},
        headers=agent_headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["customer"]["email"] == "ana.lima@example.com"
    assert body["lifetime"]["orders"] == 2
    assert [o["number"] for o in body["orders"]] == [
        arranged.backordered_number,
        arranged.late.number,
    ]
    late = body["orders"][1]
    assert late["late"] is True
    assert late["shipments"][0]["promised_delivery_date"] == arranged.late.promised.isoformat()
    assert [t["id"] for t in body["open_tickets"]] == [arranged.ticket_id]


def test_operations_may_read_it_and_an_unknown_customer_is_404(
    client: TestClient, session_factory: sessionmaker[Session], operations_headers: dict[str, str]
) -> None:
    missing = client.get("/api/v1/customers/999/overview", headers=operations_headers)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_the_overview_needs_a_staff_token(client: TestClient) -> None:
    response = client.get("/api/v1/customers/1/overview")
    assert response.status_code == 401


def test_a_bad_order_limit_is_422_not_500(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    response = client.get("/api/v1/customers/1/overview?orders=0", headers=agent_headers)
    assert response.status_code == 422
    assert response.json()["error"]["details"]["errors"][0]["field"] == "query.orders"
