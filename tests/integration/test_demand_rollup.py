"""The daily demand rollup gives the numbers the order lines give, on SQLite and
PostgreSQL: on a generated store, after orders placed today, cancellations, backorders
filled after their day closed and orders imported into the past, and rolled twice.

The references are the raw statements the readers ran before the rollup (copied here
unchanged) and a plain-Python count of the order lines."""

from __future__ import annotations

import threading
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import catalog, demo, inventory, orders
from opsdesk.forecasting import demand
from opsdesk.kernel.db import utc_day
from opsdesk.replenishment.inputs import recent_demand
from opsdesk.returns import summary
from tests.factories.catalog import make_variant
from tests.factories.inventory import make_purchase_order, make_warehouse, receive_stock
from tests.factories.orders import place

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
TEE = "TEE-ROLLUP"  # backorders when short


def raw_demand_by_day(session: Session, start: date, end: date, variant_id: int | None = None):  # type: ignore[no-untyped-def]
    """``forecasting.demand.demand_by_day`` as it was before the rollup."""
    fallback = demand.default_warehouse(session)
    r, o, ol = inventory.Reservation, orders.Order, orders.OrderLine
    held = sa.select(r.order_line_id, sa.func.min(r.warehouse_id).label("wh"))
    held = held.where(r.warehouse_id.is_not(None))
    if variant_id is not None:
        held = held.where(r.variant_id == variant_id)
    site = held.group_by(r.order_line_id).subquery()
    warehouse = sa.func.coalesce(site.c.wh, fallback)
    day = utc_day(session, o.placed_at)
    stmt = (
        sa.select(ol.variant_id, warehouse, day, sa.func.sum(ol.quantity))
        .join(o, o.id == ol.order_id)
        .outerjoin(site, site.c.order_line_id == ol.id)
        .where(
            ol.variant_id.is_not(None),
            o.placed_at >= datetime.combine(start, time(), UTC),
            o.placed_at < datetime.combine(end, time(), UTC) + timedelta(days=1),
        )
        .group_by(ol.variant_id, warehouse, day)
    )
    if variant_id is not None:
        stmt = stmt.where(ol.variant_id == variant_id)
    return {(int(v), int(w), date.fromisoformat(str(d)[:10])): float(u)
            for v, w, d, u in session.execute(stmt)}  # fmt: skip


def raw_sold(session: Session, skus: set[str], since: datetime) -> dict[str, int]:
    """``returns.summary._sold`` as it was before the rollup."""
    ol, order = orders.OrderLine, orders.Order
    variants = sa.select(catalog.Variant.id).where(catalog.Variant.sku.in_(sorted(skus)))
    rows = session.execute(
        sa.select(ol.sku, sa.func.sum(ol.quantity))
        .join(order, order.id == ol.order_id)
        .where(ol.variant_id.in_(variants), order.placed_at >= since)
        .group_by(ol.sku)
    )
    return {sku: int(units) for sku, units in rows}


def counted_lines(session: Session) -> dict[tuple[date, int, int | None, str], int]:
    """Units per (day, variant, warehouse or None, sku), counted line by line in Python."""
    held: dict[int, int] = {}
    for line_id, warehouse in session.execute(
        sa.select(inventory.Reservation.order_line_id, inventory.Reservation.warehouse_id)
    ):
        if warehouse is not None:
            held[line_id] = min(held.get(line_id, warehouse), warehouse)
    found: dict[tuple[date, int, int | None, str], int] = defaultdict(int)
    for line, placed in session.execute(
        sa.select(orders.OrderLine, orders.Order.placed_at).join(orders.Order)
    ):
        if line.variant_id is not None:
            key = (placed.astimezone(UTC).date(), line.variant_id, held.get(line.id), line.sku)
            found[key] += line.quantity
    return dict(found)


def read(session: Session, start: date) -> dict[tuple[date, int, int | None, str], int]:
    found: dict[tuple[date, int, int | None, str], int] = defaultdict(int)
    for row in orders.demand_days(session, start):
        found[(row.day, row.variant_id, row.warehouse_id, row.sku)] += row.units
    return dict(found)


def assert_reads_match_raw(session: Session, skus: set[str] | None = None) -> None:
    first = TODAY - timedelta(days=200)
    expected = {k: u for k, u in counted_lines(session).items() if k[0] >= first}
    assert read(session, first) == expected
    end = TODAY + timedelta(days=3)
    as_read = {(r.variant_id, r.warehouse_id, r.day): r.units
               for r in demand.demand_by_day(session, first, end)}  # fmt: skip
    assert as_read == raw_demand_by_day(session, first, end)
    variant = max(k[1] for k in expected)
    chart = {(r.variant_id, r.warehouse_id, r.day): r.units
             for r in demand.demand_by_day(session, first, end, variant_id=variant)}  # fmt: skip
    assert chart == raw_demand_by_day(session, first, end, variant)
    skus = skus or {k[3] for k in expected}
    periods = (NOW - timedelta(days=30), NOW - timedelta(days=90, hours=5))
    for since in (*periods, summary.window_start(NOW, 30)):  # the last at midnight UTC
        expected_sold = raw_sold(session, skus, since)
        assert summary._sold(session, skus, since) == expected_sold
        whole_store = orders.units_since(session, since)  # the path for many SKUs
        assert {k: u for k, u in whole_store.items() if k in skus} == expected_sold


@pytest.fixture
def store(engine: Engine, session_factory: sessionmaker[Session]) -> sessionmaker[Session]:
    demo.generate_store(engine, demo.SIZES["tiny"], 7, NOW)
    return session_factory


def _tee_shop(session: Session) -> tuple[int, int]:
    """A backorderable tee with 3 in a new low-priority warehouse; (variant, warehouse)."""
    warehouse = make_warehouse(session, "RLP", priority=999, country="DE", region="BE")
    variant = make_variant(session, TEE, policy="backorder")
    receive_stock(session, TEE, warehouse, 3)
    make_purchase_order(session, warehouse, {TEE: 20}, expected=TODAY + timedelta(days=14))
    return variant, warehouse


def test_seeded_store_is_rolled_up_and_reads_match_the_order_lines(
    store: sessionmaker[Session],
) -> None:
    with store() as session:
        assert orders.rolled_through(session) == TODAY - timedelta(days=1)
        rows = session.scalar(sa.select(sa.func.count()).select_from(orders.DemandDaily.__table__))
        assert rows is not None
        assert rows > 100
        today = orders.demand_days(session, TODAY)
        assert today, "the seeded store has orders placed today, read live"
        assert_reads_match_raw(session)


def test_today_cancellations_backorders_and_late_imports_are_right_after_a_roll(
    store: sessionmaker[Session],
) -> None:
    with store() as session:
        tee, site = _tee_shop(session)
        place(session, {TEE: 3}, now=NOW + timedelta(minutes=4))  # takes the three on hand
        waiting = place(session, {TEE: 2}, now=NOW + timedelta(minutes=5))  # no warehouse yet
        cancelled = place(session, {TEE: 1}, now=NOW + timedelta(minutes=6))
        orders.cancel_order(session, cancelled.id, actor="test", reason="changed mind",
                            now=NOW + timedelta(minutes=7))  # fmt: skip
        session.commit()
        assert_reads_match_raw(session)  # today is read live

        tomorrow = NOW + timedelta(days=1)
        assert not orders.roll_up_demand(session, tomorrow).full
        session.commit()
        assert orders.rolled_through(session) == TODAY
        assert_reads_match_raw(session)
        day = {(r.warehouse_id, r.units) for r in orders.demand_days(session, TODAY, TODAY,
                                                                      variants=[tee])}  # fmt: skip
        assert day == {(site, 3), (None, 2 + 1)}  # the cancelled line still counts

        # The two waiting tees get stock two days later: yesterday's line moves warehouse.
        inventory.adjust(session, sku=TEE, warehouse_id=site, delta=2, reason="found",
                         actor="test", now=tomorrow + timedelta(days=1))  # fmt: skip
        # An order imported into a closed day, a week back.
        place(session, {TEE: 4}, now=tomorrow + timedelta(days=1),
              placed_at=(NOW - timedelta(days=7)).isoformat())  # fmt: skip
        session.commit()
        rolled = orders.roll_up_demand(session, tomorrow + timedelta(days=1, hours=1))
        session.commit()
        assert rolled.days >= 3  # today (the fill), the imported day, the newly closed day
        assert_reads_match_raw(session)
        day = {(r.warehouse_id, r.units) for r in orders.demand_days(session, TODAY, TODAY,
                                                                      variants=[tee])}  # fmt: skip
        assert day == {(site, 3 + 2), (None, 1)}
        assert waiting.status == orders.OrderStatus.ALLOCATED


def test_rolling_twice_changes_nothing_and_a_rebuild_gives_the_same_rows(
    store: sessionmaker[Session],
) -> None:
    with store() as session:
        before = _table(session)
        again = orders.roll_up_demand(session, NOW + timedelta(hours=1))
        session.commit()
        assert (again.full, again.days) == (False, 0)
        assert _table(session) == before
        orders.reset_demand_rollup(session)
        assert orders.rolled_through(session) is None
        assert_reads_match_raw(session)  # without a rollup everything is read live
        assert orders.roll_up_demand(session, NOW).full
        session.commit()
        assert _table(session) == before


def _table(session: Session) -> list[tuple[Any, ...]]:
    t = orders.DemandDaily
    stmt = sa.select(t.day, t.variant_id, t.warehouse_id, t.sku, t.units, t.lines)
    return [
        tuple(r) for r in session.execute(stmt.order_by(t.day, t.variant_id, t.warehouse_id, t.sku))
    ]


def test_replenishment_weeks_follow_the_rollup(store: sessionmaker[Session]) -> None:
    with store() as session:
        weeks = recent_demand(session, today=TODAY, weeks=8)
        start = TODAY - timedelta(days=56)
        expected: dict[tuple[int, int | None], list[float]] = {}
        for (day, variant, warehouse, _sku), units in counted_lines(session).items():
            if day >= start:
                buckets = expected.setdefault((variant, warehouse), [0.0] * 8)
                buckets[min((day - start).days // 7, 7)] += units
        assert weeks == expected


def test_two_rolls_at_once_leave_each_day_once(
    engine: Engine, store: sessionmaker[Session]
) -> None:
    with store() as session:
        before = _table(session)
        orders.reset_demand_rollup(session)
        session.commit()
    errors: list[BaseException] = []

    def roll() -> None:
        try:
            with store() as s, s.begin():
                orders.roll_up_demand(s, NOW)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=roll) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    if engine.dialect.name == "sqlite":  # one writer at a time: the loser may be refused
        assert len(errors) <= 1
    else:
        assert errors == []
    with store() as session:
        assert _table(session) == before


def test_units_sold_for_most_of_the_catalogue_come_from_one_whole_store_read(
    store: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(summary, "WHOLE_STORE_FROM", 0)  # every set counts as "many SKUs"
    with store() as session:
        skus = {k[3] for k in counted_lines(session)}
        some = set(sorted(skus)[::3])
        for since in (summary.window_start(NOW, 30), NOW - timedelta(days=30)):
            assert summary._sold(session, some, since) == raw_sold(session, some, since)
