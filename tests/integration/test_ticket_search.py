"""Full-text search over subjects and message bodies: FTS5 on SQLite, tsvector on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from opsdesk import support
from opsdesk.kernel.errors import InvalidInput
from tests.factories.support import AGENT, make_ticket


def _ids(session: Session, query: str, **filters: object) -> list[int]:
    items, _ = support.search_tickets(session, query, support.TicketFilter(**filters))  # type: ignore[arg-type]
    return sorted(t.id for t in items)


def test_a_word_in_a_later_message_body_finds_its_ticket(session: Session) -> None:
    parcel = make_ticket(session, subject="Delivery question", body="Where is my parcel?")
    make_ticket(session, subject="Invoice", body="Please send the invoice again.")
    support.add_customer_message(
        session, parcel.id, body="The courier left a note about the neighbour.", author=AGENT
    )
    assert _ids(session, "neighbour") == [parcel.id]
    assert _ids(session, "NEIGHBOUR courier") == [parcel.id]
    assert _ids(session, "neighbour invoice") == []


def test_subjects_prefixes_and_accents_are_searchable(session: Session) -> None:
    wrong = make_ticket(session, subject="Wrong colour delivered", body="It is red, not blue.")
    cafe = make_ticket(session, subject="Café mug", body="Ordered the espresso set.")
    assert _ids(session, "colour") == [wrong.id]
    assert _ids(session, "espres*") == [cafe.id]
    assert _ids(session, "café") == [cafe.id]


def test_search_combines_with_filters_and_ignores_query_syntax(session: Session) -> None:
    mug = make_ticket(session, subject="Broken mug", priority="high")
    tee = make_ticket(session, subject="Broken tee", priority="low")
    assert _ids(session, "broken", priority="low") == [tee.id]
    # Quotes, parentheses and operators of FTS5 or tsquery are dropped, words kept.
    assert _ids(session, '"broken)* & mug:* -') == [mug.id]
    # "|" and "!" are no operators either: both words must occur, so no negation.
    assert _ids(session, "broken | !tee") == [tee.id]
    with pytest.raises(InvalidInput):
        _ids(session, "  ** !! ")


def test_order_numbers_are_found_with_or_without_their_prefix(session: Session) -> None:
    # PostgreSQL's parser reads "OD-100234" as "od" and the signed number "-100234".
    late = make_ticket(session, subject="Where is my order OD-100234?", body="Still waiting.")
    make_ticket(session, subject="Order OD-100235", body="Wrong size, order 100236.")
    assert _ids(session, "OD-100234") == [late.id]
    assert _ids(session, "100234") == [late.id]
    assert _ids(session, "od 10023*") == sorted([late.id, late.id + 1])
