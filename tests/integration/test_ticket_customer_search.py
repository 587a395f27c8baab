"""The ticket search box also finds tickets by their customer's name or e-mail, on SQLite and
PostgreSQL: in the API's search and in the agent's inbox, in one statement."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import customers, support
from opsdesk.kernel.errors import InvalidInput
from opsdesk.support.workspace import InboxQuery, InboxView, inbox
from tests.factories.support import make_ticket


def _ids(session: Session, query: str) -> list[int]:
    items, _ = support.search_tickets(session, query)
    return sorted(t.id for t in items)


def _ticket(session: Session, email: str | None, name: str, **overrides: Any) -> int:
    values: dict[str, Any] = {"subject": "Question about my order", "body": "Please check."}
    return make_ticket(session, customer_email=email, customer_name=name, **values | overrides).id


@contextmanager
def _statements(session: Session) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    engine = session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def test_a_customer_is_found_by_a_part_of_the_name_or_the_e_mail(session: Session) -> None:
    ana = _ticket(session, "ana.lima@example.com", "Ana Lima")
    bruno = _ticket(session, "bruno_costa@example.org", "Bruno Costa")
    _ticket(session, "carla.mendes@example.net", "Carla Mendes")
    session.flush()
    assert _ids(session, "Lima") == [ana]
    assert _ids(session, "lima ANA") == [ana]
    assert _ids(session, "Ana Lima") == [ana]
    assert _ids(session, "ana.lima@") == [ana]
    assert _ids(session, "ANA.LIMA@example.com") == [ana]
    assert _ids(session, "@example.org") == [bruno]
    assert _ids(session, "bruno_costa") == [bruno]
    assert _ids(session, "Lima Costa") == []
    assert _ids(session, "ana\x00lima") == [ana]  # PostgreSQL refuses NUL in text


def test_like_wildcards_in_the_query_are_plain_characters(session: Session) -> None:
    _ticket(session, "ana.lima@example.com", "Ana Lima")
    _ticket(session, "bruno_costa@example.org", "Bruno Costa")
    lab = _ticket(session, None, "Ops\\Team Lab 100%", channel="phone")
    session.flush()
    # Unescaped, "%" and "_" would match any text and "_" the dot of ana.lima.
    assert _ids(session, "%example%") == []
    assert _ids(session, "ana_lima") == []
    assert _ids(session, "a%a") == []
    assert _ids(session, "100%") == [lab]
    # PostgreSQL's default LIKE escape is "\": it must stay a plain character too.
    assert _ids(session, "ops\\te") == [lab]
    assert _ids(session, "ops\\%") == []
    with pytest.raises(InvalidInput):
        _ids(session, "%")


def test_the_customer_record_is_searched_as_it_is_now(session: Session) -> None:
    ticket = _ticket(session, "dora@example.com", "Dora")
    customer_id = support.read_ticket(session, ticket).customer_id
    assert customer_id is not None
    changes = customers.CustomerUpdate(
        first_name="Dora", last_name="Nunes-Souza", email="dora.souza@example.com"
    )
    customers.update_customer(session, customer_id, changes)
    session.flush()
    assert _ids(session, "souza") == [ticket]
    assert _ids(session, "dora.souza@") == [ticket]
    assert _ids(session, "dora@example.com") == [ticket]  # the address it was opened from


def test_names_and_full_text_both_find_tickets(session: Session) -> None:
    costa = _ticket(session, "bruno_costa@example.org", "Bruno Costa")
    rica = _ticket(session, "eva@example.com", "Eva", subject="Delivery to Costa Rica")
    session.flush()
    assert _ids(session, "costa") == sorted([costa, rica])
    assert _ids(session, "rica") == [rica]


def test_the_inbox_finds_customers_in_one_statement(session: Session) -> None:
    ana = [
        _ticket(session, "ana.lima@example.com", "Ana Lima", subject=f"Mug {i}") for i in range(3)
    ]
    _ticket(session, "bruno_costa@example.org", "Bruno Costa")
    session.flush()
    with _statements(session) as statements:
        found, more = inbox(session, InboxQuery(view=InboxView.OPEN, q="Lima"), me=None)
    assert sorted(t.id for t in found) == ana
    assert not more
    assert len(statements) == 1
    by_address = InboxQuery(view=InboxView.OPEN, q="ana.lima@example")
    assert sorted(t.id for t in inbox(session, by_address, me=None)[0]) == ana
    nothing = InboxQuery(view=InboxView.OPEN, q="%")
    assert inbox(session, nothing, me=None) == ([], False)
