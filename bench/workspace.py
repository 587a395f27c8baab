"""Workspace latency on a big store (issue 3): the inbox views ``GET /workspace?view=…``
and the ticket page with its customer panel ``GET /workspace/tickets/{id}``.

    .venv/bin/python bench/workspace.py --size medium [--requests 1000] [--json]
    .venv/bin/python bench/workspace.py --url postgresql+psycopg://…/opsdesk_bench_large

With ``--size`` a scratch PostgreSQL database is created, seeded (the demo's bulk desk
included) and dropped afterwards (``--keep`` leaves it). The pages are measured as the
server sees them, through the ASGI app in-process with a logged-in session cookie (see
``reads.ServerTimer``); the raw SQL of the inbox and of the ticket's rows, run with
psycopg on the same database in the same run, is the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import sqlalchemy as sa
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Result, print_results, scratch_database, summarise
from opsdesk import demo, staff
from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel import heap
from opsdesk.kernel.db import make_engine
from opsdesk.kernel.http import Role
from opsdesk.registry import session_factory
from opsdesk.support.policy import ACTIVE_STATUSES
from reads import ServerTimer, run_raw

TARGET_P95_MS = 50.0
VIEWS = ("open", "mine", "unassigned", "at_risk", "breached", "pending_operations")
SORTS = ("sla_due", "updated", "oldest")
CSRF_FIELD = re.compile(r'name="csrf"\s+value="([^"]+)"')
INBOX_SQL = (
    "SELECT * FROM tickets WHERE status = ANY(%s) "
    "ORDER BY CASE WHEN sla_due_at IS NULL THEN 1 ELSE 0 END, sla_due_at, "
    "updated_at DESC, id DESC LIMIT 101",
)
TICKET_SQL = (
    "SELECT * FROM tickets WHERE id = %s",
    "SELECT * FROM ticket_messages WHERE ticket_id = %s ORDER BY id",
    "SELECT * FROM ticket_events WHERE ticket_id = %s ORDER BY id",
    "SELECT o.* FROM ticket_order_links l JOIN orders o ON o.id = l.order_id "
    "WHERE l.ticket_id = %s",
    "SELECT c.* FROM customers c JOIN tickets t ON t.customer_id = c.id WHERE t.id = %s",
    "SELECT * FROM orders WHERE customer_id = (SELECT customer_id FROM tickets "
    "WHERE id = %s) ORDER BY placed_at DESC LIMIT 10",
)


def bench_login(engine: Engine) -> tuple[str, str]:
    """A fresh agent with a known password: the workspace is for people, not tokens."""
    email, password = f"bench-{secrets.token_hex(4)}@bench.example", secrets.token_urlsafe(12)
    with session_factory(engine)() as session, session.begin():
        staff.create_user(session, email=email, name="Bench Agent", role=Role.AGENT,
                          password=password)  # fmt: skip
    return email, password


def sample_paths(engine: Engine, count: int, seed: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    with engine.connect() as conn:
        low, high = conn.execute(sa.text("SELECT min(id), max(id) FROM tickets")).one()
    inbox = [f"/workspace?view={rng.choice(VIEWS)}&sort={rng.choice(SORTS)}" for _ in range(count)]
    tickets = [f"/workspace/tickets/{rng.randint(low, high)}" for _ in range(count)]
    return inbox, tickets


async def _log_in(client: httpx.AsyncClient, email: str, password: str) -> None:
    form = await client.get("/login")
    found = CSRF_FIELD.search(form.text)
    if found is None:
        raise RuntimeError("no CSRF field on /login")
    answer = await client.post("/login", data={"email": email, "password": password,
                                               "csrf": found.group(1)})  # fmt: skip
    if answer.status_code != 303:
        raise RuntimeError(f"login failed: {answer.status_code}")


async def _pages(
    engine: Engine, login: tuple[str, str], runs: list[list[str]], warmup: list[str],
    settle: bool,
) -> list[list[float]]:  # fmt: skip
    settings = Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        check_migrations=os.environ.get("OPSDESK_CHECK_MIGRATIONS", "true") != "false",
    )
    app = create_app(settings, engine=engine)
    if settle:
        heap.settle()  # as `opsdesk serve` does before serving
    timer = ServerTimer(app)
    transport = httpx.ASGITransport(app=timer)
    measured: list[list[float]] = []
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://bench") as client,
    ):
        await _log_in(client, *login)
        for path in warmup:  # templates compiled, pool filled; other tickets than measured
            (await client.get(path)).raise_for_status()
        for paths in runs:
            timer.latencies, statements = [], StatementCounter(engine)
            for path in paths:
                response = await client.get(path)
                if response.status_code != 200:
                    raise RuntimeError(f"{path}: {response.status_code} {response.text[:200]}")
                statements.page_done()
            statements.close()
            print(f"{paths[0].split('?')[0]}: at most {statements.most} SQL statements a page",
                  file=sys.stderr)  # fmt: skip
            measured.append(timer.latencies)
    return measured


class StatementCounter:
    """SQL statements per page: a constant count on any store size means no N+1."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self.current, self.most = engine, 0, 0
        sa.event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *_args: object) -> None:
        self.current += 1

    def page_done(self) -> None:
        self.most, self.current = max(self.most, self.current), 0

    def close(self) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._count)


def run_pages(
    engine: Engine, runs: dict[str, list[str]], warmup: list[str], settle: bool
) -> list[Result]:
    login = bench_login(engine)
    started = time.perf_counter()
    measured = asyncio.run(_pages(engine, login, list(runs.values()), warmup, settle))
    seconds = (time.perf_counter() - started) / len(runs)
    return [summarise(name, engine.dialect.name, latencies, seconds)
            for name, latencies in zip(runs, measured, strict=True)]  # fmt: skip


def bench(engine: Engine, requests: int, warmup: int, settle: bool = True) -> list[Result]:
    inbox, tickets = sample_paths(engine, requests, 7)
    warm_inbox, warm_tickets = sample_paths(engine, warmup, 8)
    ticket_ids = [int(p.rsplit("/", 1)[1]) for p in tickets]
    statuses = [[s.value for s in ACTIVE_STATUSES]] * requests
    pages = run_pages(engine, {"ASGI GET /workspace": inbox,
                               "ASGI GET /ws/tickets/{id}": tickets},
                      warm_inbox + warm_tickets, settle)  # fmt: skip
    return [
        run_raw("raw SQL inbox", engine, INBOX_SQL, statuses),
        pages[0],
        run_raw("raw SQL ticket+panel", engine, TICKET_SQL, ticket_ids),
        pages[1],
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--url", help="an already seeded database")
    source.add_argument("--size", choices=sorted(demo.SIZES), help="seed a scratch PostgreSQL db")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=50,
                        help="requests of each page before measuring (not counted)")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-migration-check", action="store_true",
                        help="serve a store seeded under an older revision of the schema")  # fmt: skip
    parser.add_argument("--no-heap-settle", action="store_true",
                        help="skip kernel.heap.settle (what `opsdesk serve` does), to compare")  # fmt: skip
    args = parser.parse_args()
    if args.no_migration_check:
        os.environ["OPSDESK_CHECK_MIGRATIONS"] = "false"
    if args.url:
        engine = make_engine(args.url, pool_size=20)
        results = bench(engine, args.requests, args.warmup, not args.no_heap_settle)
        engine.dispose()
    else:
        with scratch_database(
            "postgresql", f"opsdesk_bench_ws_{args.size}", keep=args.keep
        ) as engine:
            report = demo.generate_store(engine, demo.SIZES[args.size], 42, datetime.now(UTC))
            tickets = report.rows.get("tickets", 0)
            print(
                f"seeded {args.size} ({tickets} tickets) in {report.seconds:.0f} s", file=sys.stderr
            )
            results = bench(engine, args.requests, args.warmup, not args.no_heap_settle)
    print_results("workspace", results, "", args.json)
    worst = max(r.p95_ms for r in results if r.name.startswith("ASGI"))
    verdict = "meets" if worst < TARGET_P95_MS else "misses"
    print(f"server-side p95 {worst:.1f} ms {verdict} the {TARGET_P95_MS:.0f} ms target",
          file=sys.stderr)  # fmt: skip


if __name__ == "__main__":
    main()
