"""Order intake throughput: place orders (1-3 lines, stock reserved, outbox event) three ways.

    .venv/bin/python bench/order_intake.py --orders 2000 [--backend sqlite|postgresql|both] [--json]

(a) ``orders.place_order`` through the service layer, one transaction per order;
(b) ``POST /api/v1/orders`` over HTTP to ``opsdesk serve`` on loopback, several client threads;
(c) the same writes as raw SQL through the DB-API driver (psycopg / sqlite3): the ceiling.

Each run seeds a ``tiny`` demo store into a scratch database, tops its stock up so no
order runs short, and drops the database afterwards.
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Result, admin_token, http_server, print_results, scratch_database, summarise
from opsdesk import demo, orders
from opsdesk.registry import session_factory
from raw_intake import RawIntake

STOCK_TOP_UP = 1_000_000


def prepare_store(engine: Engine) -> list[str]:
    """A tiny store with deep stock; returns the SKUs the main warehouse carries."""
    demo.generate_store(engine, demo.SIZES["tiny"], 1, datetime.now(UTC))
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO stock_movements (variant_id, warehouse_id, kind, on_hand_delta, "
                "reserved_delta, reason, reference, actor, created_at) "
                "SELECT variant_id, warehouse_id, 'adjustment', :q, 0, 'benchmark stock', "
                "'BENCH', 'bench', :now FROM stock_levels"
            ).bindparams(
                q=STOCK_TOP_UP,
                now=now.replace(tzinfo=None) if engine.dialect.name == "sqlite" else now,
            )
        )
        conn.execute(sa.text("UPDATE stock_levels SET on_hand = on_hand + :q"), {"q": STOCK_TOP_UP})
        skus = conn.execute(
            sa.text(
                "SELECT v.sku FROM variants v JOIN stock_levels l ON l.variant_id = v.id "
                "JOIN warehouses w ON w.id = l.warehouse_id WHERE w.code = 'LEJ' ORDER BY v.sku"
            )
        ).scalars()
        return list(skus)


def payloads(skus: list[str], count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    made = []
    for i in range(count):
        chosen = rng.sample(skus, rng.choice((1, 1, 2, 3)))
        made.append(
            {
                "channel": "bench",
                "customer_id": rng.randint(1, demo.SIZES["tiny"].customers),
                "currency": "EUR",
                "lines": [{"sku": sku, "quantity": rng.choice((1, 1, 2))} for sku in chosen],
                "shipping_address": {
                    "name": f"Bench Buyer {i}", "line1": f"Hauptstraße {i % 200 + 1}",
                    "city": "Berlin", "region": "eu-central", "postal_code": "10115",
                    "country": "DE", "latitude": 52.52, "longitude": 13.4,
                },
            }
        )  # fmt: skip
    return made


def run_service(engine: Engine, work: list[dict[str, Any]], threads: int) -> Result:
    factory = session_factory(engine)
    created = [orders.OrderCreate.model_validate(p) for p in work]

    def place(batch: list[orders.OrderCreate]) -> list[float]:
        latencies = []
        for data in batch:
            started = time.perf_counter()
            with factory() as session, session.begin():
                orders.place_order(session, data, actor="bench:service")
            latencies.append(time.perf_counter() - started)
        return latencies

    return _in_threads("service place_order", engine, created, threads, place)


def run_http(engine: Engine, work: list[dict[str, Any]], threads: int) -> Result:
    token = admin_token(engine)
    headers = {"Authorization": f"Bearer {token}"}
    with http_server(engine) as base:

        def post(batch: list[dict[str, Any]]) -> list[float]:
            latencies = []
            with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
                for body in batch:
                    started = time.perf_counter()
                    response = client.post("/api/v1/orders", json=body)
                    if response.status_code != 201:
                        raise RuntimeError(f"{response.status_code}: {response.text[:300]}")
                    latencies.append(time.perf_counter() - started)
            return latencies

        return _in_threads("HTTP POST /orders", engine, work, threads, post)


def run_raw(engine: Engine, work: list[dict[str, Any]], threads: int) -> Result:
    def place(batch: list[dict[str, Any]]) -> list[float]:
        intake = RawIntake(engine)
        try:
            return [intake.place(body) for body in batch]
        finally:
            intake.close()

    return _in_threads("raw SQL (ceiling)", engine, work, threads, place)


def _in_threads(name: str, engine: Engine, work: list[Any], threads: int, fn: Any) -> Result:
    batches = [work[i::threads] for i in range(threads)]
    barrier = threading.Barrier(threads)

    def run(batch: list[Any]) -> list[float]:
        barrier.wait()
        result: list[float] = fn(batch)
        return result

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        latencies = [x for part in pool.map(run, batches) for x in part]
    return summarise(name, engine.dialect.name, latencies, time.perf_counter() - started, threads)


def bench_backend(backend: str, count: int, threads: int, http_threads: int) -> list[Result]:
    results = []
    with scratch_database(backend) as engine:
        skus = prepare_store(engine)
        writer_threads = 1 if backend == "sqlite" else threads
        results.append(run_raw(engine, payloads(skus, count, 1), writer_threads))
        results.append(run_service(engine, payloads(skus, count, 2), writer_threads))
        results.append(run_http(engine, payloads(skus, count, 3), http_threads))
        with engine.connect() as conn:
            problems = demo.store_problems(conn)
        if problems:
            raise RuntimeError(f"stock invariants broken after the run: {problems}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--threads", type=int, default=2, help="writer threads on PostgreSQL")
    parser.add_argument("--http-threads", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    results = [
        r for b in backends for r in bench_backend(b, args.orders, args.threads, args.http_threads)
    ]
    print_results("order intake", results, "raw SQL (ceiling)", args.json)


if __name__ == "__main__":
    main()
