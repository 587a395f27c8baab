"""One web process against two: ``opsdesk serve --workers N`` on one port (issue #17).

    .venv/bin/python bench/web_processes.py [--workers 1,2] [--rounds 2] [--clients 16] \
        [--processes 2] [--seconds 6] [--warmup 2] [--json]

Use enough connections to keep two processes busy: each waits for its answer, so 4
connections at ~2 ms each cap a run near 2,000 requests a second whatever serves them.

A scratch PostgreSQL database gets a ``tiny`` store with deep stock (as
``order_intake.py`` prepares it). Each round starts ``opsdesk serve --workers N`` for
every N in turn (alternating, so each count sees the host's load of its moment) and
drives, over keep-alive connections from ``--processes`` client processes, first
``GET /api/v1/me`` (a trivial authenticated endpoint: the HTTP stack alone) and then
``POST /api/v1/orders`` (the order intake).

The host has two cores and the load generator needs CPU too, so besides throughput
the script reports **CPU per request** of the server's processes (from ``/proc``) and of
the load generator (each client process's own CPU time in the window). Throughput can
only scale from 1 to 2 processes by as much as the generator and PostgreSQL leave
free; the server's CPU per request shows whether the second process adds overhead.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy.engine import Engine

import _http
from _common import admin_token, scratch_database, summarise
from _load import ClientFactory, LoadOutcome, LoadPlan, run_load
from order_intake import client_counts, order_payloads, prepare_store


@dataclass
class Row:
    what: str
    workers: int
    round: int
    per_second: float
    p50_ms: float
    p95_ms: float
    server_cpu_ms: float  # per request
    client_cpu_ms: float  # per request
    failures: int
    load: float


def _bodies(skus: list[str], index: int) -> Callable[[], dict[str, Any]]:
    return order_payloads(skus, 7000 + index)


def measure(
    factory: ClientFactory, engine: Engine, server_pid: int, plan: LoadPlan
) -> tuple[LoadOutcome, float]:
    """Run the load; the server's CPU seconds inside the measured window."""
    pids = _http.tree(server_pid)
    marks: dict[str, float] = {}

    def mark(moment: str) -> None:
        marks[moment] = _http.cpu_seconds(pids)

    url = engine.url.render_as_string(hide_password=False)
    outcome = run_load(factory, url, plan, on_window=mark)
    return outcome, marks["end"] - marks["start"]


def one_server(
    engine: Engine, workers: int, round_no: int, plan: LoadPlan, skus: list[str], token: str
) -> list[Row]:
    rows = []
    with _http.server(engine, workers) as (base, pid):
        me = functools.partial(_http.get_client, base=base, token=token, path="/api/v1/me")
        post = functools.partial(
            _http.post_client, base=base, token=token, path="/api/v1/orders",
            bodies=functools.partial(_bodies, skus),
        )  # fmt: skip
        for what, factory in (("GET /api/v1/me", me), ("POST /api/v1/orders", post)):
            load = os.getloadavg()[0]
            outcome, server_cpu = measure(factory, engine, pid, plan)
            result = summarise(what, "postgresql", outcome.latencies, outcome.seconds)
            done = max(1, result.operations)
            rows.append(
                Row(
                    what, workers, round_no, result.per_second, result.p50_ms, result.p95_ms,
                    server_cpu * 1e3 / done, outcome.client_cpu * 1e3 / done,
                    outcome.failures, load,
                )
            )  # fmt: skip
            print(
                f"  round {round_no} {workers} web: {what}: {result.per_second:,.0f}/s, "
                f"server {rows[-1].server_cpu_ms:.2f} ms CPU/req, load {load:.1f}",
                file=sys.stderr,
            )
    return rows


def report(rows: list[Row]) -> None:
    print(f"\nweb processes  (2 cpus, load average now {os.getloadavg()})")
    print(
        f"{'what':<22}{'web':>4}{'round':>6}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'srv CPU ms':>11}{'gen CPU ms':>11}{'load':>6}"
    )
    for r in rows:
        print(
            f"{r.what:<22}{r.workers:>4}{r.round:>6}{r.per_second:>9.0f}{r.p50_ms:>9.2f}"
            f"{r.p95_ms:>9.2f}{r.server_cpu_ms:>11.2f}{r.client_cpu_ms:>11.2f}{r.load:>6.1f}"
        )
    for what in dict.fromkeys(r.what for r in rows):
        by = {w: [r.per_second for r in rows if r.what == what and r.workers == w] for w in (1, 2)}
        if by[1] and by[2]:
            print(f"{what}: 2 processes ÷ 1 = {sum(by[2]) / sum(by[1]):.2f} (summed over rounds)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=client_counts, default=[1, 2])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--clients", type=int, default=16, help="keep-alive connections")
    parser.add_argument("--processes", type=int, default=2, help="load generator processes")
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    plan = LoadPlan(args.clients, args.processes, args.warmup, args.seconds)
    rows: list[Row] = []
    with scratch_database("postgresql", f"opsdesk_bench_web_{os.getpid()}") as engine:
        skus = prepare_store(engine)
        token = admin_token(engine)
        for round_no in range(1, args.rounds + 1):
            for workers in args.workers:
                rows += one_server(engine, workers, round_no, plan, skus, token)
    if args.json:
        print(json.dumps([r.__dict__ for r in rows], indent=2))
    else:
        report(rows)


if __name__ == "__main__":
    main()
