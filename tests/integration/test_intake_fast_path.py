"""Order intake and the order read stay cheap: few statements, nothing read back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import customers, inventory, orders
from opsdesk.kernel.events import OutboxEvent
from opsdesk.shipping.handlers import promise_delivery
from tests.factories.orders import MUG, TEE, expect_tees, make_shop, place

NOW = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)


@contextmanager
def statements(session: Session) -> Iterator[list[str]]:
    """The SQL statements the session's connection sends inside the block."""
    seen: list[str] = []
    connection = session.connection()

    def count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(" ".join(statement.split()[:3]).upper())

    sa.event.listen(connection, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sa.event.remove(connection, "before_cursor_execute", count)


def test_an_order_takes_five_statements_on_postgresql_whatever_its_line_count(
    session: Session,
) -> None:
    make_shop(session, tees=10)
    place(session, {MUG: 1}, now=NOW)  # the customer exists from now on
    with statements(session) as one_line:
        place(session, {MUG: 1}, now=NOW)
    with statements(session) as two_lines:
        place(session, {MUG: 1, TEE: 2}, now=NOW)

    # prices, customer, the order with its lines, locked stock, then the held units,
    # reservations, ledger, timeline, outbox (both events) and the order's status and
    # promised date: one statement on PostgreSQL; on SQLite the order and its lines are
    # two, the tail six (each after the other), and BEGIN IMMEDIATE is sent as SQL
    postgres = session.get_bind().dialect.name == "postgresql"
    assert len(one_line) == (5 if postgres else 11)
    assert len(two_lines) == len(one_line)
    assert not [s for s in one_line + two_lines if s.startswith("SAVEPOINT")]
    if postgres:
        assert one_line[2] == "WITH P AS"  # the order and its lines
        assert one_line[-1] == "WITH W0 AS"  # everything after the locked read
    else:
        assert two_lines.count("INSERT INTO ORDER_LINES") == 1
        assert [s for s in one_line if s.startswith("UPDATE")] == [
            "UPDATE STOCK_LEVELS SET",
            "UPDATE ORDERS SET",
        ]


def test_the_tail_of_intake_writes_every_row_in_one_statement_on_postgresql(
    session: Session,
) -> None:
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite cannot modify data in WITH")
    make_shop(session, tees=10)
    sent: list[str] = []
    sa.event.listen(session.connection(), "before_cursor_execute", lambda *a: sent.append(a[2]))

    order = place(session, {MUG: 1, TEE: 2}, now=NOW)

    tail = sent[-1]
    for part in (
        "UPDATE stock_levels",
        "INSERT INTO reservations",
        "INSERT INTO stock_movements",
        "INSERT INTO order_events",
        "INSERT INTO outbox_events",
        "UPDATE orders",
    ):
        assert tail.count(part) == 1, part  # fmt: skip
    session.commit()
    session.expire_all()
    assert len(inventory.reservations_for_order(session, order.id)) == 2
    assert [e.kind for e in orders.timeline(session, order.id)] == [
        "order.placed", "stock.reserved", "stock.reserved",
    ]  # fmt: skip
    recorded = session.scalars(
        sa.select(OutboxEvent.name).where(
            OutboxEvent.aggregate_type == "order", OutboxEvent.aggregate_id == str(order.id)
        )
    ).all()
    assert sorted(recorded) == ["OrderPlaced", "StockReserved"]


def test_order_placed_tells_where_the_units_ship_from(session: Session) -> None:
    shop = make_shop(session, tees=2)
    expect_tees(session, shop, 10, on=date(2026, 6, 14))
    order = place(session, {MUG: 1, TEE: 5}, now=NOW)
    session.commit()

    placed = session.scalars(sa.select(OutboxEvent).where(OutboxEvent.name == "OrderPlaced")).one()
    assert placed.payload["ships_from"] == [
        {"warehouse_id": shop.berlin, "region": "BE", "country": "DE", "ready_on": None},
        {"warehouse_id": None, "region": "", "country": "", "ready_on": "2026-06-15"},
    ]
    assert order.status is orders.OrderStatus.BACKORDERED


def test_the_promise_from_the_event_matches_the_one_read_from_the_reservations(
    session: Session,
) -> None:
    shop = make_shop(session, tees=2)
    expect_tees(session, shop, 10, on=date(2026, 6, 14))
    order = place(session, {MUG: 1, TEE: 5}, now=NOW)
    session.flush()
    promised_at_intake = order.promised_delivery_date
    assert promised_at_intake is not None
    assert promised_at_intake > date(2026, 6, 15)

    order.promised_delivery_date = None
    event = orders.OrderPlaced(
        order_id=order.id, number=order.number, channel=order.channel,
        customer_id=order.customer_id, status=order.status.value, currency=order.currency,
        total_minor=order.total_minor,
    )  # fmt: skip
    promise_delivery(session, event)  # no ships_from: reads the reservations back

    assert order.promised_delivery_date == promised_at_intake


def test_a_committed_order_keeps_its_status_and_promise_in_the_database(session: Session) -> None:
    make_shop(session)
    order = place(session, {MUG: 2}, now=NOW)
    session.commit()
    session.expire_all()

    stored = session.get(orders.Order, order.id)
    assert stored is not None
    assert stored.status is orders.OrderStatus.ALLOCATED
    assert stored.promised_delivery_date == order.promised_delivery_date is not None
    assert [line.sku for line in stored.lines] == [MUG]


def test_reading_an_order_takes_five_queries(session: Session) -> None:
    make_shop(session, tees=2)
    order = place(session, {MUG: 1, TEE: 1}, now=NOW)
    session.commit()

    with statements(session) as sent:
        read = orders.read_order(session, order.id)

    assert len(sent) == 5
    assert [line.sku for line in read.lines] == [MUG, TEE]
    assert read.customer is not None
    assert read.customer.email == "ana.lima@example.com"
    assert read.shipping_address.city == "Berlin"
    assert [w.warehouse_code for w in read.reservations] == ["BER"]
    assert read.timeline[0].summary.startswith("Placed via web: 2 items")


def test_reading_an_order_sees_changes_not_yet_flushed(session: Session) -> None:
    make_shop(session, tees=2)
    order = place(session, {MUG: 1}, now=NOW)
    session.commit()

    assert order.customer_id is not None
    customer = session.get(customers.Customer, order.customer_id)
    assert customer is not None
    customer.first_name = "Anabela"  # pending in the unit of work, not yet sent
    order.ship_city = "Potsdam"
    read = orders.read_order(session, order.id)

    assert read.shipping_address.city == "Potsdam"
    assert read.customer is not None
    assert read.customer.first_name == "Anabela"
    assert orders.read_order_by_number(session, order.number).id == order.id
