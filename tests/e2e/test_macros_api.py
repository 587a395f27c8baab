"""Macros over HTTP: CRUD, variable checks at save time, the preview for a ticket."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.factories.orders import make_shop, place
from tests.factories.support import agent_token, make_agent, make_ticket

Headers = dict[str, str]
MACROS = "/api/v1/macros"
BODY = "Hello {{ customer_first_name }}, order {{ order_number }} goes with {{ carrier }}."


@pytest.fixture
def ticket(session_factory: sessionmaker[Session]) -> dict[str, Any]:
    with session_factory() as s, s.begin():
        make_shop(s)
        order = place(s)
        created = make_ticket(s, order_ids=[order.id])
        return {"id": created.id, "order_number": order.number}


def _create(client: TestClient, headers: Headers, **overrides: Any) -> dict[str, Any]:
    response = client.post(MACROS, json={"name": "Where", "body": BODY} | overrides,
                           headers=headers)  # fmt: skip
    assert response.status_code == 201, response.text
    assert response.headers["location"] == f"{MACROS}/{response.json()['id']}"
    return response.json()


@pytest.fixture
def bea(session_factory: sessionmaker[Session]) -> Headers:
    """An agent's token that belongs to a staff user (whose macros are theirs to edit)."""
    with session_factory() as s, s.begin():
        return agent_token(s, make_agent(s, "Bea"))


def test_a_macro_is_saved_listed_changed_and_deleted(client: TestClient, bea: Headers) -> None:
    agent_headers = bea
    created = _create(client, agent_headers)
    assert created["variables"] == ["customer_first_name", "order_number", "carrier"]
    _create(client, agent_headers, name="Wo", locale="de", body="Hallo!")

    listed = client.get(MACROS, params={"locale": "de"}, headers=agent_headers).json()
    assert [m["name"] for m in listed] == ["Wo"]
    patched = client.patch(f"{MACROS}/{created['id']}", json={"name": "Where is it"},
                           headers=agent_headers)  # fmt: skip
    assert patched.status_code == 200
    assert patched.json()["name"] == "Where is it"
    assert patched.json()["body"] == BODY
    assert client.delete(f"{MACROS}/{created['id']}", headers=agent_headers).status_code == 204
    assert client.get(f"{MACROS}/{created['id']}", headers=agent_headers).status_code == 404


def test_unknown_variables_are_422_naming_them(client: TestClient, bea: Headers) -> None:
    agent_headers = bea
    response = client.post(MACROS, json={"name": "Bad", "body": "Hi {{ nickname }}"},
                           headers=agent_headers)  # fmt: skip
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["details"]["unknown_variables"] == ["nickname"]
    assert "nickname" in error["message"]
    created = _create(client, agent_headers)
    patched = client.patch(f"{MACROS}/{created['id']}", json={"body": "{{ voucher }}"},
                           headers=agent_headers)  # fmt: skip
    assert patched.status_code == 422
    assert client.get(f"{MACROS}/{created['id']}", headers=agent_headers).json()["body"] == BODY


def test_a_duplicate_name_is_409_and_a_bad_locale_422(
    client: TestClient, agent_headers: Headers
) -> None:
    _create(client, agent_headers)
    again = client.post(MACROS, json={"name": "Where", "body": "x"}, headers=agent_headers)
    assert again.status_code == 409
    bad = client.post(MACROS, json={"name": "X", "body": "x", "locale": "klingon!"},
                      headers=agent_headers)  # fmt: skip
    assert bad.status_code == 422


def test_the_preview_fills_the_ticket_and_marks_what_is_missing(
    client: TestClient, agent_headers: Headers, ticket: dict[str, Any]
) -> None:
    macro = _create(client, agent_headers)
    url = f"/api/v1/tickets/{ticket['id']}/macros/{macro['id']}/render"

    response = client.post(url, headers=agent_headers)

    assert response.status_code == 200, response.text
    preview = response.json()
    assert preview["text"] == (
        f"Hello Ana, order {ticket['order_number']} goes with [carrier unknown]."
    )
    assert preview["missing"] == ["carrier"]
    assert client.post(f"/api/v1/tickets/{ticket['id']}/macros/999/render",
                       headers=agent_headers).status_code == 404  # fmt: skip
    assert client.post(f"/api/v1/tickets/999/macros/{macro['id']}/render",
                       headers=agent_headers).status_code == 404  # fmt: skip
    wrong_order = client.post(url, json={"order_id": 999}, headers=agent_headers)
    assert wrong_order.status_code == 404


def test_operations_cannot_use_macros_and_colleagues_cannot_edit_others(
    client: TestClient,
    session_factory: sessionmaker[Session],
    bea: Headers,
    operations_headers: Headers,
    admin_headers: Headers,
) -> None:
    with session_factory() as s, s.begin():
        ole = agent_token(s, make_agent(s, "Ole"))
    macro = _create(client, bea)
    assert client.get(MACROS, headers=operations_headers).status_code == 403
    assert client.get(MACROS).status_code == 401
    url = f"{MACROS}/{macro['id']}"
    assert client.patch(url, json={"name": "Mine"}, headers=ole).status_code == 403
    assert client.delete(url, headers=ole).status_code == 403
    assert client.patch(url, json={"name": "Ours"}, headers=admin_headers).status_code == 200
