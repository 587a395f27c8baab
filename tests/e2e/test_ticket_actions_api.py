"""Actions from the ticket and operations' answers over HTTP, with their errors and roles."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import orders, support
from opsdesk.kernel.events import OutboxEvent
from tests.factories.fulfilment import shipped_order
from tests.factories.support import AGENT, make_ticket

Headers = dict[str, str]
TICKETS = "/api/v1/tickets"


@pytest.fixture
def case(session_factory: sessionmaker[Session]) -> dict[str, int]:
    """A ticket about an order of two mugs that has shipped."""
    with session_factory() as s, s.begin():
        picking, _shipment = shipped_order(s)
        order = s.get(orders.Order, picking.order_id)
        assert order is not None
        ticket = make_ticket(s, order_ids=[order.id])
        return {"ticket": ticket.id, "order": order.id, "line": order.lines[0].id}


def _messages(client: TestClient, headers: Headers, ticket_id: int) -> list[dict[str, Any]]:
    response = client.get(f"{TICKETS}/{ticket_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["messages"]


def _reship(case: dict[str, int]) -> dict[str, Any]:
    return {"kind": "reship", "order_id": case["order"], "reason": "damaged",
            "lines": [{"order_line_id": case["line"], "quantity": 1}], "note": "photo in mail"}  # fmt: skip


def test_an_agent_reships_from_the_ticket_once_per_idempotency_key(
    client: TestClient, agent_headers: Headers, case: dict[str, int]
) -> None:
    url = f"{TICKETS}/{case['ticket']}/actions"
    headers = agent_headers | {"Idempotency-Key": "reship-1"}

    first = client.post(url, json=_reship(case), headers=headers)
    replay = client.post(url, json=_reship(case), headers=headers)

    assert first.status_code == 200, first.text
    assert replay.json() == first.json()
    body = first.json()
    assert body["action"] == "reship"
    assert body["replacement_order_number"].endswith("-R1")
    assert body["note"].startswith("Action by agent:test-agent: reshipped 1 ×")
    assert body["draft_reply"].startswith("Olá, Ana,")  # Ana's locale is pt-BR
    notes = [m for m in _messages(client, agent_headers, case["ticket"])
             if m["author_kind"] == "internal_note"]  # fmt: skip
    assert [n["id"] for n in notes] == [body["note_id"]]
    reused = client.post(url, json=_reship(case) | {"note": "other"}, headers=headers)
    assert reused.status_code == 409
    assert reused.json()["error"]["code"] == "idempotency_key_reused"


def test_cancelling_a_shipped_order_is_409_naming_the_status_and_writes_nothing(
    client: TestClient, agent_headers: Headers, case: dict[str, int]
) -> None:
    before = _messages(client, agent_headers, case["ticket"])
    response = client.post(
        f"{TICKETS}/{case['ticket']}/actions",
        json={"kind": "cancel_order", "order_id": case["order"], "reason": "too late"},
        headers=agent_headers,
    )

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "illegal_transition"
    assert error["details"]["status"] == "shipped"
    assert "it is shipped" in error["message"]
    assert _messages(client, agent_headers, case["ticket"]) == before


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "teleport", "order_id": 1},
        {"kind": "reship", "order_id": 1, "reason": "damaged", "lines": []},
        {"kind": "record_refund", "order_id": 1, "amount_minor": -5, "reason": "x"},
        {"kind": "issue_discount", "discount_kind": "amount", "value": "10", "reason": "x"},
        {"kind": "cancel_order", "order_id": 1, "reason": "x", "surprise": True},
    ],
)
def test_malformed_actions_are_422(
    client: TestClient, agent_headers: Headers, case: dict[str, int], payload: dict[str, Any]
) -> None:
    response = client.post(f"{TICKETS}/{case['ticket']}/actions", json=payload,
                           headers=agent_headers)  # fmt: skip
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"


def test_unknown_tickets_and_orders_are_404(
    client: TestClient, agent_headers: Headers, case: dict[str, int]
) -> None:
    cancel = {"kind": "cancel_order", "order_id": case["order"], "reason": "x"}
    unknown_ticket = client.post(f"{TICKETS}/999999/actions", json=cancel, headers=agent_headers)
    unknown_order = client.post(f"{TICKETS}/{case['ticket']}/actions",
                                json=cancel | {"order_id": 999999}, headers=agent_headers)  # fmt: skip
    assert (unknown_ticket.status_code, unknown_order.status_code) == (404, 404)
    assert unknown_order.json()["error"]["details"]["kind"] == "order"


def test_only_agents_and_admins_act_on_orders(
    client: TestClient,
    operations_headers: Headers,
    admin_headers: Headers,
    case: dict[str, int],
) -> None:
    url = f"{TICKETS}/{case['ticket']}/actions"
    refund = {"kind": "record_refund", "order_id": case["order"], "amount_minor": 100,
              "reason": "goodwill"}  # fmt: skip
    assert client.post(url, json=refund).status_code == 401
    assert client.post(url, json=refund, headers=operations_headers).status_code == 403
    response = client.post(url, json=refund, headers=admin_headers)
    assert response.status_code == 200
    assert response.json()["refund_id"] is not None


def test_operations_answer_a_waiting_ticket_and_give_it_back_to_the_agent(
    client: TestClient,
    session_factory: sessionmaker[Session],
    operations_headers: Headers,
    agent_headers: Headers,
    case: dict[str, int],
) -> None:
    url = f"{TICKETS}/{case['ticket']}/operations-reply"
    reply = {"body": "Parcel found at the depot; it goes out again tomorrow."}
    not_waiting = client.post(url, json=reply, headers=operations_headers)
    assert not_waiting.status_code == 409
    with session_factory() as s, s.begin():
        support.update_ticket(s, case["ticket"], support.TicketUpdate(status="pending_operations"),
                              author=AGENT)  # fmt: skip

    assert client.post(url, json=reply, headers=agent_headers).status_code == 403
    answered = client.post(url, json=reply, headers=operations_headers)

    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "open"
    ticket = client.get(f"{TICKETS}/{case['ticket']}", headers=agent_headers).json()
    assert ticket["status"] == "open"
    assert ticket["messages"][-1]["author_kind"] == "internal_note"
    assert ticket["messages"][-1]["body_text"] == reply["body"]
    assert client.post(url, json={"body": "  "}, headers=operations_headers).status_code == 422
    with session_factory() as s:
        told = s.scalars(sa.select(OutboxEvent.payload).where(
            OutboxEvent.name == "OperationsReplied")).one()  # fmt: skip
    assert (told["ticket_id"], told["message_id"]) == (case["ticket"], ticket["messages"][-1]["id"])
