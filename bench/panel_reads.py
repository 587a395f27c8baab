"""The customer panel's CPU with its reads through ``fastsql`` against ``Session.execute``.

    .venv/bin/python bench/panel_reads.py --url postgresql+psycopg://…/db [--pages 100] \
        [--rounds 4]

For random tickets of a seeded store (read only), one thread: ``support.read_ticket``
then the customer panel (``ticket_data.panel_for``), timed by ``time.thread_time``
(CPU, which decides a page's latency when the cores are shared) and wall time. Rounds
alternate the panel's reads as shipped (``support.overview.reads`` through
``kernel.fastsql``) and the baseline, the same statements through ``Session.execute``
as before issue #17's change, so both see the host's load of the moment.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

from opsdesk import support
from opsdesk.kernel.db import make_engine
from opsdesk.registry import session_factory
from opsdesk.support.overview import reads
from opsdesk.web.ui import ticket_data
from workspace import sample_paths

SHIPPED = reads._rows


def through_session(session: Session, statement: Any, values: Mapping[str, Any]) -> list[Any]:
    """The baseline: the ORM session's ``execute``."""
    return list(session.execute(statement, values))


def one_pass(factory: Any, ids: list[int], now: datetime) -> tuple[list[float], list[float]]:
    cpu, wall = [], []
    for ticket_id in ids:
        with factory() as session:
            ticket = support.read_ticket(session, ticket_id, now=now)
            started_cpu, started = time.thread_time(), time.perf_counter()
            ticket_data.panel_for(session, ticket, now)
            cpu.append((time.thread_time() - started_cpu) * 1e3)
            wall.append((time.perf_counter() - started) * 1e3)
    return cpu, wall


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    engine = make_engine(args.url, pool_size=2)
    _inbox, paths = sample_paths(engine, args.pages, 7)
    ids = [int(p.rsplit("/", 1)[1]) for p in paths]
    factory, now = session_factory(engine), datetime.now(UTC)
    one_pass(factory, ids, now)  # warm: statements built, caches filled
    print(f"customer panel, {len(ids)} tickets a round, ms per page")
    print(f"{'reads':<16}{'CPU p50':>9}{'CPU p95':>9}{'wall p50':>10}{'wall p95':>10}{'load':>6}")
    for round_no in range(args.rounds):
        name, runner = (
            ("Session.execute", through_session) if round_no % 2 else ("fastsql", SHIPPED)
        )
        reads._rows = runner
        cpu, wall = one_pass(factory, ids, now)
        print(
            f"{name:<16}{statistics.median(cpu):>9.2f}{pct(cpu, 0.95):>9.2f}"
            f"{statistics.median(wall):>10.2f}{pct(wall, 0.95):>10.2f}"
            f"{os.getloadavg()[0]:>6.1f}"
        )
    reads._rows = SHIPPED


if __name__ == "__main__":
    main()
