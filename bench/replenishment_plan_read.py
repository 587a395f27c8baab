"""Reading the stored replenishment plan: one page (200 rows) of a plan with N SKU ×
warehouse rows, by keyset, against the same page read by OFFSET (same run) — the page
the screen and `GET /api/v1/replenishment/suggestions` serve instead of recomputing the
whole plan per request.

    .venv/bin/python bench/replenishment_plan_read.py [--rows 200000] [--repeat 30]

Makes a scratch PostgreSQL database (h7_bench_…), migrates it, writes one finished run
with N synthetic rows (10 % to order, 40 suppliers, 3 warehouses), times reads, drops it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import replenishment
from opsdesk.kernel import migrate
from opsdesk.kernel.db import make_engine
from opsdesk.replenishment.models import PlanRow, PlanRun, PlanStatus

ADMIN = os.environ.get("OPSDESK_BENCH_POSTGRES_URL", "postgresql+psycopg://127.0.0.1:5432/test")


def fill(session: Session, rows: int) -> int:
    run = PlanRun(status=PlanStatus.DONE, plan_date=date(2026, 12, 7), rows=rows)
    session.add(run)
    session.flush()
    session.execute(sa.text(
        "INSERT INTO replenishment_plan_rows (run_id, variant_id, warehouse_id, sku, title,"
        " warehouse_code, supplier, supplier_id, klass, service_level, daily_demand,"
        " demand_source, position, safety_stock, reorder_point, order_up_to, cover_days,"
        " lead_time_days, lead_time_sd, moq, pack_size, quantity, needs_order, reason)"
        " SELECT :run, g / 3 + 1, g % 3 + 1, 'SKU-' || (g / 3), 'Item', 'W' || (g % 3),"
        " 'Supplier ' || (g % 40), g % 40 + 1, 'BY', 0.97, 1.5, 'forecast', 10, 5, 20, 30,"
        " 6, 14, 3, 1, 1, CASE WHEN g % 10 = 0 THEN 20 ELSE 0 END, g % 10 = 0,"
        " 'cover 6 days, lead time 14 ± 3 days, forecast 10/week, service level 97 %'"
        " FROM generate_series(0, :n - 1) AS g"
    ), {"run": run.id, "n": rows})  # fmt: skip
    session.execute(sa.text("ANALYZE replenishment_plan_rows"))
    return run.id


def timed(fn, repeat: int) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    name = f"h7_bench_{os.getpid()}"
    admin = sa.create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(admin.url.set(database=name).render_as_string(hide_password=False))
    try:
        migrate.upgrade(engine)
        with Session(engine) as session, session.begin():
            run_id = fill(session, args.rows)
        with Session(engine) as s:
            deep = s.scalar(sa.select(PlanRow.id).where(PlanRow.run_id == run_id)
                            .order_by(PlanRow.id).offset(args.rows * 9 // 10).limit(1))  # fmt: skip
            cases = {
                "first page, to order": lambda: replenishment.read_page(
                    s, replenishment.PlanFilters()),
                "first page, one supplier, all": lambda: replenishment.read_page(
                    s, replenishment.PlanFilters(supplier_id=7, needs_order=False)),
                "page at 90 %, all, keyset": lambda: replenishment.read_page(
                    s, replenishment.PlanFilters(needs_order=False), after=deep),
                "page at 90 %, all, OFFSET (baseline)": lambda: s.scalars(
                    sa.select(PlanRow).where(PlanRow.run_id == run_id).order_by(PlanRow.id)
                    .offset(args.rows * 9 // 10).limit(201)).all(),
            }  # fmt: skip
            for label, fn in cases.items():
                fn()  # warm
                low, mid, high = timed(fn, args.repeat)
                print(f"{label:40s} min {low:7.2f} ms  median {mid:7.2f} ms  max {high:7.2f} ms")
    finally:
        engine.dispose()
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
