"""The Customer 360: one service call tells the agent everything operations knows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from opsdesk import catalog, inventory, orders
from opsdesk.kernel.errors import NotFound
from opsdesk.support import overview
from tests.factories.orders import MUG, TEE, place
from tests.factories.tracking import late_order
from tests.factories.workspace import TEES_DUE, late_order_ticket, linked_order_ids, more_orders

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


@contextmanager
def counted_statements(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def test_overview_shows_the_late_parcel_with_both_dates_and_its_scans(session: Session) -> None:
    arranged = late_order_ticket(session)
    linked = linked_order_ids(session, arranged.ticket_id)
    assert linked == [arranged.late.order_id]

    found = overview.customer_overview(
        session, arranged.customer_id, linked_order_ids=linked, now=NOW
    )

    first = found.orders[0]
    assert (first.number, first.linked, first.late) == (arranged.late.number, True, True)
    (parcel,) = first.shipments
    assert parcel.late is True
    assert parcel.promised_delivery_date == arranged.late.promised
    assert parcel.estimated_delivery_date == arranged.late.estimated
    assert parcel.estimated_delivery_date is not None
    assert parcel.promised_delivery_date is not None
    assert parcel.estimated_delivery_date > parcel.promised_delivery_date
    assert next(s.description for s in parcel.scans) == "Delayed: sorting backlog at the hub"
    kinds = [entry.kind for entry in first.timeline]
    assert kinds[0] == "order.placed"
    assert len(kinds) >= 4


def test_overview_puts_linked_orders_first_and_counts_the_lifetime(session: Session) -> None:
    arranged = late_order_ticket(session)
    found = overview.customer_overview(
        session, arranged.customer_id, linked_order_ids=[arranged.late.order_id], now=NOW
    )
    assert [o.number for o in found.orders] == [arranged.late.number, arranged.backordered_number]
    assert found.lifetime.orders == 2
    (value,) = found.lifetime.values
    totals = session.scalars(sa.select(orders.Order.total_minor)).all()
    assert (value.currency, value.total_minor) == ("EUR", sum(totals))
    assert found.customer.email == "ana.lima@example.com"
    assert [t.id for t in found.open_tickets] == [arranged.ticket_id]


def test_backordered_line_shows_what_is_held_where_and_the_incoming_purchase_order(
    session: Session,
) -> None:
    arranged = late_order_ticket(session)
    found = overview.customer_overview(session, arranged.customer_id, now=NOW)
    tees = next(o for o in found.orders if o.id == arranged.backordered_id)
    assert tees.status is orders.OrderStatus.BACKORDERED
    assert tees.late is False
    (line,) = tees.lines
    held = {(r.warehouse_code, r.status, r.quantity) for r in line.reserved}
    assert held == {
        ("BER", inventory.ReservationStatus.ACTIVE, 2),
        (None, inventory.ReservationStatus.WAITING, 2),
    }
    assert line.stock is not None
    by_code = {w.warehouse_code: w for w in line.stock.warehouses}
    assert by_code["BER"].available == 0
    (incoming,) = by_code["HAM"].incoming
    assert (incoming.number, incoming.quantity, incoming.expected_date) == (
        arranged.purchase_order_number,
        10,
        TEES_DUE,
    )


def test_settled_orders_carry_no_live_stock_unless_the_ticket_is_about_them(
    session: Session,
) -> None:
    arranged = late_order_ticket(session)
    unlinked = overview.customer_overview(session, arranged.customer_id, now=NOW)
    shipped = next(o for o in unlinked.orders if o.id == arranged.late.order_id)
    assert shipped.lines[0].stock is None
    linked = overview.customer_overview(
        session, arranged.customer_id, linked_order_ids=[arranged.late.order_id], now=NOW
    )
    assert linked.orders[0].lines[0].stock is not None
    assert linked.orders[0].lines[0].stock.sku == MUG


def test_an_unknown_customer_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        overview.customer_overview(session, 4242, now=NOW)


def test_the_number_of_queries_does_not_grow_with_the_number_of_orders(
    engine: Engine, session: Session
) -> None:
    arranged = late_order_ticket(session)
    session.commit()
    linked = [arranged.late.order_id]

    def statements() -> list[str]:
        session.expire_all()
        with counted_statements(engine) as seen:
            found = overview.customer_overview(
                session, arranged.customer_id, linked_order_ids=linked, now=NOW
            )
        assert {line.sku for o in found.orders for line in o.lines} == {MUG, TEE}
        return seen

    few = statements()
    more_orders(session, 4)
    session.commit()
    many = statements()
    assert len(many) == len(few)
    # One per table read (the ticket's orders and the customer's newest apart, each
    # with their lines, parcels with their scans, then the days delay notices announced
    # for them), three for the live stock of all SKUs together (four when goods are on
    # the way to a warehouse without stock), two for CSAT; SQLite adds its BEGIN.
    assert len(few) <= 18, few


def test_the_customer_order_list_is_read_in_index_order_and_stops_early(
    engine: Engine, session: Session
) -> None:
    """No sort of the whole history: the plan walks ix_orders_customer_placed backwards."""
    from opsdesk.support.overview import reads

    if engine.dialect.name != "sqlite":
        pytest.skip("the plan's wording is SQLite's; PostgreSQL picks by statistics")
    query = reads._customer_orders(6).params(customer_id=1)
    compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
    plan = " ".join(
        str(row[-1]) for row in session.execute(sa.text(f"EXPLAIN QUERY PLAN {compiled}"))
    )
    assert "ix_orders_customer_placed" in plan
    assert "TEMP B-TREE" not in plan


def _last_tees_without_purchase_order(session: Session) -> tuple[int, int]:
    """Ana's late mugs, and an order taking the last two tees, with none coming (Nordwolle,
    14 days): (customer id, the tee order's id)."""
    late_order(session)
    tees = place(session, {TEE: 2})
    variant = session.scalar(sa.select(catalog.Variant).where(catalog.Variant.sku == TEE))
    assert variant is not None
    variant.supplier, variant.lead_time_days = "Nordwolle", 14
    session.flush()
    assert tees.customer_id is not None
    return tees.customer_id, tees.id


def test_a_line_with_nothing_available_or_coming_says_when_it_is_back(session: Session) -> None:
    customer_id, tees_id = _last_tees_without_purchase_order(session)
    found = overview.customer_overview(session, customer_id, now=NOW)
    (line,) = next(o for o in found.orders if o.id == tees_id).lines
    assert line.stock is not None
    assert not any(w.available > 0 or w.incoming for w in line.stock.warehouses)
    assert (line.back_in_stock, line.back_in_stock_basis) == (
        NOW.date() + timedelta(days=14),
        "supplier lead time",
    )


def test_lines_with_stock_or_an_incoming_purchase_order_get_no_back_in_stock_day(
    session: Session,
) -> None:
    arranged = late_order_ticket(session)  # the tees' purchase order is shown instead
    found = overview.customer_overview(
        session, arranged.customer_id, linked_order_ids=[arranged.late.order_id], now=NOW
    )
    lines = [line for o in found.orders for line in o.lines]
    assert {line.sku for line in lines} == {MUG, TEE}
    assert [line.back_in_stock for line in lines] == [None, None]


def test_an_item_without_a_supplier_has_no_back_in_stock_day(session: Session) -> None:
    customer_id, tees_id = _last_tees_without_purchase_order(session)
    session.execute(
        sa.update(catalog.Variant).where(catalog.Variant.sku == TEE).values(supplier="")
    )
    found = overview.customer_overview(session, customer_id, now=NOW)
    (line,) = next(o for o in found.orders if o.id == tees_id).lines
    assert (line.back_in_stock, line.back_in_stock_basis) == (None, None)
