"""Shared pieces of the benchmark scripts: databases, a server, timing and reports."""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from opsdesk.kernel import migrate
from opsdesk.kernel.db import make_engine
from opsdesk.kernel.http import Role
from opsdesk.registry import session_factory
from opsdesk.staff import create_token

PG_ADMIN_URL = os.environ.get(
    "OPSDESK_BENCH_POSTGRES_URL", "postgresql+psycopg://127.0.0.1:5432/test"
)


@dataclass
class Result:
    name: str
    backend: str
    operations: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    threads: int = 1

    @property
    def per_second(self) -> float:
        return self.operations / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "per_second": round(self.per_second, 1)}


def summarise(
    name: str, backend: str, latencies: list[float], seconds: float, threads: int = 1
) -> Result:
    """Latencies in seconds -> a result with percentiles in milliseconds."""
    ordered = sorted(latencies)
    cuts = (
        statistics.quantiles(ordered, n=100, method="inclusive")
        if len(ordered) > 1
        else ordered * 99
    )
    return Result(
        name,
        backend,
        len(ordered),
        seconds,
        cuts[49] * 1e3,
        cuts[94] * 1e3,
        cuts[98] * 1e3,
        threads,
    )


def ratios(results: list[Result], baseline: str) -> list[float | None]:
    """Each result's throughput against the latest baseline run before it on its backend
    (several rounds alternate baseline and measured runs, so each pair shares its load)."""
    latest: dict[str, float] = {}
    out: list[float | None] = []
    for r in results:
        if r.name == baseline:
            latest[r.backend] = r.per_second
        base = latest.get(r.backend)
        out.append(r.per_second / base if base else None)
    return out


def print_results(title: str, results: list[Result], baseline: str, as_json: bool) -> None:
    machine = {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "at": datetime.now(UTC).isoformat(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "command": " ".join(sys.argv),
    }
    shares = ratios(results, baseline)
    if as_json:
        rows = [
            {**r.as_dict(), "of_baseline": round(share, 3) if share is not None else None}
            for r, share in zip(results, shares, strict=True)
        ]
        print(json.dumps({"benchmark": title, "machine": machine, "results": rows}, indent=2))
        return
    print(
        f"\n{title}  ({machine['cpus']} cpus, Python {machine['python']}, "
        f"load average {machine['load_average']})"
    )
    print(
        f"{'what':<28}{'backend':<12}{'thr':>4}{'ops':>8}{'ops/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'vs base':>9}"
    )
    for r, share in zip(results, shares, strict=True):
        ratio = f"{share:.0%}" if share is not None else "-"
        print(
            f"{r.name:<28}{r.backend:<12}{r.threads:>4}{r.operations:>8}{r.per_second:>10.0f}"
            f"{r.p50_ms:>9.2f}{r.p95_ms:>9.2f}{r.p99_ms:>9.2f}{ratio:>9}"
        )


@contextmanager
def scratch_database(
    backend: str, name: str | None = None, *, keep: bool = False
) -> Iterator[Engine]:
    """A migrated, empty database that is dropped (PostgreSQL) or deleted (SQLite) after."""
    if backend == "sqlite":
        path = Path(f"/tmp/opsdesk-bench-{uuid.uuid4().hex[:8]}.sqlite3")
        engine = make_engine(f"sqlite:///{path}", pool_size=20)
        try:
            migrate.upgrade(engine)
            yield engine
        finally:
            engine.dispose()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    name = name or f"opsdesk_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(database_url(name), pool_size=20)
    try:
        migrate.upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        if not keep:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def database_url(name: str) -> str:
    return sa.make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def admin_token(engine: Engine) -> str:
    with session_factory(engine)() as session, session.begin():
        _token, plain = create_token(session, name="bench", role=Role.ADMIN)
    return plain


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def http_server(engine: Engine, workers: int = 1, pool_size: int | None = 20) -> Iterator[str]:
    """``opsdesk serve [--workers N]`` on a loopback port in a child process; its base URL.
    ``pool_size=None`` leaves the pool as an installation gets it."""
    port = _free_port()
    env = {
        **os.environ,
        "OPSDESK_DATABASE_URL": engine.url.render_as_string(hide_password=False),
    }
    if pool_size is not None:
        env["OPSDESK_DATABASE_POOL_SIZE"] = str(pool_size)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "opsdesk",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # an embedded worker still relaying a seed's events
            process.kill()
            process.wait(timeout=20)


def _wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/openapi.json", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {base} did not start")
