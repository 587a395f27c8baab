"""Where one order's time goes: cProfile over ``place_order`` on a scratch database.

    .venv/bin/python bench/profile_intake.py [--backend postgresql|sqlite] [--orders 500] \
        [--sort tottime] [--limit 40] [--statements]

One client, one process, after a warm-up of 50 orders. ``--cpu`` profiles CPU time (what
limits throughput when many clients share two cores) instead of wall time. ``--statements`` also counts the
SQL statements each order sends (from the engine's ``before_cursor_execute`` event).
``bench/intake_cpu.py`` gives client and server CPU per order against the raw ceiling.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import scratch_database
from opsdesk import orders
from opsdesk.registry import session_factory
from order_intake import order_payloads, prepare_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--orders", type=int, default=500)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--statements", action="store_true")
    parser.add_argument("--cpu", action="store_true", help="profile CPU time, not wall time")
    args = parser.parse_args()
    with scratch_database(args.backend) as engine:
        factory = session_factory(engine)
        bodies = order_payloads(prepare_store(engine), 7)
        work = [orders.OrderCreate.model_validate(bodies()) for _ in range(args.orders + 50)]

        def place(data: orders.OrderCreate) -> None:
            with factory() as session, session.begin():
                orders.place_order(session, data, actor="bench:profile")

        for data in work[:50]:
            place(data)
        seen: Counter[str] = Counter()
        if args.statements:

            @sa.event.listens_for(engine, "before_cursor_execute")
            def _count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
                seen[" ".join(statement.split()[:3])] += 1

        profiler = cProfile.Profile(time.process_time) if args.cpu else cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for data in work[50:]:
            place(data)
        profiler.disable()
        elapsed = time.perf_counter() - started
        print(f"{args.orders} orders, {elapsed / args.orders * 1e3:.2f} ms each under the profiler")
        if args.statements:
            total = sum(seen.values())
            print(f"{total / args.orders:.1f} statements per order:")
            for statement, count in seen.most_common():
                print(f"  {count / args.orders:5.2f}  {statement}")
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.limit)


if __name__ == "__main__":
    main()
