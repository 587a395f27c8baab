"""Operations list pages on a seeded store: ``GET /workspace/orders`` under several filter
combinations, on the first page and on a deep keyset page, p50/p95 as the server sees
them, against the same SQL statement run raw (psycopg / sqlite3) in the same run.

    .venv/bin/python bench/ops_lists.py                 # small store, quick
    .venv/bin/python bench/ops_lists.py --size medium [--requests 200] [--json]
    .venv/bin/python bench/ops_lists.py --url postgresql+psycopg://…/opsdesk_bench_large

With ``--size`` a scratch PostgreSQL database is created, seeded like ``opsdesk seed``
and dropped afterwards (``--keep`` leaves it). The baseline is the list's own statement,
captured from a first request (so it is exactly the same query, cursor and filters
included) and replayed through a raw DB-API cursor: the difference is what the page adds
(Python, the three row-flag reads, templating). Other screens may add their lists here.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import sqlalchemy as sa
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import scratch_database
from opsdesk import demo, staff
from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel.db import make_engine
from opsdesk.kernel.http import Role
from opsdesk.registry import session_factory
from opsdesk.web.ui.ops.listing import encode_cursor
from reads import ServerTimer
from workspace import _log_in

DEEP_SHARE = 0.9  # the deep page starts 90 % down the newest-first list


def cases(engine: Engine) -> dict[str, dict[str, str]]:
    """Filter combinations an operations desk uses, with values taken from the store."""
    with engine.connect() as conn:
        country = conn.scalar(sa.text(
            "SELECT ship_country FROM orders GROUP BY ship_country ORDER BY count(*) LIMIT 1"
        ))  # fmt: skip
        warehouse = conn.scalar(sa.text("SELECT min(id) FROM warehouses"))
        email = conn.scalar(sa.text("SELECT email FROM orders ORDER BY id DESC LIMIT 1"))
        total = conn.scalar(sa.text("SELECT count(*) FROM orders")) or 0
        deep = conn.execute(sa.text(
            "SELECT placed_at, id FROM orders ORDER BY placed_at DESC, id DESC "
            f"LIMIT 1 OFFSET {int(total * DEEP_SHARE)}"
        )).one()  # fmt: skip
    placed_at = deep[0] if isinstance(deep[0], datetime) else datetime.fromisoformat(deep[0])
    cursor = encode_cursor([placed_at.replace(tzinfo=placed_at.tzinfo or UTC), deep[1]])
    return {
        "all, first page": {},
        f"all, deep page ({DEEP_SHARE:.0%})": {"cursor": cursor},
        "status=allocated": {"status": "allocated"},
        "status=shipped, deep": {"status": "shipped", "cursor": cursor},
        f"country={country} (rarest)": {"country": str(country)},
        "warehouse": {"warehouse": str(warehouse)},
        "late": {"late": "1"},
        "at risk": {"at_risk": "1"},
        "backordered": {"backordered": "1"},
        "has open ticket": {"ticket": "1"},
        "late + open ticket": {"late": "1", "ticket": "1"},
        "search e-mail": {"q": str(email)},
        "search name": {"q": "Mar"},
    }


def operations_login(engine: Engine) -> tuple[str, str]:
    email, password = f"bench-{secrets.token_hex(4)}@bench.example", secrets.token_urlsafe(12)
    with session_factory(engine)() as session, session.begin():
        staff.create_user(session, email=email, name="Bench Operations", role=Role.OPERATIONS,
                          password=password)  # fmt: skip
    return email, password


class ListStatement:
    """Keeps the order list's SELECT (the one ordered by placed_at with a LIMIT)."""

    def __init__(self) -> None:
        self.sql: str | None = None
        self.params: Any = None

    def __call__(self, _conn: Any, _cursor: Any, sql: str, params: Any, *_rest: Any) -> None:
        if self.sql is None and "FROM orders" in sql and "LIMIT" in sql and "ORDER BY" in sql:
            self.sql, self.params = sql, params


def percentiles(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return {"p50_ms": statistics.median(ordered) * 1000, "p95_ms": p95 * 1000}


def raw_timings(engine: Engine, statement: ListStatement, runs: int) -> list[float]:
    conn: Any = engine.raw_connection()
    latencies = []
    try:
        cursor = conn.cursor()
        for _ in range(runs):
            began = time.perf_counter()
            cursor.execute(statement.sql, statement.params)
            cursor.fetchall()
            conn.commit()
            latencies.append(time.perf_counter() - began)
    finally:
        conn.close()
    return latencies


async def _measure(engine: Engine, paths: dict[str, str], runs: int, warmup: int,
                   on_page: Callable[[str, list[float], ListStatement], None]) -> None:  # fmt: skip
    settings = Settings(database_url=engine.url.render_as_string(hide_password=False))
    app = create_app(settings, engine=engine)
    timer = ServerTimer(app)
    login = operations_login(engine)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=timer), base_url="http://b") as c,
    ):
        await _log_in(c, *login)
        for name, path in paths.items():
            captured = ListStatement()
            sa.event.listen(engine, "before_cursor_execute", captured)
            (await c.get(path)).raise_for_status()
            sa.event.remove(engine, "before_cursor_execute", captured)
            for _ in range(warmup):
                (await c.get(path)).raise_for_status()
            timer.latencies = []
            for _ in range(runs):
                response = await c.get(path)
                if response.status_code != 200:
                    raise RuntimeError(f"{path}: {response.status_code}")
            on_page(name, list(timer.latencies), captured)


def bench(engine: Engine, runs: int, warmup: int) -> list[dict[str, Any]]:
    paths = {name: "/workspace/orders" + (f"?{urlencode(q)}" if q else "")
             for name, q in cases(engine).items()}  # fmt: skip
    rows: list[dict[str, Any]] = []

    def on_page(name: str, latencies: list[float], statement: ListStatement) -> None:
        raw = percentiles(raw_timings(engine, statement, runs)) if statement.sql else {}
        page = percentiles(latencies)
        rows.append({"list": name, "page": page, "raw_sql": raw})
        print(f"  {name}: page p95 {page['p95_ms']:.1f} ms", file=sys.stderr)

    asyncio.run(_measure(engine, paths, runs, warmup, on_page))
    return rows


def report(title: str, rows: list[dict[str, Any]], as_json: bool) -> None:
    machine = {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
               "at": datetime.now(UTC).isoformat(), "command": " ".join(sys.argv)}  # fmt: skip
    if as_json:
        print(json.dumps({"benchmark": title, "machine": machine, "results": rows}, indent=2))
        return
    print(f"\n{title}  ({machine['cpus']} cpus, load average {machine['load_average']})")
    print(f"{'list':<30}{'raw p50':>9}{'raw p95':>9}{'page p50':>10}{'page p95':>10}")
    for r in rows:
        raw = r["raw_sql"] or {"p50_ms": float("nan"), "p95_ms": float("nan")}
        print(f"{r['list']:<30}{raw['p50_ms']:>9.2f}{raw['p95_ms']:>9.2f}"
              f"{r['page']['p50_ms']:>10.2f}{r['page']['p95_ms']:>10.2f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--url", help="an already seeded database")
    source.add_argument("--size", choices=sorted(demo.SIZES), default="small",
                        help="seed a scratch PostgreSQL database of this size (default small)")  # fmt: skip
    parser.add_argument("--requests", type=int, default=100, help="measured requests per list")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    random.seed(7)
    if args.url:
        engine = make_engine(args.url, pool_size=5)
        rows = bench(engine, args.requests, args.warmup)
        engine.dispose()
        report(f"ops lists ({engine.dialect.name})", rows, args.json)
        return
    with scratch_database("postgresql", f"opsdesk_bench_ops_{args.size}", keep=args.keep) as engine:
        seeded = demo.generate_store(engine, demo.SIZES[args.size], 42, datetime.now(UTC))
        print(f"seeded {args.size} ({seeded.rows.get('orders', 0)} orders) in "
              f"{seeded.seconds:.0f} s", file=sys.stderr)  # fmt: skip
        rows = bench(engine, args.requests, args.warmup)
    report(f"ops lists, {args.size} store (postgresql)", rows, args.json)


if __name__ == "__main__":
    main()
