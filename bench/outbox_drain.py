"""How fast the worker drains the outbox: events relayed per second after a burst of orders.

    .venv/bin/python bench/outbox_drain.py [--backend postgresql|sqlite] [--orders 2000] \
        [--workers 1,2] [--rounds 3] [--json]

Each round places ``--orders`` orders through the service layer (the events a shop's
intake writes: stock reserved, order placed; the order confirmation then queues an
e-mail, which is relayed too), then starts ``N`` worker processes and times them until
nothing is pending. The same-run baseline is the queue's own floor: the same burst
drained by workers with no handlers (claim and mark processed only). The gap between
the two is what the handlers and the relay's per-event transactions cost.

Mail goes to a throwaway SMTP sink on loopback so the confirmation handler does its real
work without leaving the machine.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import _free_port as free_port
from _common import scratch_database
from order_intake import order_payloads, prepare_store

PENDING = "SELECT count(*) FROM outbox_events WHERE processed_at IS NULL AND parked_at IS NULL"


def _place(url: str, skus: list[str], count: int, seed: int) -> None:
    from opsdesk import orders
    from opsdesk.kernel.db import make_engine
    from opsdesk.registry import session_factory

    engine = make_engine(url, pool_size=1)
    factory = session_factory(engine)
    bodies = order_payloads(skus, seed)
    for _ in range(count):
        data = orders.OrderCreate.model_validate(bodies())
        with factory() as session, session.begin():
            orders.place_order(session, data, actor="bench:drain")
    engine.dispose()


def _drain(url: str, bare: bool, stop_at: float) -> None:
    """One worker process: relay until nothing is pending (or the deadline passes)."""
    from opsdesk.config import Settings
    from opsdesk.kernel.db import make_engine
    from opsdesk.registry import session_factory
    from opsdesk.worker.runner import build_worker

    engine = make_engine(url, pool_size=2)
    worker = build_worker(Settings(), session_factory(engine))
    if bare:
        worker.handlers = {}
    worker.start_up()
    idle = 0
    while time.time() < stop_at and idle < 3:
        idle = idle + 1 if worker.relay_once() == 0 else 0
        if idle:
            time.sleep(0.05)
    engine.dispose()


def _pending(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text(PENDING)).scalar_one())


def _processed(engine: Engine) -> int:
    with engine.connect() as conn:
        query = "SELECT count(*) FROM outbox_events WHERE processed_at IS NOT NULL"
        return int(conn.execute(sa.text(query)).scalar_one())


def one_drain(engine: Engine, url: str, skus: list[str], args: Any, workers: int, bare: bool,
              seed: int) -> dict[str, Any]:  # fmt: skip
    _place(url, skus, args.orders, seed)
    before, pending = _processed(engine), _pending(engine)
    started = time.perf_counter()
    procs = [
        mp.Process(target=_drain, args=(url, bare, time.time() + args.timeout))
        for _ in range(workers)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
    seconds = time.perf_counter() - started
    relayed = _processed(engine) - before
    return {
        "workers": workers,
        "handlers": not bare,
        "pending_at_start": pending,
        "relayed": relayed,
        "left": _pending(engine),
        "seconds": round(seconds, 2),
        "events_per_s": round(relayed / seconds, 1),
    }


def _smtp_sink() -> tuple[str, int]:
    from aiosmtpd.controller import Controller

    class Sink:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            return "250 OK"

    port = free_port()
    Controller(Sink(), hostname="127.0.0.1", port=port).start()
    return "127.0.0.1", port


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="postgresql", choices=("postgresql", "sqlite"))
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    host, port = _smtp_sink()
    os.environ.update(
        OPSDESK_SMTP_HOST=host, OPSDESK_SMTP_PORT=str(port), OPSDESK_SMTP_SECURITY="none"
    )
    counts = [int(n) for n in args.workers.split(",")]
    runs: list[dict[str, Any]] = []
    with scratch_database(args.backend) as engine:
        url = engine.url.render_as_string(hide_password=False)
        os.environ["OPSDESK_DATABASE_URL"] = url
        skus = prepare_store(engine)
        _drain(url, False, time.time() + args.timeout)  # the seed's own events first
        for round_ in range(args.rounds):
            for workers in counts:
                for bare in (True, False):
                    run = one_drain(engine, url, skus, args, workers, bare, 7 + len(runs))
                    run.update(round=round_ + 1, load=round(os.getloadavg()[0], 1))
                    runs.append(run)
                    if not args.json:
                        print(run, flush=True)
    summary = _summary(runs, counts)
    print(json.dumps({"runs": runs, "summary": summary}, indent=2) if args.json else summary)


def _summary(runs: list[dict[str, Any]], counts: list[int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for workers in counts:
        for handlers in (False, True):
            rates = [r["events_per_s"] for r in runs
                     if r["workers"] == workers and r["handlers"] == handlers]  # fmt: skip
            label = f"{workers} worker(s), {'handlers' if handlers else 'queue floor'}"
            out[label] = {"min": min(rates), "median": statistics.median(rates), "max": max(rates)}
    return out


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()
