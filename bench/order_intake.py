"""Order intake throughput under concurrency: the service layer against the raw-SQL ceiling.

    .venv/bin/python bench/order_intake.py [--backend postgresql|sqlite|both] \
        [--clients 16 | --clients 4,6,8,12,16] [--processes 4] [--seconds 10] [--warmup 3] \
        [--rounds 1] [--http-clients 0] [--http-workers 1] [--json]

Each order has 1-3 lines; placing it reserves stock, writes the ledger, the timeline and
the outbox rows, in one transaction. Measured the same way, one after the other, in
one invocation on one scratch database:

(c) **raw SQL** through the driver (psycopg / sqlite3): the same reads and writes
    hand-written (``raw_intake.py``) — the ceiling;
(a) ``orders.place_order`` through the service layer, one session and transaction per order;
(b) optionally ``POST /api/v1/orders`` over HTTP to ``opsdesk serve`` on loopback, in
    every round right after the service run (``--http-clients`` keep-alive connections,
    standard-library clients: httpx cost the shared cores several times the CPU), and
    the HTTP ÷ service ratio of each round is printed.

``--clients`` sessions (each its own connection) place orders back to back, as threads
spread over ``--processes`` worker processes; after ``--warmup`` seconds the next
``--seconds`` are measured. A real shop has many requests in flight, and PostgreSQL
commits concurrent transactions with one WAL flush (group commit) — one client at a
time measures the disk's fsync, not the code. Several client counts (``--clients
4,6,8,12,16``) sweep the concurrency: each count runs its raw/service pairs in turn, and
the summary names each path's peak. On two cores the peak comes well before 16
sessions: past it the clients, their PostgreSQL backends and the GIL only take turns. The scratch database is a ``tiny`` demo
store whose stock is topped up so no order runs short, checked for stock invariants
after every run and dropped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import random
import statistics
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _http
from _common import (
    Result,
    admin_token,
    print_results,
    ratios,
    scratch_database,
    summarise,
)
from _load import LoadPlan, run_load
from opsdesk import demo
from raw_intake import RawIntake

STOCK_TOP_UP = 10_000_000
BASELINE = "raw SQL (ceiling)"
SERVICE = "service place_order"


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


def order_payloads(skus: list[str], seed: int) -> Callable[[], dict[str, Any]]:
    """An endless, deterministic stream of order bodies (1-3 lines, mostly 1)."""
    rng = random.Random(seed)
    counter = iter(range(10**9))

    def next_body() -> dict[str, Any]:
        i = next(counter)
        chosen = rng.sample(skus, rng.choice((1, 1, 2, 3)))
        return {
            "channel": "bench",
            "customer_id": rng.randint(1, demo.SIZES["tiny"].customers),
            "currency": "EUR",
            "lines": [{"sku": sku, "quantity": rng.choice((1, 1, 2))} for sku in chosen],
            "shipping_address": {
                "name": f"Bench Buyer {i}", "line1": f"Hauptstraße {i % 200 + 1}",
                "city": "Berlin", "region": "eu-central", "postal_code": "10115",
                "country": "DE", "latitude": 52.52, "longitude": 13.4,
            },
        }  # fmt: skip

    return next_body


# Client factories: they run inside the worker processes (see _load.py).


def raw_client(url: str, index: int, *, skus: list[str]) -> tuple[Callable[[], None], Any]:
    from opsdesk.kernel.db import make_engine

    engine = make_engine(url, pool_size=1)
    intake = RawIntake(engine)
    bodies = order_payloads(skus, 1000 + index)

    def place() -> None:
        intake.place(bodies())

    def close() -> None:
        intake.close()
        engine.dispose()

    place()
    return place, close


def service_client(url: str, index: int, *, skus: list[str]) -> tuple[Callable[[], None], Any]:
    from opsdesk import orders
    from opsdesk.kernel.db import make_engine
    from opsdesk.registry import session_factory

    engine = make_engine(url, pool_size=1)
    factory = session_factory(engine)
    bodies = order_payloads(skus, 2000 + index)

    def place() -> None:
        data = orders.OrderCreate.model_validate(bodies())
        with factory() as session, session.begin():
            orders.place_order(session, data, actor="bench:service")

    place()  # connect and warm the statement caches before the clock starts
    return place, engine.dispose


def http_bodies(skus: list[str], index: int) -> Callable[[], dict[str, Any]]:
    return order_payloads(skus, 3000 + index)


def measure(
    name: str, engine: Engine, factory: Any, plan: LoadPlan, *, verbose: bool = True
) -> Result:
    url = engine.url.render_as_string(hide_password=False)
    outcome = run_load(factory, url, plan)
    if outcome.errors:
        print(
            f"{name}: {outcome.failures} failed orders, e.g.\n{outcome.errors[0]}", file=sys.stderr
        )
    result = summarise(name, engine.dialect.name, outcome.latencies, outcome.seconds, plan.clients)
    if verbose:
        print(f"  {name}: {result.per_second:,.0f} orders/s", file=sys.stderr)
    return result


def bench_backend(backend: str, args: argparse.Namespace) -> list[Result]:
    results = []
    with scratch_database(backend, f"opsdesk_bench_{os.getpid()}") as engine:
        skus = prepare_store(engine)
        with contextlib.ExitStack() as stack:
            http = _http_factory(stack, engine, backend, skus, args) if args.http_clients else None
            for clients in args.clients:
                plan = LoadPlan(clients, args.processes, args.warmup, args.seconds)
                for _round in range(args.rounds):
                    results += _one_round(engine, skus, plan, http, args)
        with engine.connect() as conn:
            problems = demo.store_problems(conn)
        if problems:
            raise RuntimeError(f"stock invariants broken after the run: {problems}")
    return results


def _http_factory(
    stack: contextlib.ExitStack, engine: Engine, backend: str, skus: list[str], args: Any
) -> tuple[str, Any]:
    """One ``opsdesk serve`` for the whole invocation; its runs join each round."""
    web = args.http_workers if backend == "postgresql" else 1  # SQLite: one process
    base, _pid = stack.enter_context(_http.server(engine, web))
    client = functools.partial(
        _http.post_client, base=base, token=admin_token(engine), path="/api/v1/orders",
        bodies=functools.partial(http_bodies, skus),
    )  # fmt: skip
    return f"HTTP POST /orders ({web} web)", client


def _one_round(
    engine: Engine, skus: list[str], plan: LoadPlan, http: tuple[str, Any] | None, args: Any
) -> list[Result]:
    """raw, service and (optionally) HTTP back to back, so the three share the load."""
    out = [
        measure(BASELINE, engine, functools.partial(raw_client, skus=skus), plan),
        measure(SERVICE, engine, functools.partial(service_client, skus=skus), plan),
    ]
    if http is not None:
        name, client = http
        http_plan = LoadPlan(args.http_clients, args.processes, args.warmup, args.seconds)
        out.append(measure(name, engine, client, http_plan))
        share = out[2].per_second / out[1].per_second if out[1].per_second else 0.0
        print(f"  HTTP ÷ service this round: {share:.2f}", file=sys.stderr)
    return out


def print_http_share(results: list[Result]) -> None:
    """HTTP throughput against the service layer's in the same round."""
    service = [r.per_second for r in results if r.name == SERVICE]
    http = [r.per_second for r in results if r.name.startswith("HTTP")]
    if not http:
        return
    shares = [h / s for h, s in zip(http, service, strict=False) if s]
    listed = ", ".join(f"{x:.2f}" for x in shares)
    print(f"\nHTTP ÷ service, each round: {listed} (median {statistics.median(shares):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="postgresql")
    parser.add_argument(
        "--clients",
        type=client_counts,
        default=[16],
        help="concurrent sessions; a comma-separated list sweeps them (e.g. 4,6,8,12,16)",
    )
    parser.add_argument("--processes", type=int, default=4, help="worker processes")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured window")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds discarded first")
    parser.add_argument("--rounds", type=int, default=1, help="raw/service pairs, alternated")
    parser.add_argument("--http-clients", type=int, default=0, help="0 skips the HTTP run")
    parser.add_argument("--http-workers", type=int, default=1, help="web processes serving")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    results = [r for b in backends for r in bench_backend(b, args)]
    print_results("order intake", results, BASELINE, args.json)
    if not args.json:
        print_http_share(results)
    if not args.json and len(args.clients) > 1:
        print_peaks(results)


def client_counts(text: str) -> list[int]:
    """``16`` or ``4,6,8``: positive client counts, in the order given."""
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"client counts must be 1 or more: {text!r}")
    return counts


def print_peaks(results: list[Result]) -> None:
    """Each path's best throughput over the swept client counts, and the service's share
    of the raw ceiling at that same count (the pairs ran back to back)."""
    paired = list(zip(results, ratios(results, BASELINE), strict=True))
    print("\npeaks over the client counts swept")
    for backend in dict.fromkeys(r.backend for r in results):
        for name in (BASELINE, SERVICE):
            runs = [(r, share) for r, share in paired if (r.backend, r.name) == (backend, name)]
            if not runs:
                continue
            best, share = max(runs, key=lambda run: run[0].per_second)
            of_raw = f", {share:.0%} of raw at that count" if name == SERVICE and share else ""
            print(
                f"  {backend:<11} {name:<22} {best.per_second:>7,.0f} orders/s "
                f"at {best.threads} clients (p50 {best.p50_ms:.1f} ms, p95 {best.p95_ms:.1f} ms)"
                f"{of_raw}"
            )


if __name__ == "__main__":
    main()
