"""The customer list's search and filters, and one customer's combined history, against
SQLite and PostgreSQL: what a prefix finds, what each filter keeps, and that paging the
history visits every order, ticket and message once, newest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from opsdesk import customers, support
from opsdesk.web.ui.ops.customers_history import customer_history
from opsdesk.web.ui.ops.customers_query import CustomerFilter, customer_rows, row_facts
from opsdesk.web.ui.ops.listing import SortKey, page_of
from tests.factories.customers import berlin_address, make_customer
from tests.factories.orders import make_shop, place
from tests.factories.support import make_ticket

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _found(session: Session, **where: object) -> list[str]:
    stmt = customer_rows(CustomerFilter(**where), NOW)  # type: ignore[arg-type]
    page = page_of(session, stmt, [SortKey(customers.Customer.id, descending=True)], None)
    return [c.email for c in page.rows]


def _people(session: Session, *, ana: bool = True) -> None:
    """Ana Lima (Berlin; or made by her first order), Grace Hopper (US), Linus Limagne."""
    if ana:
        make_customer(session)
    make_customer(
        session, email="grace.hopper@example.org", first_name="Grace", last_name="Hopper",
        addresses=[berlin_address(country="US", city="Arlington", region="VA",
                                  postal_code="22201", name="Grace Hopper")],
    )  # fmt: skip
    make_customer(
        session, email="linus@example.fi", first_name="Linus", last_name="Limagne",
        addresses=[],
    )  # fmt: skip


def test_search_finds_names_and_emails_from_their_start_in_any_case(session: Session) -> None:
    _people(session)
    assert _found(session, q="ana") == ["ana.lima@example.com"]
    assert _found(session, q="LIMA") == ["linus@example.fi", "ana.lima@example.com"]
    assert _found(session, q="limag") == ["linus@example.fi"]
    assert _found(session, q="grace.h") == ["grace.hopper@example.org"]
    assert _found(session, q="ana lim") == ["ana.lima@example.com"]
    assert _found(session, q="opper") == []  # from the start, not inside
    assert _found(session, q="%") == []  # a wildcard is a character here


def test_search_finds_a_customer_by_order_number(session: Session) -> None:
    make_shop(session)
    order = place(session)
    _people(session, ana=False)
    assert _found(session, q=order.number.lower()) == ["ana.lima@example.com"]
    assert _found(session, q=order.number[:6]) == ["ana.lima@example.com"]


def test_filters_keep_country_open_tickets_and_recent_buyers(session: Session) -> None:
    make_shop(session)
    place(session, now=NOW - timedelta(days=40))  # Ana ordered 40 days ago
    _people(session, ana=False)
    ticket = make_ticket(session, customer_email="grace.hopper@example.org", now=NOW)
    assert _found(session, country="US") == ["grace.hopper@example.org"]
    assert _found(session, open_ticket=True) == ["grace.hopper@example.org"]
    assert _found(session, ordered_within=30) == []
    assert _found(session, ordered_within=90) == ["ana.lima@example.com"]
    support.update_ticket(
        session, ticket.id, support.TicketUpdate(status=support.sla.TicketStatus.SOLVED),
        author=support.Author(actor="agent:test"), now=NOW,
    )  # fmt: skip
    assert _found(session, open_ticket=True) == []


def test_row_facts_count_orders_and_open_tickets_per_customer(session: Session) -> None:
    make_shop(session)
    place(session, now=NOW - timedelta(days=3))
    place(session, now=NOW - timedelta(days=1))
    make_ticket(session, now=NOW)
    ana = session.query(customers.Customer).filter_by(email="ana.lima@example.com").one()
    facts = row_facts(session, [ana.id])[ana.id]
    assert (facts.orders, facts.open_tickets, facts.country) == (2, 1, "")
    assert facts.last_order_at == NOW - timedelta(days=1)


def test_history_pages_through_orders_tickets_and_messages_newest_first(
    session: Session,
) -> None:
    make_shop(session, mugs=20)
    first = place(session, now=NOW - timedelta(days=5))
    ticket = make_ticket(session, now=NOW - timedelta(days=4))
    support.add_customer_message(
        session, ticket.id, body="Any news on my mug?", now=NOW - timedelta(days=2),
        author=support.Author(actor="customer:ana", email="ana.lima@example.com"),
    )  # fmt: skip
    second = place(session, now=NOW - timedelta(days=1))
    ana_id = first.customer_id
    assert ana_id is not None
    seen, cursor, pages = [], None, 0
    while True:
        page = customer_history(session, ana_id, cursor, size=2)
        seen += [(h.kind, h.title if h.kind == "order" else h.ticket_id) for h in page.rows]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [
        ("order", second.number),
        ("message", ticket.id),  # the customer's follow-up
        ("ticket", ticket.id),
        ("message", ticket.id),  # the first message, stored with the ticket
        ("order", first.number),
    ]
    assert pages == 3
    only_orders = customer_history(session, ana_id, None, ("order",))
    assert [h.title for h in only_orders.rows] == [second.number, first.number]
