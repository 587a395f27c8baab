"""The daily demand rollup against the raw statements it replaced, in the same run, on a
seeded store: the returns page's units sold (30 days, every returned SKU), forecasting's
whole-history demand read, and an incremental roll with nothing new. Each pair is
checked equal before it is timed.

    .venv/bin/python bench/demand_rollup.py --url postgresql+psycopg://…/h1_medium [--repeats 5]

Needs a built rollup (``opsdesk demand-rollup``); prints min/median/max in ms and the
load average before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog, inventory, orders
from opsdesk.forecasting import demand
from opsdesk.kernel.db import make_engine, utc_day
from opsdesk.registry import session_factory
from opsdesk.returns import summary
from opsdesk.returns.models import ReturnLine


def raw_sold(session: Session, skus: set[str], since: datetime) -> dict[str, int]:
    """``returns.summary._sold`` before the rollup."""
    ol, order = orders.OrderLine, orders.Order
    variants = sa.select(catalog.Variant.id).where(catalog.Variant.sku.in_(sorted(skus)))
    rows = session.execute(
        sa.select(ol.sku, sa.func.sum(ol.quantity))
        .join(order, order.id == ol.order_id)
        .where(ol.variant_id.in_(variants), order.placed_at >= since)
        .group_by(ol.sku)
    )
    return {sku: int(units) for sku, units in rows}


def raw_demand(session: Session, start: date, end: date) -> dict[tuple[int, int, date], float]:
    """``forecasting.demand.demand_by_day`` (whole store) before the rollup."""
    fallback = demand.default_warehouse(session)
    r, o, ol = inventory.Reservation, orders.Order, orders.OrderLine
    held = sa.select(r.order_line_id, sa.func.min(r.warehouse_id).label("wh"))
    site = held.where(r.warehouse_id.is_not(None)).group_by(r.order_line_id).subquery()
    warehouse = sa.func.coalesce(site.c.wh, fallback)
    day = utc_day(session, o.placed_at)
    stmt = (
        sa.select(ol.variant_id, warehouse, day, sa.func.sum(ol.quantity))
        .join(o, o.id == ol.order_id)
        .outerjoin(site, site.c.order_line_id == ol.id)
        .where(
            ol.variant_id.is_not(None),
            o.placed_at >= datetime.combine(start, datetime.min.time(), UTC),
            o.placed_at < datetime.combine(end, datetime.min.time(), UTC) + timedelta(days=1),
        )
        .group_by(ol.variant_id, warehouse, day)
    )
    return {(int(v), int(w), date.fromisoformat(str(d)[:10])): float(u)
            for v, w, d, u in session.execute(stmt)}  # fmt: skip


def timed(run: Callable[[], Any], repeats: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def line(name: str, times: list[float]) -> None:
    print(f"{name:<44} min {min(times):9.1f}  median {statistics.median(times):9.1f}  "
          f"max {max(times):9.1f} ms  (n={len(times)})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--history-repeats", type=int, default=2)
    args = parser.parse_args()
    print("load average before:", os.getloadavg())
    factory = session_factory(make_engine(args.url))
    now = datetime.now(UTC)
    with factory() as session:
        through = orders.rolled_through(session)
        assert through is not None, "build the rollup first: opsdesk demand-rollup"
        since = now - timedelta(days=30)
        skus = {r[0] for r in session.execute(
            sa.select(orders.OrderLine.sku).join(ReturnLine,
                ReturnLine.order_line_id == orders.OrderLine.id).distinct())}  # fmt: skip
        print(f"rollup through {through}; {len(skus)} returned SKUs")
        old_t, old = timed(lambda: raw_sold(session, skus, since), args.repeats)
        new_t, new = timed(lambda: summary._sold(session, skus, since), args.repeats)
        assert old == new, "units sold differ"
        line("returns: units sold, raw statement", old_t)
        line("returns: units sold, rollup + live", new_t)
        start = through - timedelta(days=400)
        end = now.date()
        old_t, old = timed(lambda: raw_demand(session, start, end), args.history_repeats)
        new_t, rows = timed(lambda: demand.demand_by_day(session, start, end),
                            args.history_repeats)  # fmt: skip
        assert old == {(r.variant_id, r.warehouse_id, r.day): r.units for r in rows}
        line("forecasting: history, raw statement", old_t)
        line("forecasting: history, rollup + live", new_t)
        session.rollback()
        roll_t, _ = timed(lambda: orders.roll_up_demand(session, now), args.repeats)
        session.rollback()
        line("incremental roll, nothing new (rolled back)", roll_t)
    print("load average after:", os.getloadavg())


if __name__ == "__main__":
    main()
