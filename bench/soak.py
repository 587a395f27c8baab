"""A bounded soak test (issue #17): webhooks, chat, agent pages and order reads together
against two web processes and two workers on PostgreSQL.

    .venv/bin/python bench/soak.py [--minutes 10] [--size small] [--clients 2] [--json]

A scratch PostgreSQL database gets a demo store of ``--size``; ``opsdesk serve
--workers 2`` and two ``opsdesk worker`` processes run against it. ``--clients`` loops
per kind then drive, each on its own keep-alive connection: signed Shopify order
webhooks, chat sessions (start, two messages), an agent's inbox and ticket pages (logged
in through the form) and order reads over the API. Every few seconds the outbox lag
(age of the oldest event due and not processed) and each process's RSS are sampled.

Reported per kind: answers/s, p50/p95, errors (anything but 2xx/3xx and 503; must be 0)
and 503s (load shed by admission control) apart; RSS of each process at start and end;
outbox lag; the load average. Every process started is stopped, the database dropped.
Exit code 1 when there were errors.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
import sqlalchemy as sa
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy.engine import Engine

from _common import _free_port, admin_token, scratch_database
from _http import tree
from _soak_kinds import KINDS, Client, Store, Tally
from opsdesk import demo, staff
from opsdesk.kernel.http import Role
from opsdesk.registry import session_factory

SECRET = "soak-shopify-secret"
LAG_SQL = sa.text(
    "SELECT count(*), coalesce(extract(epoch FROM now() - min(available_at)), 0) "
    "FROM outbox_events WHERE processed_at IS NULL AND parked_at IS NULL "
    "AND available_at <= now()"
)


def _analyze_own_tables(engine: Engine) -> None:
    """A bare ``ANALYZE`` (the demo seeder's) also analyses the shared catalogs and waits
    for any other database's open transaction that analysed them (seen: a large seed
    holding its transaction open for half an hour); the store's own tables suffice."""
    tables = ", ".join(f'"{t}"' for t in sa.inspect(engine).get_table_names())

    def rewrite(_conn: Any, _cursor: Any, statement: str, *rest: Any) -> tuple[Any, ...]:
        parameters = rest[0]
        return (f"ANALYZE {tables}" if statement.strip() == "ANALYZE" else statement), parameters

    sa.event.listen(engine, "before_cursor_execute", rewrite, retval=True)


def prepare(engine: Engine, size: str) -> Store:
    _analyze_own_tables(engine)
    demo.generate_store(engine, demo.size_named(size), 42, datetime.now(UTC))
    email, password = f"soak-{secrets.token_hex(4)}@bench.example", secrets.token_urlsafe(12)
    with session_factory(engine)() as session, session.begin():
        staff.create_user(session, email=email, name="Soak Agent", role=Role.AGENT,
                          password=password)  # fmt: skip
    with engine.connect() as conn:
        skus = list(conn.execute(sa.text(
            "SELECT v.sku FROM variants v JOIN stock_levels s ON s.variant_id = v.id "
            "GROUP BY v.sku ORDER BY sum(s.on_hand - s.reserved) DESC LIMIT 40")).scalars())  # fmt: skip
        orders = list(conn.execute(sa.text("SELECT id FROM orders ORDER BY id")).scalars())
        tickets = list(conn.execute(sa.text("SELECT id FROM tickets ORDER BY id")).scalars())
    if len(skus) < 3:
        raise RuntimeError("the demo store has fewer than 3 stocked SKUs")
    with engine.begin() as conn:  # deep stock everywhere: a webhook order is never short
        conn.execute(sa.text(
            "INSERT INTO stock_levels (variant_id, warehouse_id, on_hand, reserved, updated_at) "
            "SELECT v.id, w.id, 1000000, 0, now() FROM variants v CROSS JOIN warehouses w "
            "WHERE v.sku = ANY(:skus) ON CONFLICT (variant_id, warehouse_id) "
            "DO UPDATE SET on_hand = stock_levels.on_hand + 1000000"), {"skus": skus})  # fmt: skip
    return Store(admin_token(engine), (email, password), skus, orders, tickets, SECRET)


@contextmanager
def processes(engine: Engine, logs: Path) -> Iterator[tuple[str, dict[str, int]]]:
    """``opsdesk serve --workers 2`` and two ``opsdesk worker``: (base URL, name → pid)."""
    env = {**os.environ, "OPSDESK_DATABASE_URL": engine.url.render_as_string(hide_password=False),
           "OPSDESK_SHOPIFY_WEBHOOK_SECRET": SECRET, "OPSDESK_EMBEDDED_WORKER": "false"}  # fmt: skip
    port = _free_port()
    opsdesk = [sys.executable, "-m", "opsdesk"]
    commands = {
        "web": [*opsdesk, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
        "worker 1": [*opsdesk, "worker"],
        "worker 2": [*opsdesk, "worker"],
    }
    started: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for name, command in commands.items():
            log = (logs / f"{name.replace(' ', '-')}.log").open("wb")
            started[name] = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base, started["web"].pid)
        time.sleep(5)  # both children serving
        yield base, {name: p.pid for name, p in started.items()}
    finally:
        for process in started.values():
            process.send_signal(signal.SIGINT)
        for process in started.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)


def _wait_until_up(base: str, pid: int) -> None:
    """Until both web children answer (a busy host takes a minute to start them)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=5).status_code == 200 and len(tree(pid)) >= 3:
                return
        except httpx.TransportError:
            pass
        time.sleep(1)
    raise RuntimeError(f"server at {base} did not start in 5 minutes")


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def rss_mb(pids: dict[str, int]) -> dict[str, float]:
    """Resident memory of the web master, each web child and each worker (MB)."""
    named: dict[str, int] = {}
    for name, pid in pids.items():
        named[name] = pid
        if name == "web":
            children = [c for c in sorted(tree(pid)[1:]) if b"resource_tracker" not in _cmdline(c)]
            for index, child in enumerate(children, start=1):
                named[f"web child {index}"] = child
    found = {}
    for name, pid in named.items():
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        kb = next((int(line.split()[1]) for line in status.splitlines()
                   if line.startswith("VmRSS:")), 0)  # fmt: skip
        found[name] = kb / 1024
    return found


def drive(base: str, store: Store, kind: str, tally: Tally, until: float, seed: int) -> None:
    rng = random.Random(seed)
    client = Client(base, tally)
    step = KINDS[kind](client, store, rng)
    while time.monotonic() < until:
        step()
        time.sleep(rng.uniform(0.02, 0.1))  # a little think time: a soak, not a burst


def run(args: argparse.Namespace, engine: Engine, logs: Path) -> dict[str, Any]:
    store = prepare(engine, args.size)
    tallies = {kind: Tally() for kind in KINDS}
    lags: list[tuple[int, float]] = []
    loads: list[float] = []
    with processes(engine, logs) as (base, pids):
        seconds = args.minutes * 60
        until = time.monotonic() + args.warmup + seconds
        threads = [
            threading.Thread(
                target=drive, args=(base, store, kind, tallies[kind], until, n * 10 + i)
            )
            for n, kind in enumerate(KINDS)
            for i in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        time.sleep(args.warmup)  # models loaded, pools filled: then the clock starts
        for tally in tallies.values():
            tally.reset()
        rss_start, started = rss_mb(pids), time.monotonic()
        with Progress(TextColumn("{task.description}"), BarColumn(), TimeRemainingColumn(),
                      disable=args.json) as progress:  # fmt: skip
            task = progress.add_task("soak", total=seconds)
            while time.monotonic() < until:
                time.sleep(5)
                with engine.connect() as conn:
                    pending, lag = conn.execute(LAG_SQL).one()
                lags.append((int(pending), float(lag)))
                loads.append(os.getloadavg()[0])
                done = sum(len(t.latencies) for t in tallies.values())
                errors = sum(t.errors for t in tallies.values())
                progress.update(task, completed=time.monotonic() - started, description=(
                    f"{done:,} ok, {errors} errors, outbox {pending} pending / {lag:.1f} s"))  # fmt: skip
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        rss_end = rss_mb(pids)
    return summary(args, tallies, elapsed, rss_start, rss_end, lags, loads)


def _cut(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] * 1e3 if values else 0.0
    return statistics.quantiles(sorted(values), n=100, method="inclusive")[q - 1] * 1e3


def summary(
    args: argparse.Namespace, tallies: dict[str, Tally], elapsed: float,
    rss_start: dict[str, float], rss_end: dict[str, float],
    lags: list[tuple[int, float]], loads: list[float],
) -> dict[str, Any]:  # fmt: skip
    kinds = {
        kind: {"ok": len(t.latencies), "per_second": round(len(t.latencies) / elapsed, 1),
               "p50_ms": round(_cut(t.latencies, 50), 1), "p95_ms": round(_cut(t.latencies, 95), 1),
               "errors": t.errors, "shed_503": t.shed, "error_samples": t.samples}
        for kind, t in tallies.items()
    }  # fmt: skip
    ages = [lag for _, lag in lags] or [0.0]
    return {
        "command": " ".join(sys.argv), "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(), "minutes": round(elapsed / 60, 2), "size": args.size,
        "clients_per_kind": args.clients, "kinds": kinds,
        "errors": sum(k["errors"] for k in kinds.values()),
        "rss_mb": {n: {"start": round(rss_start.get(n, 0), 1), "end": round(v, 1),
                       "growth": round(v - rss_start.get(n, 0), 1)} for n, v in rss_end.items()},
        "outbox": {"lag_max_s": round(max(ages), 1), "lag_median_s": round(statistics.median(ages), 1),
                   "lag_last_s": round(ages[-1], 1), "pending_max": max((p for p, _ in lags), default=0),
                   "samples": len(lags)},
        "load": {"min": round(min(loads, default=0), 1), "median": round(statistics.median(loads or [0]), 1),
                 "max": round(max(loads, default=0), 1)},
    }  # fmt: skip


def report(result: dict[str, Any]) -> None:
    print(f"\nsoak {result['minutes']} min, {result['cpus']} cpus, load {result['load']}")
    print(f"{'kind':<18}{'ok':>8}{'/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}{'503':>6}")
    for kind, k in result["kinds"].items():
        print(f"{kind:<18}{k['ok']:>8}{k['per_second']:>8.1f}{k['p50_ms']:>9.1f}"
              f"{k['p95_ms']:>9.1f}{k['errors']:>8}{k['shed_503']:>6}")  # fmt: skip
        for sample in k["error_samples"]:
            print(f"    {sample}")
    print("RSS MB (start → end):", ", ".join(
        f"{n} {v['start']:.0f} → {v['end']:.0f} ({v['growth']:+.0f})" for n, v in result["rss_mb"].items()))  # fmt: skip
    print("outbox:", result["outbox"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--size", default="small", help="demo store size (small, medium)")
    parser.add_argument("--clients", type=int, default=2, help="client loops per kind")
    parser.add_argument("--warmup", type=float, default=30.0, help="seconds not counted first")
    parser.add_argument("--logs", type=Path, default=None, help="keep the processes' logs here")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    logs = args.logs or Path(f"/tmp/opsdesk-soak-{os.getpid()}")
    logs.mkdir(parents=True, exist_ok=True)
    with scratch_database("postgresql", f"opsdesk_soak_{os.getpid()}") as engine:
        result = run(args, engine, logs)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        report(result)
        print(f"logs: {logs}")
    sys.exit(1 if result["errors"] else 0)


if __name__ == "__main__":
    main()
