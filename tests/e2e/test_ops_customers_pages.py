"""The Customers screen over HTTP: search and filters on the list, a customer's page
with addresses, language and one history of orders, tickets and messages; readable by
agents and operations, a 404 page for a customer that does not exist."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import orders
from opsdesk.kernel.http import Role
from tests.factories.customers import make_customer
from tests.factories.orders import make_shop, place
from tests.factories.support import make_ticket
from tests.support.web import log_in

LIST = "/workspace/customers"


class Ana:
    customer_id: int
    order_number: str
    ticket_id: int


@pytest.fixture
def ana(session_factory: sessionmaker[Session]) -> Ana:
    """Ana Lima (pt-BR, Berlin) with an order and an open ticket; Grace with nothing."""
    now = datetime.now(UTC)
    arranged = Ana()
    with session_factory() as session, session.begin():
        make_shop(session)
        make_customer(session)  # with her Berlin address; her order finds her by e-mail
        order: orders.Order = place(session, now=now - timedelta(days=2))
        ticket = make_ticket(session, subject="Mug arrived chipped", now=now - timedelta(days=1))
        make_customer(session, email="grace@example.org", first_name="Grace", last_name="Hopper",
                      locale="en-US", addresses=[])  # fmt: skip
        assert order.customer_id is not None
        arranged.customer_id, arranged.order_number = order.customer_id, order.number
        arranged.ticket_id = ticket.id
    return arranged


def _names(html: str) -> list[str]:
    return re.findall(r'data-testid="customer-link">([^<]+)<', html)


def test_the_list_searches_by_name_email_and_order_number(
    client: TestClient, session_factory: sessionmaker[Session], ana: Ana
) -> None:
    log_in(client, session_factory, Role.AGENT, landing=LIST)
    assert _names(client.get(LIST).text) == ["Grace Hopper", "Ana Lima"]
    assert _names(client.get(LIST, params={"q": "ana l"}).text) == ["Ana Lima"]
    assert _names(client.get(LIST, params={"q": "grace@"}).text) == ["Grace Hopper"]
    by_number = client.get(LIST, params={"q": ana.order_number.lower()})
    assert _names(by_number.text) == ["Ana Lima"]
    none = client.get(LIST, params={"q": "zed"})
    assert _names(none.text) == []
    assert "No customer matches these filters" in none.text


def test_the_list_filters_by_open_ticket_recent_orders_and_country(
    client: TestClient, session_factory: sessionmaker[Session], ana: Ana
) -> None:
    log_in(client, session_factory, Role.OPERATIONS, landing=LIST)
    assert _names(client.get(LIST, params={"open_ticket": "true"}).text) == ["Ana Lima"]
    assert _names(client.get(LIST, params={"ordered_within": "7"}).text) == ["Ana Lima"]
    assert _names(client.get(LIST, params={"country": "us"}).text) == []
    row = client.get(LIST, params={"country": "DE"}).text
    assert _names(row) == ["Ana Lima"]
    assert f'data-testid="customer-{ana.customer_id}"' in row
    as_the_form_sends = {"q": "", "country": "", "ordered_within": ""}
    assert _names(client.get(LIST, params=as_the_form_sends).text) == ["Grace Hopper", "Ana Lima"]
    bad = client.get(LIST, params={"ordered_within": "0"})
    assert bad.status_code == 422
    assert "ordered_within" in bad.text


def test_a_customer_page_shows_orders_tickets_and_messages_newest_first(
    client: TestClient, session_factory: sessionmaker[Session], ana: Ana
) -> None:
    log_in(client, session_factory, Role.AGENT, landing=LIST)
    page = client.get(f"{LIST}/{ana.customer_id}").text
    assert 'data-testid="customer-name">Ana Lima<' in page
    assert "Portuguese (Brazil)" in page
    assert "Torstrasse 12" in page
    kinds = re.findall(r'data-testid="history-(order|ticket|message)"', page)
    assert kinds == ["ticket", "message", "order"]  # a ticket, then its first message
    assert f"/workspace/orders/{ana.order_number}" in page
    assert f"/workspace/tickets/{ana.ticket_id}" in page
    assert "Mug arrived chipped" in page
    only = client.get(f"{LIST}/{ana.customer_id}", params={"kind": "order"}).text
    assert re.findall(r'data-testid="history-(order|ticket|message)"', only) == ["order"]


def test_a_customer_with_no_history_and_an_unknown_customer(
    client: TestClient, session_factory: sessionmaker[Session], ana: Ana
) -> None:
    log_in(client, session_factory, Role.OPERATIONS, landing=LIST)
    listed = client.get(LIST, params={"q": "grace"}).text
    grace = re.search(r'href="/workspace/customers/(\d+)"', listed)
    assert grace
    empty = client.get(f"{LIST}/{grace.group(1)}").text
    assert "Nothing yet: no order, ticket or message" in empty
    assert "No address on file" in empty
    missing = client.get(f"{LIST}/999999")
    assert missing.status_code == 404
    assert "No such customer" in missing.text
