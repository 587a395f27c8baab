"""The compiled-statement executor: same values in and out as SQLAlchemy, on both backends."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.kernel import fastsql
from opsdesk.kernel.db import in_params, table_of
from opsdesk.kernel.events import OutboxEvent
from opsdesk.orders.models import Order, OrderEvent, OrderStatus

AT = datetime(2026, 6, 1, 9, 30, 15, 123456, tzinfo=UTC)
_orders = table_of(Order)
_outbox = table_of(OutboxEvent)
INSERT_ORDER = fastsql.InsertValues(
    _orders, [c.key for c in _orders.columns if c.key != "id"], returning=("id", "number")
)
INSERT_OUTBOX = fastsql.InsertValues(
    _outbox,
    ("event_id", "name", "aggregate_type", "aggregate_id", "payload", "occurred_at",
     "available_at", "attempts", "claimed_until", "last_error"),
)  # fmt: skip
ORDERS_BY_STATUS = fastsql.Statement(
    sa.select(_orders.c.number, _orders.c.status, _orders.c.placed_at, _orders.c.ship_latitude,
              _orders.c.promised_delivery_date, _orders.c.external_id)
    .where(_orders.c.status == sa.bindparam("status", type_=_orders.c.status.type))
    .order_by(_orders.c.number)
    .limit(5)
)  # fmt: skip


SET_STATUS = fastsql.Statement(
    sa.update(_orders)
    .where(_orders.c.number == sa.bindparam("number", type_=_orders.c.number.type))
    .values(status=sa.bindparam("status", type_=_orders.c.status.type))
)


def order_row(number: str, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "number": number, "channel": "web", "external_id": None, "customer_id": None,
        "status": OrderStatus.ALLOCATED, "currency": "EUR", "locale": "de",
        "subtotal_minor": 5990, "shipping_minor": 0, "tax_minor": 0, "discount_minor": 0,
        "total_minor": 5990, "email": "ana@example.com", "ship_name": "Ana Lima",
        "ship_line1": "Hauptstraße 1", "ship_line2": "", "ship_city": "Berlin",
        "ship_region": "BE", "ship_postal_code": "10115", "ship_country": "DE",
        "ship_latitude": 52.52, "ship_longitude": None, "service_level": "standard",
        "promised_delivery_date": date(2026, 6, 4), "replaces_order_id": None,
        "placed_at": AT, "updated_at": AT,
    }  # fmt: skip
    return row | changes


def outbox_row(event_id: str, payload: Any, **changes: Any) -> dict[str, Any]:
    row = {
        "event_id": event_id, "name": "Tested", "aggregate_type": "test", "aggregate_id": "1",
        "payload": payload, "occurred_at": AT, "available_at": AT, "attempts": 0,
        "claimed_until": None, "last_error": None,
    }  # fmt: skip
    return row | changes


def test_rows_read_back_through_the_orm_hold_what_was_inserted(session: Session) -> None:
    berlin_noon = datetime(2026, 6, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    returned = fastsql.insert_values(
        session,
        INSERT_ORDER,
        [order_row("OD-1"), order_row("OD-2", placed_at=berlin_noon, ship_latitude=None)],
    )
    ids = {number: order_id for order_id, number in returned}
    session.commit()

    first, second = session.get(Order, ids["OD-1"]), session.get(Order, ids["OD-2"])
    assert first is not None
    assert second is not None
    assert first.status is OrderStatus.ALLOCATED
    assert first.placed_at == AT
    assert first.placed_at.tzinfo is not None
    assert first.promised_delivery_date == date(2026, 6, 4)
    assert first.ship_latitude == pytest.approx(52.52)
    assert first.ship_longitude is None
    assert first.external_id is None
    assert first.ship_line1 == "Hauptstraße 1"
    assert second.placed_at == datetime(2026, 6, 1, 12, 0, tzinfo=UTC)  # stored as UTC
    assert second.ship_latitude is None


def test_selected_values_come_back_as_the_column_types_make_them(session: Session) -> None:
    fastsql.insert_values(
        session,
        INSERT_ORDER,
        [order_row("OD-1"), order_row("OD-2", external_id="x-2", promised_delivery_date=None),
         order_row("OD-3", status=OrderStatus.BACKORDERED)],
    )  # fmt: skip

    rows = fastsql.run(session, ORDERS_BY_STATUS, {"status": OrderStatus.ALLOCATED})

    assert rows == [
        ("OD-1", OrderStatus.ALLOCATED, AT, pytest.approx(52.52), date(2026, 6, 4), None),
        ("OD-2", OrderStatus.ALLOCATED, AT, pytest.approx(52.52), None, "x-2"),
    ]
    assert rows[0][1] is OrderStatus.ALLOCATED
    assert rows[0][2].tzinfo is not None


def test_json_payloads_round_trip(session: Session) -> None:
    payload = {
        "order_id": 7,
        "lines": [{"sku": "MUG", "quantity": 2}],
        "note": "ünïcode €",
        "x": None,
    }
    fastsql.insert_values(
        session,
        INSERT_OUTBOX,
        [outbox_row("e1", payload), outbox_row("e2", [], last_error="boom", claimed_until=AT)],
    )
    session.commit()

    stored = {e.event_id: e for e in session.scalars(sa.select(OutboxEvent))}
    assert stored["e1"].payload == payload
    assert stored["e1"].claimed_until is None
    assert stored["e1"].last_error is None
    assert json.dumps(stored["e2"].payload) == "[]"  # any JSON, though typed as an object
    assert stored["e2"].claimed_until == AT
    assert stored["e2"].last_error == "boom"


ORDER_WITH_EVENTS = fastsql.InsertWithChildren(
    fastsql.InsertValues(_orders, [c.key for c in _orders.columns if c.key != "id"], ("id",)),
    fastsql.InsertValues(
        table_of(OrderEvent),
        ("order_id", "occurred_at", "kind", "actor", "summary", "data"),
        returning=("id", "kind"),
    ),
    link="order_id",
)


def event_row(kind: str, data: Any, **changes: Any) -> dict[str, Any]:
    row = {"occurred_at": AT, "kind": kind, "actor": "test", "summary": f"{kind} …", "data": data}
    return row | changes


def test_a_row_and_its_children_are_written_together_linked_by_the_new_id(
    session: Session,
) -> None:
    berlin = datetime(2026, 6, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    sent: list[str] = []
    sa.event.listen(session.connection(), "before_cursor_execute", lambda *a: sent.append(a[2]))

    order_id, children = fastsql.insert_with_children(
        session,
        ORDER_WITH_EVENTS,
        order_row("OD-1", status=OrderStatus.BACKORDERED),
        [event_row("order.placed", {"number": "OD-1", "note": "ü €"}),
         event_row("stock.reserved", [], occurred_at=berlin)],
    )  # fmt: skip
    session.commit()

    postgres = session.get_bind().dialect.name == "postgresql"
    assert len(sent) == (1 if postgres else 2)
    stored = session.scalars(sa.select(OrderEvent).where(OrderEvent.order_id == order_id)).all()
    assert sorted((e.id, e.kind) for e in stored) == sorted(children)
    by_kind = {e.kind: e for e in stored}
    assert by_kind["order.placed"].data == {"number": "OD-1", "note": "ü €"}
    assert json.dumps(by_kind["stock.reserved"].data) == "[]"
    assert by_kind["stock.reserved"].occurred_at == berlin
    order = session.get(Order, order_id)
    assert order is not None
    assert (order.number, order.status) == ("OD-1", OrderStatus.BACKORDERED)


def test_a_parent_refused_by_a_constraint_writes_no_children(session: Session) -> None:
    fastsql.insert_values(session, INSERT_ORDER, [order_row("OD-1")])
    session.commit()

    with pytest.raises(sa.exc.IntegrityError):
        fastsql.insert_with_children(
            session, ORDER_WITH_EVENTS, order_row("OD-1"), [event_row("order.placed", {})]
        )
    session.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(OrderEvent)) == 0
    with pytest.raises(ValueError, match="at least one child"):
        fastsql.insert_with_children(session, ORDER_WITH_EVENTS, order_row("OD-2"), [])


def test_a_naive_datetime_is_refused_as_by_the_orm(session: Session) -> None:
    with pytest.raises(ValueError, match="naive"):
        fastsql.insert_values(
            session, INSERT_ORDER, [order_row("OD-1", placed_at=AT.replace(tzinfo=None))]
        )


def test_statements_run_inside_the_sessions_transaction(session: Session) -> None:
    fastsql.insert_values(session, INSERT_ORDER, [order_row("OD-1")])
    assert session.scalar(sa.select(sa.func.count()).select_from(Order)) == 1  # same transaction
    session.rollback()

    assert session.scalar(sa.select(sa.func.count()).select_from(Order)) == 0


def test_driver_errors_are_raised_as_sqlalchemy_errors(session: Session) -> None:
    fastsql.insert_values(session, INSERT_ORDER, [order_row("OD-1")])
    with pytest.raises(sa.exc.IntegrityError):
        fastsql.insert_values(session, INSERT_ORDER, [order_row("OD-1")])
    session.rollback()

    fastsql.insert_values(session, INSERT_ORDER, [order_row("OD-2")])  # usable again
    session.commit()
    assert session.scalars(sa.select(Order.number)).all() == ["OD-2"]


def test_statement_listeners_see_every_execution(session: Session) -> None:
    seen: list[str] = []
    connection = session.connection()

    def count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(statement.split()[0])

    sa.event.listen(connection, "before_cursor_execute", count)
    fastsql.insert_values(session, INSERT_ORDER, [order_row("OD-1")])
    fastsql.run(session, ORDERS_BY_STATUS, {"status": "allocated"})
    sa.event.remove(connection, "before_cursor_execute", count)

    assert seen == ["INSERT", "SELECT"]


def test_missing_parameters_and_expanding_lists_are_refused(session: Session) -> None:
    with pytest.raises(TypeError, match="missing parameter 'status'"):
        fastsql.run(session, ORDERS_BY_STATUS, {})
    with pytest.raises(TypeError, match="missing value"):
        fastsql.insert_values(session, INSERT_ORDER, [{"number": "OD-1"}])
    expanding = fastsql.Statement(sa.select(_orders.c.id).where(_orders.c.number.in_(["a", "b"])))
    with pytest.raises(TypeError, match="expanding"):
        fastsql.run(session, expanding, {})


def test_in_lists_built_once_per_length_work(session: Session) -> None:
    fastsql.insert_values(session, INSERT_ORDER, [order_row(f"OD-{n}") for n in range(3)])
    numbers = fastsql.Statement(
        sa.select(_orders.c.number)
        .where(in_params(_orders.c.number, "n", 2))
        .order_by(_orders.c.number)
    )

    assert fastsql.run(session, numbers, {"n0": "OD-2", "n1": "OD-0"}) == [("OD-0",), ("OD-2",)]


def test_saved_objects_are_attached_clean_and_marked_saved_after_an_update(
    session: Session,
) -> None:
    row = order_row("OD-1")
    ((order_id, _),) = fastsql.insert_values(session, INSERT_ORDER, [row])
    order = fastsql.saved(Order, {"id": order_id, **row}, lines=[])
    session.add(order)
    assert order not in session.dirty
    assert order.lines == []

    order.status = OrderStatus.CANCELLED
    fastsql.run(
        session,
        fastsql.Statement(
            sa.update(_orders)
            .where(_orders.c.id == sa.bindparam("id", type_=sa.BigInteger))
            .values(status=sa.bindparam("status", type_=_orders.c.status.type))
        ),
        {"id": order_id, "status": order.status},
    )
    fastsql.mark_saved(session, order)
    assert order not in session.dirty
    session.commit()
    session.expire_all()

    assert session.get(Order, order_id).status is OrderStatus.CANCELLED  # type: ignore[union-attr]


def test_deferred_writes_leave_together_when_the_block_ends(session: Session) -> None:
    seen: list[str] = []
    sa.event.listen(session.connection(), "before_cursor_execute", lambda *a: seen.append(a[2]))
    with fastsql.deferred(session):
        fastsql.insert_values(session, INSERT_ORDER, [order_row("OD-1")])  # RETURNING: at once
        fastsql.insert_values(session, INSERT_OUTBOX, [outbox_row("e1", {"n": 1})])
        fastsql.insert_values(session, INSERT_OUTBOX, [outbox_row("e2", {"n": 2})])
        fastsql.run(session, SET_STATUS, {"number": "OD-1", "status": OrderStatus.SHIPPED})
        assert session.scalar(sa.select(sa.func.count()).select_from(OutboxEvent)) == 0
        assert len(seen) == 2  # the order's insert and the count

    postgres = session.get_bind().dialect.name == "postgresql"
    assert len(seen) == (3 if postgres else 5)
    # the parts of one PostgreSQL statement run in no set order: only rows within one
    # INSERT keep theirs
    assert sorted(session.scalars(sa.select(OutboxEvent.event_id))) == ["e1", "e2"]
    assert session.scalar(sa.select(Order.status)) is OrderStatus.SHIPPED


def test_deferred_writes_are_dropped_when_the_block_raises(session: Session) -> None:
    def refuse() -> None:
        with fastsql.deferred(session):
            fastsql.insert_values(session, INSERT_OUTBOX, [outbox_row("e1", {})])
            raise RuntimeError("refused")

    with pytest.raises(RuntimeError):
        refuse()

    assert session.scalar(sa.select(sa.func.count()).select_from(OutboxEvent)) == 0


def test_a_failing_deferred_write_raises_at_the_end_of_the_block(session: Session) -> None:
    fastsql.insert_values(session, INSERT_OUTBOX, [outbox_row("e1", {})])

    def write_twice() -> None:
        with fastsql.deferred(session):
            fastsql.insert_values(session, INSERT_OUTBOX, [outbox_row("e2", {})])
            fastsql.insert_values(session, INSERT_OUTBOX, [outbox_row("e1", {})])  # taken id

    with pytest.raises(sa.exc.IntegrityError):
        write_twice()


def test_percent_signs_in_the_sql_stay_literal(session: Session) -> None:
    fastsql.insert_values(session, INSERT_ORDER, [order_row("OD-1"), order_row("XX-2")])
    like = fastsql.Statement(
        sa.select(_orders.c.number, sa.literal_column("'100%'"))
        .where(_orders.c.number.like(sa.literal_column("'OD-%'")))
        .where(_orders.c.currency == sa.bindparam("currency", type_=sa.String))
    )

    assert fastsql.run(session, like, {"currency": "EUR"}) == [("OD-1", "100%")]
