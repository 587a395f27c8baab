from __future__ import annotations

import threading

import pytest
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import customers
from opsdesk.kernel.errors import AlreadyExists, InvalidInput, NotFound
from tests.factories.customers import berlin_address, make_customer


def test_a_new_customer_keeps_normalised_details_and_a_default_address(session: Session) -> None:
    customer = make_customer(session, email=" Ana.Lima@Example.COM ", tags=["VIP", "vip", " x "])
    session.commit()

    loaded = customers.get_customer(session, customer.id)
    assert loaded.email == "ana.lima@example.com"
    assert loaded.tags == ["vip", "x"]
    assert loaded.locale == "pt-BR"
    assert [(a.city, a.is_default) for a in loaded.addresses] == [("Berlin", True)]


def test_a_second_customer_with_the_same_email_is_refused(session: Session) -> None:
    make_customer(session)
    with pytest.raises(AlreadyExists, match=r"ana\.lima@example\.com"):
        make_customer(session, email="ANA.LIMA@example.com")


def test_find_or_create_returns_the_existing_customer_untouched(session: Session) -> None:
    ana = make_customer(session)
    found = customers.find_or_create_by_email(session, "Ana.Lima@example.com", first_name="Other")
    assert found.id == ana.id
    assert found.first_name == "Ana"

    new = customers.find_or_create_by_email(
        session, "bo@example.com", first_name="Bo", locale="de", timezone="Europe/Vienna"
    )
    session.commit()
    assert new.id != ana.id
    assert (new.first_name, new.locale, new.timezone) == ("Bo", "de", "Europe/Vienna")


def test_find_or_create_refuses_a_made_up_time_zone(session: Session) -> None:
    with pytest.raises(InvalidInput) as caught:
        customers.find_or_create_by_email(session, "bo@example.com", timezone="Mars/Olympus")
    assert caught.value.details == {"field": "timezone"}


def test_concurrent_find_or_create_of_one_email_makes_one_customer(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as s, s.begin():
        customers.find_or_create_by_email(s, "someone.else@example.com")
    ids: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def create() -> None:
        try:
            start.wait()
            with session_factory() as s, s.begin():
                ids.append(customers.find_or_create_by_email(s, "race@example.com").id)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=create) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(ids)) == 1
    with session_factory() as s:
        rows, _ = customers.list_customers(s, email="race@example.com")
    assert [c.id for c in rows] == ids[:1]


def test_list_filters_by_name_and_pages_with_a_cursor(session: Session) -> None:
    for first, last in [("Ana", "Lima"), ("Bruno", "Costa"), ("Ana", "Souza"), ("Carla", "Dias")]:
        make_customer(session, email=f"{first}.{last}@example.com", first_name=first,
                      last_name=last, addresses=[])  # fmt: skip
    session.commit()

    anas, cursor = customers.list_customers(session, search="ana ")
    assert [c.last_name for c in anas] == ["Souza", "Lima"]
    assert cursor is None

    page, cursor = customers.list_customers(session, limit=3)
    assert [c.first_name for c in page] == ["Carla", "Ana", "Bruno"]
    assert cursor is not None
    rest, end = customers.list_customers(session, limit=3, cursor=cursor)
    assert [c.last_name for c in rest] == ["Lima"]
    assert end is None


def test_search_treats_percent_signs_literally(session: Session) -> None:
    make_customer(session, addresses=[])
    rows, _ = customers.list_customers(session, search="%")
    assert rows == []


def test_update_changes_only_the_fields_sent(session: Session) -> None:
    ana = make_customer(session)
    changes = customers.CustomerUpdate.model_validate({"locale": "de-AT", "tags": ["late"]})
    updated = customers.update_customer(session, ana.id, changes)
    assert (updated.locale, updated.tags, updated.phone) == ("de-AT", ["late"], "+49 30 1234567")

    with pytest.raises(InvalidInput, match="locale cannot be null"):
        customers.update_customer(session, ana.id, customers.CustomerUpdate(locale=None))


def test_a_new_default_address_replaces_the_old_default(session: Session) -> None:
    ana = make_customer(session)
    lisbon = customers.AddressCreate.model_validate(
        berlin_address(line1="Rua Augusta 1", city="Lisboa", country="pt", is_default=True)
    )
    added = customers.add_address(session, ana.id, lisbon)
    session.commit()

    addresses = customers.list_addresses(session, ana.id)
    assert [(a.city, a.country, a.is_default) for a in addresses] == [
        ("Berlin", "DE", False),
        ("Lisboa", "PT", True),
    ]
    berlin = addresses[0]
    customers.update_address(session, ana.id, berlin.id, customers.AddressUpdate(is_default=True))
    session.commit()
    session.expire_all()
    assert [a.is_default for a in customers.list_addresses(session, ana.id)] == [True, False]

    customers.delete_address(session, ana.id, added.id)
    assert [a.city for a in customers.list_addresses(session, ana.id)] == ["Berlin"]


def test_an_address_of_another_customer_is_not_found(session: Session) -> None:
    ana = make_customer(session)
    bo = make_customer(session, email="bo@example.com", addresses=[])
    with pytest.raises(NotFound):
        customers.delete_address(session, bo.id, ana.addresses[0].id)
