"""Read latency on a big store: ``GET /api/v1/orders/{id}`` (with timeline) and
``GET /api/v1/stock/{sku}``.

    .venv/bin/python bench/reads.py --size large [--requests 2000] [--json]
    .venv/bin/python bench/reads.py --url postgresql+psycopg://…/opsdesk_bench [--requests 2000]

With ``--size`` a scratch PostgreSQL database is created, seeded and dropped afterwards
(``--keep`` leaves it). Measured three ways on random orders and SKUs:
the server's own time through the ASGI app in-process (from the request entering the
app to the last body byte leaving it), the client's time over HTTP to ``opsdesk serve``
on loopback, and the raw SQL those endpoints need as a baseline (psycopg).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Result, admin_token, http_server, print_results, scratch_database, summarise
from opsdesk import demo, inventory, orders
from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel import heap
from opsdesk.kernel.db import make_engine
from opsdesk.registry import session_factory

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]
TARGET_P95_MS = 10.0


class ServerTimer:
    """ASGI wrapper: records how long the app took to answer each request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.latencies: list[float] = []

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed_send(message: MutableMapping[str, Any]) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                self.latencies.append(time.perf_counter() - started)

        await self.app(scope, receive, timed_send)


def sample_targets(engine: Engine, count: int, seed: int) -> tuple[list[int], list[str]]:
    rng = random.Random(seed)
    with engine.connect() as conn:
        low, high = conn.execute(sa.text("SELECT min(id), max(id) FROM orders")).one()
        skus = list(conn.execute(sa.text("SELECT sku FROM variants")).scalars())
    return [rng.randint(low, high) for _ in range(count)], [rng.choice(skus) for _ in range(count)]


async def _in_process(engine: Engine, paths: list[str], token: str) -> list[float]:
    settings = Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        check_migrations=os.environ.get("OPSDESK_CHECK_MIGRATIONS", "true") != "false",
    )
    app = create_app(settings, engine=engine)
    heap.settle()  # as `opsdesk serve` does before serving
    timer = ServerTimer(app)
    transport = httpx.ASGITransport(app=timer)
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://bench", headers=headers) as client,
    ):
        for path in paths:
            response = await client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: {response.status_code} {response.text[:200]}")
    return timer.latencies


def run_in_process(name: str, engine: Engine, paths: list[str], token: str) -> Result:
    started = time.perf_counter()
    latencies = asyncio.run(_in_process(engine, paths, token))
    return summarise(name, engine.dialect.name, latencies, time.perf_counter() - started)


def run_http(name: str, engine: Engine, base: str, paths: list[str], token: str) -> Result:
    latencies = []
    started = time.perf_counter()
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as client:
        for path in paths:
            began = time.perf_counter()
            response = client.get(path)
            latencies.append(time.perf_counter() - began)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: {response.status_code}")
    return summarise(name, engine.dialect.name, latencies, time.perf_counter() - started)


ORDER_SQL = (
    "SELECT * FROM orders WHERE id = %s",
    "SELECT * FROM order_lines WHERE order_id = %s ORDER BY line_no",
    "SELECT * FROM reservations WHERE order_id = %s",
    "SELECT * FROM order_events WHERE order_id = %s ORDER BY occurred_at, id",
)
STOCK_SQL = (
    "SELECT l.warehouse_id, w.code, l.on_hand, l.reserved FROM stock_levels l "
    "JOIN variants v ON v.id = l.variant_id JOIN warehouses w ON w.id = l.warehouse_id "
    "WHERE v.sku = %s ORDER BY w.priority",
)


def run_raw(name: str, engine: Engine, queries: tuple[str, ...], keys: list[Any]) -> Result:
    conn: Any = engine.raw_connection()
    latencies = []
    started = time.perf_counter()
    try:
        cursor = conn.cursor()
        for key in keys:
            began = time.perf_counter()
            for query in queries:
                cursor.execute(query, (key,))
                cursor.fetchall()
            conn.commit()
            latencies.append(time.perf_counter() - began)
    finally:
        conn.close()
    return summarise(name, engine.dialect.name, latencies, time.perf_counter() - started)


def run_service(
    name: str, engine: Engine, read: Callable[[Session, Any], Any], keys: list[Any]
) -> Result:
    """The module's read function alone: what the endpoint adds on top is the framework."""
    factory = session_factory(engine)
    latencies = []
    started = time.perf_counter()
    for key in keys:
        began = time.perf_counter()
        with factory() as session, session.begin():
            read(session, key)
        latencies.append(time.perf_counter() - began)
    return summarise(name, engine.dialect.name, latencies, time.perf_counter() - started)


def bench(engine: Engine, requests: int) -> list[Result]:
    order_ids, skus = sample_targets(engine, requests, 7)
    order_paths = [f"/api/v1/orders/{i}" for i in order_ids]
    stock_paths = [f"/api/v1/stock/{s}" for s in skus]
    token = admin_token(engine)
    results = [
        run_raw("raw SQL order+timeline", engine, ORDER_SQL, order_ids),
        run_service("service read_order", engine, orders.read_order, order_ids),
        run_in_process("ASGI GET /orders/{id}", engine, order_paths, token),
        run_raw("raw SQL stock by sku", engine, STOCK_SQL, skus),
        run_service("service stock_for_sku", engine, inventory.stock_for_sku, skus),
        run_in_process("ASGI GET /stock/{sku}", engine, stock_paths, token),
    ]
    with http_server(engine) as base:
        results.append(run_http("HTTP GET /orders/{id}", engine, base, order_paths, token))
        results.append(run_http("HTTP GET /stock/{sku}", engine, base, stock_paths, token))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--url", help="an already seeded database")
    source.add_argument("--size", choices=sorted(demo.SIZES), help="seed a scratch PostgreSQL db")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--no-migration-check",
        action="store_true",
        help="serve a store seeded under an older revision of the one-migration schema",
    )
    args = parser.parse_args()
    if args.no_migration_check:
        os.environ["OPSDESK_CHECK_MIGRATIONS"] = "false"  # read by the app and `opsdesk serve`
    if args.url:
        engine = make_engine(args.url, pool_size=20)
        results = bench(engine, args.requests)
        engine.dispose()
    else:
        with scratch_database("postgresql", f"opsdesk_bench_{args.size}", keep=args.keep) as engine:
            report = demo.generate_store(engine, demo.SIZES[args.size], 42, datetime.now(UTC))
            print(f"seeded {args.size} in {report.seconds:.0f} s", file=sys.stderr)
            results = bench(engine, args.requests)
    print_results("reads", results, "", args.json)
    worst = max(r.p95_ms for r in results if r.name.startswith("ASGI"))
    verdict = "meets" if worst < TARGET_P95_MS else "misses"
    print(
        f"server-side p95 {worst:.1f} ms {verdict} the {TARGET_P95_MS:.0f} ms target",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
