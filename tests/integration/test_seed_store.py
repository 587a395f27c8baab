"""A generated store on a real database keeps the invariants the services keep."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import demo, fx, inventory, orders
from opsdesk.kernel.errors import Conflict

NOW = datetime(2026, 5, 4, 9, 15, tzinfo=UTC)


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_seeded_store_passes_every_consistency_check(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    report = demo.generate_store(engine, demo.SIZES["tiny"], 5, NOW)

    assert report.rows["orders"] == _count(engine, "orders") > 500
    with engine.connect() as conn:
        assert demo.store_problems(conn) == {}
    with session_factory() as session:
        assert inventory.check_consistency(session) == []


def test_seeded_orders_read_back_through_the_order_service_with_their_story(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    demo.generate_store(engine, demo.SIZES["tiny"], 6, NOW)
    with engine.connect() as conn:
        delivered_id = conn.execute(
            sa.text("SELECT min(id) FROM orders WHERE status = 'delivered'")
        ).scalar_one()
        shipped = conn.execute(
            sa.text(
                "SELECT count(*) FROM orders o WHERE o.status IN ('shipped', 'delivered') "
                "AND NOT EXISTS (SELECT 1 FROM shipments s JOIN tracking_events t "
                "ON t.shipment_id = s.id WHERE s.order_id = o.id)"
            )
        ).scalar_one()
    assert shipped == 0
    with session_factory() as session:
        order = orders.read_order(session, delivered_id)
    kinds = [entry.kind for entry in order.timeline]
    assert kinds[0] == "order.placed"
    assert "stock.reserved" in kinds
    assert "status.shipped" in kinds
    assert kinds[-1] in {"status.delivered", "refund.issued", "return.requested",
                         "return.approved", "return.received"}  # fmt: skip
    assert order.placed_at.tzinfo is not None
    assert order.placed_at <= NOW


def test_the_id_sequences_continue_after_the_seeded_rows(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    demo.generate_store(engine, demo.SIZES["tiny"], 7, NOW)
    highest = _count(engine, "order_events")
    with session_factory() as session, session.begin():
        event = orders.add_timeline_event(
            session, 1, kind="note", summary="Customer called about the parcel", actor="agent:Sam"
        )
        session.flush()
        assert event.id == highest + 1


def test_seeding_a_store_that_has_data_is_refused_and_changes_nothing(engine: Engine) -> None:
    demo.generate_store(engine, demo.SIZES["tiny"], 8, NOW)
    before = _count(engine, "orders"), _count(engine, "stock_movements")

    with pytest.raises(Conflict, match="already holds data"):
        demo.generate_store(engine, demo.SIZES["tiny"], 9, NOW)

    assert (_count(engine, "orders"), _count(engine, "stock_movements")) == before


def test_the_demo_has_a_rate_for_every_currency_it_sells_in_from_its_first_order_on(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    report = demo.generate_store(engine, demo.SIZES["tiny"], 10, NOW)
    with engine.connect() as conn:
        currencies = set(conn.execute(sa.text("SELECT DISTINCT currency FROM orders")).scalars())
        first = conn.execute(sa.text("SELECT min(placed_at) FROM orders")).scalar_one()
    assert currencies == {"EUR", "GBP", "BRL"}
    assert report.rows["exchange_rates"] == 2
    first_day = datetime.fromisoformat(str(first)).date()
    with session_factory() as session:
        for day in (first_day, NOW.date()):
            rates = fx.day_rates(session, "EUR", currencies, day)
            assert set(rates.rates) == {"GBP", "BRL"}
        assert {(r.quote_currency, r.note, r.set_by) for r in fx.list_rates(session)} == {
            ("GBP", "demo value, not a market rate", "system:demo"),
            ("BRL", "demo value, not a market rate", "system:demo"),
        }
