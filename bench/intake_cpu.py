"""CPU per order of intake, client and server, for the service layer and the raw ceiling.

    .venv/bin/python bench/intake_cpu.py [--backend postgresql|sqlite] [--orders 1400] \
        [--rounds 3] [--json] [--statements]

One client, one process, one connection, orders placed back to back on a scratch ``tiny``
store (as ``order_intake.py`` prepares it). Each round places ``--orders`` orders through
the raw-SQL ceiling (``raw_intake.py``) and then through ``orders.place_order``, after a
warm-up of 50 each; the medians over the rounds are printed. Client CPU is this process's
CPU time (``time.process_time``); server CPU is the PostgreSQL backend's user + system
time read from ``/proc/<backend pid>/stat`` (so the server must run on this machine).
CPU time, unlike throughput, is barely distorted by other tenants' load: the ratio of the
totals is the share of the raw ceiling that the service layer can reach when the cores
are the bottleneck. ``--statements`` first lists the statements one order sends on each
side, to show that the ceiling sends what the service sends.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import scratch_database
from opsdesk import orders
from opsdesk.kernel.db import make_engine
from opsdesk.registry import session_factory
from order_intake import order_payloads, prepare_store
from raw_intake import RawIntake

WARMUP = 50
_TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Cpu:
    client_ms: float
    server_ms: float

    @property
    def total_ms(self) -> float:
        return self.client_ms + self.server_ms


def backend_seconds(pid: int | None) -> float:
    """User + system CPU of a PostgreSQL backend so far (0 without one, e.g. SQLite)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime (fields 14, 15)


def measure(place: Callable[[], None], pid: int | None, count: int) -> Cpu:
    for _ in range(WARMUP):
        place()
    server, client = backend_seconds(pid), time.process_time()
    for _ in range(count):
        place()
    client, server = time.process_time() - client, backend_seconds(pid) - server
    return Cpu(client / count * 1e3, server / count * 1e3)


def raw_runner(engine: Engine, skus: list[str]) -> tuple[Callable[[], None], int | None, Any]:
    intake = RawIntake(engine)
    bodies = order_payloads(skus, 11)
    pid = None
    if engine.dialect.name == "postgresql":
        cursor = intake.conn.cursor()
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
        intake.conn.commit()

    def place() -> None:
        intake.place(bodies())

    return place, pid, intake.close


def service_runner(engine: Engine, skus: list[str]) -> tuple[Callable[[], None], int | None, Any]:
    factory = session_factory(engine)
    bodies = order_payloads(skus, 12)
    pid = None
    if engine.dialect.name == "postgresql":
        with factory() as session:
            pid = session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()

    def place() -> None:
        data = orders.OrderCreate.model_validate(bodies())
        with factory() as session, session.begin():
            orders.place_order(session, data, actor="bench:cpu")

    return place, pid, lambda: None


def statements(backend: str) -> dict[str, list[str]]:
    """The statements of one order (first words), raw and through the service."""
    sent: dict[str, list[str]] = {"raw": [], "service": []}

    def head(side: str) -> Callable[[str], None]:
        return lambda sql: sent[side].append(" ".join(sql.split()[:3]).upper())

    with scratch_database(backend, f"opsdesk_statements_{os.getpid()}") as engine:
        skus = prepare_store(engine)
        body = order_payloads(skus, 13)
        raw = RawIntake(engine)
        raw.place(body())  # customers' and variants' first use out of the way
        raw.trace = head("raw")
        raw.place(body())
        raw.close()
        factory = session_factory(engine)
        for trace in (None, head("service")):
            data = orders.OrderCreate.model_validate(body())
            with factory() as session, session.begin():
                if trace is not None:
                    sa.event.listen(
                        session.connection(), "before_cursor_execute",
                        lambda _c, _cur, sql, *_rest, told=trace: told(sql),
                    )  # fmt: skip
                orders.place_order(session, data, actor="bench:statements")
    return sent


def run(backend: str, count: int, rounds: int) -> dict[str, list[Cpu]]:
    results: dict[str, list[Cpu]] = {"raw": [], "service": []}
    with scratch_database(backend, f"opsdesk_cpu_{os.getpid()}") as engine:
        skus = prepare_store(engine)
        # One pooled connection, reused by every order, so the backend pid stays the same.
        single = make_engine(engine.url.render_as_string(hide_password=False), pool_size=1)
        runners = {"raw": raw_runner, "service": service_runner}
        for _ in range(rounds):
            for name, make in runners.items():
                place, pid, close = make(single, skus)
                results[name].append(measure(place, pid, count))
                close()
        single.dispose()
    return results


def median(runs: list[Cpu]) -> Cpu:
    return Cpu(
        statistics.median(r.client_ms for r in runs), statistics.median(r.server_ms for r in runs)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--orders", type=int, default=1400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--statements", action="store_true", help="list each side's statements")
    args = parser.parse_args()
    if args.statements:
        for side, sent in statements(args.backend).items():
            print(f"{side}: {len(sent)} statements: " + "; ".join(sent))
    results = run(args.backend, args.orders, args.rounds)
    raw, service = median(results["raw"]), median(results["service"])
    share = raw.total_ms / service.total_ms
    if args.json:
        print(json.dumps({
            "raw": asdict(raw), "service": asdict(service), "ceiling_share": round(share, 3),
            "rounds": {k: [asdict(r) for r in v] for k, v in results.items()},
            "load_average": os.getloadavg(),
        }, indent=2))  # fmt: skip
        return
    print(f"intake CPU per order, {args.backend}, {args.orders} orders x {args.rounds} rounds "
          f"(median), load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    print(f"{'':10} {'client CPU ms':>14} {'server CPU ms':>14} {'total ms':>9}")
    for name, cpu in (("raw", raw), ("service", service)):
        print(f"{name:10} {cpu.client_ms:14.2f} {cpu.server_ms:14.2f} {cpu.total_ms:9.2f}")
    print(f"ceiling ÷ service total: {share:.0%}")
    for name, runs in results.items():
        rows = ", ".join(f"{r.client_ms:.2f}+{r.server_ms:.2f}" for r in runs)
        print(f"  {name} rounds (client+server ms): {rows}")


if __name__ == "__main__":
    main()
