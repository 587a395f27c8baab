"""The webhook subscriptions API and the admin page over HTTP."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import webhooks
from opsdesk.kernel.http import Role
from opsdesk.webhooks.handlers import fan_out
from tests.factories.orders import make_shop, place
from tests.support import web

SUBS = "/api/v1/webhook-subscriptions"
Headers = dict[str, str]
ERP = {"url": "https://erp.example.com/hooks/opsdesk", "topics": ["order.placed", "ticket.solved"],
       "description": "ERP order import"}  # fmt: skip


def create(client: TestClient, headers: Headers, **changes: Any) -> dict[str, Any]:
    answer = client.post(SUBS, json=ERP | changes, headers=headers)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def test_a_subscription_shows_its_secret_once_and_never_again(
    client: TestClient, admin_headers: Headers
) -> None:
    made = create(client, admin_headers)
    assert made["secret"].startswith("whsec_")
    assert len(made["secret"]) > 40
    assert made["topics"] == ["order.placed", "ticket.solved"]
    assert made["active"] is True
    listed = client.get(SUBS, headers=admin_headers)
    read = client.get(f"{SUBS}/{made['id']}", headers=admin_headers)
    assert made["secret"] not in listed.text + read.text
    assert read.json()["url"] == ERP["url"]
    rotated = client.post(f"{SUBS}/{made['id']}/rotate-secret", headers=admin_headers).json()
    assert rotated["secret"].startswith("whsec_")
    assert rotated["secret"] != made["secret"]
    other = create(client, admin_headers)
    assert other["secret"] not in (made["secret"], rotated["secret"])  # one per subscriber


@pytest.mark.parametrize(
    ("body", "names"),
    [
        (ERP | {"topics": ["order.shipped_by_drone"]}, "order.shipped_by_drone"),
        (ERP | {"topics": []}, "topics"),
        (ERP | {"url": "ftp://erp.example.com/x"}, "url"),
        (ERP | {"url": "https://user:pw@erp.example.com/x"}, "url"),
        (ERP | {"url": "/relative/path"}, "url"),
        (ERP | {"secret": "mine"}, "secret"),
    ],
)
def test_a_bad_subscription_is_refused_naming_what_was_wrong(
    client: TestClient, admin_headers: Headers, body: dict[str, Any], names: str
) -> None:
    answer = client.post(SUBS, json=body, headers=admin_headers)
    assert answer.status_code in (400, 422)
    assert names in answer.text
    assert client.get(SUBS, headers=admin_headers).json() == []


def test_only_admins_manage_subscriptions(
    client: TestClient, operations_headers: Headers, agent_headers: Headers
) -> None:
    for headers in (operations_headers, agent_headers):
        assert client.post(SUBS, json=ERP, headers=headers).status_code == 403
        assert client.get(SUBS, headers=headers).status_code == 403
    assert client.get(SUBS).status_code == 401


def test_switching_off_editing_and_deleting(client: TestClient, admin_headers: Headers) -> None:
    made = create(client, admin_headers)
    changed = client.patch(f"{SUBS}/{made['id']}", json={"active": False, "topics": ["order.cancelled"]},
                           headers=admin_headers)  # fmt: skip
    assert changed.status_code == 200
    assert (changed.json()["active"], changed.json()["topics"]) == (False, ["order.cancelled"])
    assert client.delete(f"{SUBS}/{made['id']}", headers=admin_headers).status_code == 204
    assert client.get(f"{SUBS}/{made['id']}", headers=admin_headers).status_code == 404
    assert (
        client.patch(f"{SUBS}/999999", json={"active": True}, headers=admin_headers).status_code
        == 404
    )


def test_the_topic_catalogue_is_listed(client: TestClient, admin_headers: Headers) -> None:
    names = [t["name"] for t in client.get(f"{SUBS}/topics", headers=admin_headers).json()]
    assert {"order.placed", "order.cancelled", "shipment.delayed", "shipment.delivered",
            "ticket.created", "ticket.solved", "return.received"} <= set(names)  # fmt: skip


def test_deliveries_are_listed_and_one_in_flight_is_not_replayed(
    client: TestClient, admin_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    made = create(client, admin_headers)
    with session_factory() as s, s.begin():
        make_shop(s)
        place(s)
    with session_factory() as s, s.begin():
        import sqlalchemy as sa

        from opsdesk.kernel.events import OutboxEvent

        event = s.scalars(sa.select(OutboxEvent).where(OutboxEvent.name == "OrderPlaced")).one()
        fan_out(s, event)
    log = client.get(f"{SUBS}/{made['id']}/deliveries", headers=admin_headers).json()
    assert [(d["topic"], d["state"], d["attempts"]) for d in log] == [("order.placed", "queued", 0)]
    replay = client.post(
        f"{SUBS}/{made['id']}/deliveries/{log[0]['id']}/replay", headers=admin_headers
    )
    assert replay.status_code == 409
    assert "still being tried" in replay.text
    elsewhere = create(client, admin_headers)
    wrong = client.post(
        f"{SUBS}/{elsewhere['id']}/deliveries/{log[0]['id']}/replay", headers=admin_headers
    )
    assert wrong.status_code == 404
    bad_state = client.get(f"{SUBS}/{made['id']}/deliveries?state=lost", headers=admin_headers)
    assert bad_state.status_code == 422
    assert "state" in bad_state.text


def test_the_admin_page_adds_a_subscriber_and_shows_the_secret_once(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    csrf = web.log_in(client, session_factory, Role.ADMIN, landing="/workspace/outbox")
    assert 'href="/workspace/webhooks"' in client.get("/workspace/outbox").text
    refused = client.post(
        "/workspace/webhooks", data={"csrf": csrf, "url": "not a url", "topics": ["order.placed"]}
    )
    assert refused.status_code == 422
    assert "absolute http" in html.unescape(refused.text)
    made = client.post("/workspace/webhooks", data={"csrf": csrf, "url": ERP["url"],
                                                    "topics": ["order.placed", "shipment.delayed"]})  # fmt: skip
    assert made.status_code == 201
    secret = re.search(r'data-testid="new-secret">(whsec_[^<]+)<', made.text)
    assert secret is not None
    with session_factory() as s:
        (sub,) = webhooks.list_subscriptions(s)
        assert sub.secret == secret.group(1)
        assert sub.topics == ["order.placed", "shipment.delayed"]
    page = client.get("/workspace/webhooks")
    assert ERP["url"] in page.text
    assert secret.group(1) not in page.text
    forged = client.post(f"/workspace/webhooks/{sub.id}/delete", data={"csrf": "forged"})
    assert forged.status_code in (400, 403)
    off = client.post(f"/workspace/webhooks/{sub.id}/active", data={"csrf": csrf, "active": "off"})
    assert off.status_code == 200
    assert "is off" in off.text


def test_non_admins_do_not_reach_the_webhooks_page(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    web.log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/operations")
    assert client.get("/workspace/webhooks").status_code == 403
    assert 'href="/workspace/webhooks"' not in client.get("/workspace/operations").text
