"""The tickets API over HTTP: create, list, read, reply, change, link orders, report,
availability — with the errors and roles around them."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.http import Role
from tests.factories.orders import make_shop, place
from tests.factories.support import agent_token, make_agent

Headers = dict[str, str]
TICKETS = "/api/v1/tickets"


@pytest.fixture
def bea(session_factory: sessionmaker[Session]) -> tuple[int, Headers]:
    with session_factory() as s, s.begin():
        user = make_agent(s, "Bea", capacity=3)
        return user, agent_token(s, user)


@pytest.fixture
def order(session_factory: sessionmaker[Session]) -> dict[str, Any]:
    with session_factory() as s, s.begin():
        make_shop(s)
        placed = place(s)
        return {"id": placed.id, "number": placed.number}


def _create(client: TestClient, headers: Headers, **overrides: Any) -> dict[str, Any]:
    body = {"subject": "Where is my parcel?", "body": "It has not arrived.",
            "customer_email": "ana.lima@example.com", "channel": "web"} | overrides  # fmt: skip
    response = client.post(TICKETS, json=body, headers=headers)
    assert response.status_code == 201, response.text
    assert response.headers["location"] == f"{TICKETS}/{response.json()['id']}"
    return response.json()


def test_a_created_ticket_is_assigned_linked_and_readable_with_its_sla(
    client: TestClient, bea: tuple[int, Headers], order: dict[str, Any]
) -> None:
    user, headers = bea
    created = _create(client, headers, body=f"Order {order['number']} is late.", priority="high")
    assert created["assignee_id"] == user
    assert created["orders"] == [
        {"id": order["id"], "number": order["number"], "status": "allocated", "automatic": True}
    ]
    assert created["customer"]["email"] == "ana.lima@example.com"
    assert created["sla"]["first_response"]["target_seconds"] == 3600
    assert created["sla"]["first_response"]["status"] == "on_track"
    read = client.get(f"{TICKETS}/{created['id']}", headers=headers).json()
    assert [m["body_text"] for m in read["messages"]] == [f"Order {order['number']} is late."]


def test_an_idempotency_key_replays_the_first_ticket(
    client: TestClient, agent_headers: Headers
) -> None:
    headers = agent_headers | {"Idempotency-Key": "form-42"}
    first = _create(client, headers)
    again = _create(client, headers)
    assert again["id"] == first["id"]
    clash = client.post(TICKETS, json={"subject": "x", "body": "y"}, headers=headers)
    assert clash.status_code == 409
    assert clash.json()["error"]["code"] == "idempotency_key_reused"


def test_the_list_filters_by_assignee_status_order_and_text(
    client: TestClient, bea: tuple[int, Headers], order: dict[str, Any], agent_headers: Headers
) -> None:
    user, headers = bea
    mine = _create(client, headers, body=f"Mug from {order['number']} cracked")
    other = _create(client, headers, subject="Invoice", body="Need an invoice", auto_assign=False)

    def ids(**params: Any) -> list[int]:
        response = client.get(TICKETS, params=params, headers=headers)
        assert response.status_code == 200, response.text
        return [t["id"] for t in response.json()["items"]]

    assert ids(assignee="me") == [mine["id"]]
    assert ids(assignee=str(user)) == [mine["id"]]
    assert ids(assignee="none") == [other["id"]]
    assert ids(order_id=order["id"]) == [mine["id"]]
    assert ids(q="cracked") == [mine["id"]]
    assert ids(status="new") == [other["id"], mine["id"]]
    assert ids(sla="breached") == []
    page = client.get(TICKETS, params={"limit": 1}, headers=headers).json()
    rest = client.get(TICKETS, params={"cursor": page["next_cursor"]}, headers=headers).json()
    assert [t["id"] for t in page["items"] + rest["items"]] == [other["id"], mine["id"]]
    bad = client.get(TICKETS, params={"assignee": "me"}, headers=agent_headers)
    assert bad.status_code == 422  # a token of no staff user has no "me"
    assert client.get(TICKETS, params={"cursor": "garbage"}, headers=headers).status_code == 422
    assert client.get(TICKETS, params={"sla": "late"}, headers=headers).status_code == 422


def test_replies_notes_and_changes_follow_the_rules(
    client: TestClient, bea: tuple[int, Headers]
) -> None:
    _user, headers = bea
    ticket = _create(client, headers)
    url = f"{TICKETS}/{ticket['id']}"
    reply = client.post(f"{url}/messages", json={"body": "On its way!", "status": "pending_customer"},
                        headers=headers)  # fmt: skip
    assert reply.status_code == 201
    assert (reply.json()["author_kind"], reply.json()["outbound_status"]) == ("agent", "queued")
    note = client.post(
        f"{url}/messages", json={"body": "Asked DHL", "internal": True}, headers=headers
    )
    assert note.json()["outbound_status"] is None
    patched = client.patch(url, json={"status": "solved", "tags": ["Late"], "reason": "wismo"},
                           headers=headers)  # fmt: skip
    assert patched.status_code == 200
    body = patched.json()
    assert (body["status"], body["tags"], body["reason"]) == ("solved", ["late"], "wismo")
    assert body["sla"]["first_response"]["status"] == "fulfilled"
    illegal = client.patch(url, json={"status": "pending_customer"}, headers=headers)
    assert illegal.status_code == 409
    assert illegal.json()["error"]["details"] == {
        "kind": "ticket",
        "from": "solved",
        "to": "pending_customer",
    }
    assert client.patch(url, json={"assignee_id": 9999}, headers=headers).status_code == 422
    assert client.patch(url, json={"priority": "whenever"}, headers=headers).status_code == 422
    assert client.patch(url, json={"status": None}, headers=headers).status_code == 422
    assert client.get(url, headers=headers).json()["status"] == "solved"


def test_orders_are_linked_and_unlinked_by_hand(
    client: TestClient, bea: tuple[int, Headers], order: dict[str, Any]
) -> None:
    _user, headers = bea
    ticket = _create(client, headers)
    url = f"{TICKETS}/{ticket['id']}/orders"
    linked = client.post(f"{url}/{order['id']}", headers=headers)
    assert [(o["id"], o["automatic"]) for o in linked.json()["orders"]] == [(order["id"], False)]
    assert client.post(f"{url}/999999", headers=headers).status_code == 404
    unlinked = client.delete(f"{url}/{order['id']}", headers=headers)
    assert unlinked.json()["orders"] == []
    assert client.delete(f"{url}/{order['id']}", headers=headers).status_code == 404
    assert client.get(f"{TICKETS}/424242", headers=headers).status_code == 404
    assert (
        client.post(f"{TICKETS}/424242/messages", json={"body": "x"}, headers=headers).status_code
        == 404
    )


def test_operations_see_and_annotate_only_tickets_pending_operations(
    client: TestClient,
    bea: tuple[int, Headers],
    operations_headers: Headers,
) -> None:
    _user, headers = bea
    waiting = _create(client, headers)
    other = _create(client, headers)
    client.patch(
        f"{TICKETS}/{waiting['id']}", json={"status": "pending_operations"}, headers=headers
    )
    listed = client.get(TICKETS, headers=operations_headers).json()["items"]
    assert [t["id"] for t in listed] == [waiting["id"]]
    assert (
        client.get(TICKETS, params={"status": "new"}, headers=operations_headers).status_code == 403
    )
    assert client.get(f"{TICKETS}/{other['id']}", headers=operations_headers).status_code == 403
    note = client.post(f"{TICKETS}/{waiting['id']}/messages",
                       json={"body": "Reshipped from Hamburg today.", "internal": True},
                       headers=operations_headers)  # fmt: skip
    assert note.status_code == 201
    assert note.json()["author_kind"] == "internal_note"
    reply = client.post(f"{TICKETS}/{waiting['id']}/messages", json={"body": "Hi"},
                        headers=operations_headers)  # fmt: skip
    assert reply.status_code == 403
    assert client.patch(f"{TICKETS}/{waiting['id']}", json={"status": "open"},
                        headers=operations_headers).status_code == 403  # fmt: skip
    assert (
        client.post(
            TICKETS, json={"subject": "x", "body": "y"}, headers=operations_headers
        ).status_code
        == 403
    )
    assert client.get(TICKETS).status_code == 401


def test_agents_set_their_availability_and_read_the_sla_report(
    client: TestClient, bea: tuple[int, Headers], agent_headers: Headers,
    session_factory: sessionmaker[Session],
) -> None:  # fmt: skip
    user, headers = bea
    _create(client, headers)
    away = client.put("/api/v1/agents/me/availability", json={"online": False, "capacity": 4},
                      headers=headers)  # fmt: skip
    assert away.json() == {"staff_user_id": user, "online": False, "capacity": 4, "open_tickets": 1}
    assert _create(client, headers)["assignee_id"] is None
    # a token of no staff user: the role is right but there is no "me" to set
    assert client.put("/api/v1/agents/me/availability", json={"online": True},
                      headers=agent_headers).status_code == 403  # fmt: skip
    with session_factory() as s, s.begin():
        ops = make_agent(s, "Oli", role=Role.OPERATIONS)
        ops_headers = agent_token(s, ops, Role.OPERATIONS)
    assert client.put("/api/v1/agents/me/availability", json={"online": True},
                      headers=ops_headers).status_code == 403  # fmt: skip
    report = client.get("/api/v1/reports/sla", params={"by": ["priority"]}, headers=headers)
    assert report.status_code == 200
    rows = report.json()["rows"]
    assert [(r["group"], r["first_response"]["settled"]) for r in rows] == [
        ({"priority": "medium"}, 0)
    ]
    naive = client.get("/api/v1/reports/sla", params={"created_from": "2026-01-01T00:00:00"},
                       headers=headers)  # fmt: skip
    assert naive.status_code == 422
