"""Purchase orders over the REST API: operations send one to the supplier (the same PDF
e-mail the Purchasing screen sends, once per Idempotency-Key) and move its due date with
a reason; bad input is a 4xx that changes nothing; agents cannot do either."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import inventory, notifications
from opsdesk.app import create_app
from opsdesk.config import Settings
from tests.factories.purchasing import Dock, make_dock
from tests.support.relay import relay_all
from tests.support.smtp import Inbox


@pytest.fixture
def dock(session_factory: sessionmaker[Session]) -> Dock:
    with session_factory() as session, session.begin():
        return make_dock(session)


@pytest.fixture
def mailing(
    smtp: tuple[Settings, Inbox], engine: Engine
) -> Iterator[tuple[TestClient, Settings, Inbox]]:
    settings, inbox = smtp
    with TestClient(create_app(settings, engine=engine), raise_server_exceptions=False) as client:
        yield client, settings, inbox


def messages(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(notifications.Message)) or 0


def test_a_retried_send_mails_the_pdf_once_and_a_new_key_sends_again(
    mailing: tuple[TestClient, Settings, Inbox], session_factory: sessionmaker[Session],
    dock: Dock, operations_headers: dict[str, str],
) -> None:  # fmt: skip
    client, settings, inbox = mailing
    url = f"/api/v1/purchase-orders/{dock.purchase_order}/send"
    headers = operations_headers | {"Idempotency-Key": "send-1"}
    first = client.post(url, json={}, headers=headers)
    assert first.status_code == 200, first.text
    assert (first.json()["sent_to"], first.json()["sends"]) == ("orders@nordwolle.example", 1)
    assert first.json()["purchase_order"]["number"] == dock.number
    retried = client.post(url, json={}, headers=headers)
    assert retried.json() == first.json()
    assert messages(session_factory) == 1
    assert inbox.messages == []  # nothing leaves before the relay
    relay_all(session_factory, settings)
    [mail] = inbox.wait_for(1)
    assert mail["Subject"] == f"Purchase order {dock.number} from Nordlicht"
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_content().startswith(b"%PDF")

    again = client.post(url, json={}, headers=operations_headers | {"Idempotency-Key": "send-2"})
    assert again.json()["sends"] == 2
    assert messages(session_factory) == 2


def test_send_refuses_what_it_cannot_do_with_a_clear_4xx(
    client: TestClient, session_factory: sessionmaker[Session], dock: Dock,
    operations_headers: dict[str, str], agent_headers: dict[str, str],
) -> None:  # fmt: skip
    url = f"/api/v1/purchase-orders/{dock.purchase_order}/send"
    assert client.post(url, json={}, headers=agent_headers).status_code == 403
    missing = client.post("/api/v1/purchase-orders/99999/send", json={},
                          headers=operations_headers)  # fmt: skip
    assert missing.status_code == 404
    extra = client.post(url, json={"to": "x@y.z"}, headers=operations_headers)
    assert extra.status_code == 422
    with session_factory() as session, session.begin():
        supplier = session.get(inventory.Supplier, dock.supplier)
        assert supplier is not None
        supplier.email = ""
    no_mail = client.post(url, json={}, headers=operations_headers)
    assert no_mail.status_code == 409
    assert "no supplier e-mail address" in no_mail.json()["error"]["message"]
    assert messages(session_factory) == 0


def test_the_due_date_moves_with_a_reason_and_the_waiting_order_follows(
    client: TestClient, session_factory: sessionmaker[Session], dock: Dock,
    operations_headers: dict[str, str], agent_headers: dict[str, str],
) -> None:  # fmt: skip
    url = f"/api/v1/purchase-orders/{dock.purchase_order}/due-date"
    body = {"expected_date": "2026-03-20", "reason": "yarn is late"}
    assert client.post(url, json=body, headers=agent_headers).status_code == 403
    no_reason = client.post(url, json=body | {"reason": ""}, headers=operations_headers)
    assert no_reason.status_code == 422
    not_a_date = client.post(url, json=body | {"expected_date": "next week"},
                             headers=operations_headers)  # fmt: skip
    assert not_a_date.status_code == 422
    headers = operations_headers | {"Idempotency-Key": "due-1"}
    moved = client.post(url, json=body, headers=headers)
    assert moved.status_code == 200, moved.text
    assert moved.json()["purchase_order"]["expected_date"] == "2026-03-20"
    assert moved.json()["redated_orders"] == [dock.waiting_order]
    assert client.post(url, json=body, headers=headers).json() == moved.json()
    same_day = client.post(url, json=body, headers=operations_headers)
    assert same_day.status_code == 422
    assert "already due on 2026-03-20" in same_day.json()["error"]["message"]
    with session_factory() as session:
        changes = inventory.po_changes.changes_of(session, dock.purchase_order)
        assert [(c.field, c.new_value, c.reason) for c in changes] == [
            ("expected_date", "2026-03-20", "yarn is late")
        ]


def test_both_endpoints_are_in_the_openapi_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    send = paths["/api/v1/purchase-orders/{purchase_order_id}/send"]["post"]
    due = paths["/api/v1/purchase-orders/{purchase_order_id}/due-date"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in send["parameters"]]
    assert due["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "DueDateChange"
    )
