"""A burst of simultaneous requests against `opsdesk serve` as installed (#17).

    .venv/bin/python bench/burst.py [--backend sqlite|postgresql] [--burst 200]
                                    [--rounds 3] [--json]

Seeds a small demo store in a scratch database, starts `opsdesk serve` with the default
settings (one process; no pool or thread tuning from the environment), then fires
``--burst`` requests at the same instant, each on its own connection, for a read
(`GET /api/v1/stock/{sku}`) and for `GET /api/v1/me`, and counts the answers by status.
The baseline in the same run is a burst of 32 (which the issue saw all succeed). A
server error or a dropped connection counts as a failure; 503 with `Retry-After` is load
shed on purpose and reported apart.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import admin_token, http_server, scratch_database
from opsdesk import demo

BASELINE = 32


@dataclass
class Burst:
    name: str
    backend: str
    burst: int
    statuses: dict[str, int]
    failures: int
    shed: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    wall_s: float


async def _one(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> tuple[str, float]:
    started = time.perf_counter()
    try:
        response = await client.get(url, headers=headers)
        status = str(response.status_code)
        if status == "503" and "retry-after" not in response.headers:
            status = "503-without-retry-after"
    except httpx.HTTPError as exc:
        status = type(exc).__name__
    return status, time.perf_counter() - started


async def _burst(urls: list[str], headers: dict[str, str]) -> tuple[list[tuple[str, float]], float]:
    limits = httpx.Limits(max_connections=len(urls) + 10, max_keepalive_connections=0)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        started = time.perf_counter()
        answers = await asyncio.gather(*(_one(client, u, headers) for u in urls))
        return list(answers), time.perf_counter() - started


def measure(name: str, backend: str, urls: list[str], token: str) -> Burst:
    answers, wall = asyncio.run(_burst(urls, {"Authorization": f"Bearer {token}"}))
    statuses = Counter(status for status, _ in answers)
    times = sorted(seconds for _, seconds in answers)
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    ok = sum(n for s, n in statuses.items() if s.startswith("2"))
    shed = statuses.get("503", 0)
    return Burst(name, backend, len(urls), dict(statuses), len(urls) - ok - shed, shed,
                 cuts[49] * 1e3, cuts[94] * 1e3, times[-1] * 1e3, wall)  # fmt: skip


def run(backend: str, burst: int, rounds: int) -> list[Burst]:
    results: list[Burst] = []
    with scratch_database(backend) as engine:
        demo.generate_store(engine, demo.size_named("small"), 42, datetime.now(UTC))
        with engine.connect() as conn:
            skus = list(conn.execute(sa.text("SELECT sku FROM variants")).scalars())
        token = admin_token(engine)
        rng = random.Random(7)
        with http_server(engine, pool_size=None) as base:
            for _ in range(rounds):
                for size in (BASELINE, burst):
                    stock = [f"{base}/api/v1/stock/{rng.choice(skus)}" for _ in range(size)]
                    results.append(measure(f"GET /stock/{{sku}} x{size}", backend, stock, token))
                    me = [f"{base}/api/v1/me"] * size
                    results.append(measure(f"GET /me x{size}", backend, me, token))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    results = run(args.backend, args.burst, args.rounds)
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
        return
    print(f"load average before: {load_before:.2f}")
    print(f"{'what':24} {'backend':10} {'ok':>5} {'fail':>5} {'shed':>5} "
          f"{'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  statuses")  # fmt: skip
    for r in results:
        ok = r.burst - r.failures - r.shed
        print(f"{r.name:24} {r.backend:10} {ok:5} {r.failures:5} {r.shed:5} "
              f"{r.p50_ms:8.1f} {r.p95_ms:8.1f} {r.max_ms:8.1f}  {r.statuses}")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
