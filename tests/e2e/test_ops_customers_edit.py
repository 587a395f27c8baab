"""Editing a customer from the Customers screen over HTTP: operations change contact
details, language and the default address; a bad field is named beside it and nothing is
saved; a taken e-mail is refused; agents see no edit link and cannot post."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import customers
from opsdesk.kernel.http import Role
from tests.factories.customers import make_customer
from tests.support.web import log_in

FORM = {
    "first_name": "Ana", "last_name": "Lima-Souza", "email": "ana@lima.example",
    "phone": "+49 30 7654321", "locale": "de", "name": "Ana Lima-Souza",
    "line1": "Kastanienallee 3", "line2": "", "postal_code": "10435", "city": "Berlin",
    "region": "", "country": "de",
}  # fmt: skip


@pytest.fixture
def ana(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as session, session.begin():
        make_customer(session, email="grace@example.org", first_name="Grace", addresses=[])
        return make_customer(session).id


def saved(factory: sessionmaker[Session], customer_id: int) -> customers.Customer:
    with factory() as session:
        customer = customers.get_customer(session, customer_id)
        session.expunge_all()
        return customer


def test_operations_change_contact_language_and_default_address(
    client: TestClient, session_factory: sessionmaker[Session], ana: int
) -> None:
    page = f"/workspace/customers/{ana}"
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing=page)
    assert 'data-testid="edit-customer"' in client.get(page).text
    form = client.get(page + "/edit")
    assert 'value="Torstrasse 12"' in form.text
    answer = client.post(page + "/edit", data=FORM | {"csrf": csrf}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == page
    customer = saved(session_factory, ana)
    assert (customer.last_name, customer.email, customer.phone, customer.locale) == (
        "Lima-Souza", "ana@lima.example", "+49 30 7654321", "de",
    )  # fmt: skip
    [address] = customer.addresses
    assert (address.line1, address.postal_code, address.country, address.is_default) == (
        "Kastanienallee 3", "10435", "DE", True,
    )  # fmt: skip
    shown = client.get(page).text
    assert "Customer saved." in shown
    assert "Kastanienallee 3" in shown


def test_bad_fields_are_named_and_nothing_is_saved(
    client: TestClient, session_factory: sessionmaker[Session], ana: int
) -> None:
    page = f"/workspace/customers/{ana}"
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing=page)
    bad = FORM | {"csrf": csrf, "email": "not-an-address", "phone": "call me", "country": "DEU",
                  "line1": ""}  # fmt: skip
    answer = client.post(page + "/edit", data=bad)
    assert answer.status_code == 422
    for name in ("email", "phone", "country", "line1"):
        assert f'data-testid="error-{name}"' in answer.text
    assert 'data-testid="error-first_name"' not in answer.text
    assert 'value="call me"' in answer.text  # what was typed stays in the form
    taken = client.post(page + "/edit", data=FORM | {"csrf": csrf, "email": "grace@example.org"})
    assert taken.status_code == 422
    assert "grace@example.org exists" in taken.text
    customer = saved(session_factory, ana)
    assert (customer.email, customer.phone) == ("ana.lima@example.com", "+49 30 1234567")
    assert customer.addresses[0].line1 == "Torstrasse 12"


def test_a_customer_without_an_address_gets_one_and_an_empty_address_stays_empty(
    client: TestClient, session_factory: sessionmaker[Session], ana: int
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS)
    with session_factory() as session:
        [grace_id] = [c.id for c in customers.list_customers(session, email="grace@example.org")[0]]
    page = f"/workspace/customers/{grace_id}"
    empty = dict.fromkeys(
        ("name", "line1", "line2", "postal_code", "city", "region", "country"), ""
    )
    person = {"csrf": csrf, "first_name": "Grace", "last_name": "Hopper",
              "email": "grace@example.org", "phone": "", "locale": "en-US"}  # fmt: skip
    assert (
        client.post(page + "/edit", data=person | empty, follow_redirects=False).status_code == 303
    )
    assert saved(session_factory, grace_id).addresses == []
    moved = person | {"line1": "1 Navy Way", "city": "Arlington", "country": "US"}
    assert client.post(page + "/edit", data=moved, follow_redirects=False).status_code == 303
    [address] = saved(session_factory, grace_id).addresses
    assert (address.line1, address.is_default) == ("1 Navy Way", True)


def test_agents_read_but_cannot_edit(
    client: TestClient, session_factory: sessionmaker[Session], ana: int
) -> None:
    page = f"/workspace/customers/{ana}"
    csrf = log_in(client, session_factory, Role.AGENT, landing=page)
    assert 'data-testid="edit-customer"' not in client.get(page).text
    assert client.get(page + "/edit").status_code == 403
    refused = client.post(page + "/edit", data=FORM | {"csrf": csrf})
    assert refused.status_code == 403
    assert saved(session_factory, ana).email == "ana.lima@example.com"
    assert client.get("/workspace/customers/99999/edit").status_code in (403, 404)
