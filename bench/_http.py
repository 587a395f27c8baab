"""A light HTTP load client and CPU accounting for the benchmarks that go through a server.

The load generator shares the two cores with the server it measures, so every
millisecond of client CPU is one the server does not get. httpx spends several times
the CPU of the standard library's ``http.client`` per request (connection pool,
header models, event hooks); the clients here use one keep-alive ``http.client``
connection each and nothing else. ``cpu_seconds`` reads a process tree's user + system
time from ``/proc``, so a run can report the server's CPU per request (and the
generator's, through ``resource.getrusage`` of the finished client processes).
"""

from __future__ import annotations

import http.client
import json
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from subprocess import DEVNULL
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.engine import Engine

import _common

TICKS = os.sysconf("SC_CLK_TCK")


class KeepAlive:
    """One persistent connection; ``call`` raises unless the status is the expected one."""

    def __init__(self, base: str, token: str) -> None:
        parts = urlsplit(base)
        self.conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80)
        self.auth = {"Authorization": f"Bearer {token}"}

    def call(self, method: str, path: str, body: Any = None, expect: int = 200) -> bytes:
        headers = dict(self.auth)
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=payload, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        if response.status != expect:
            raise RuntimeError(f"{method} {path}: {response.status} {data[:300]!r}")
        return data

    def close(self) -> None:
        self.conn.close()


def get_client(
    url: str, index: int, *, base: str, token: str, path: str
) -> tuple[Callable[[], None], Callable[[], None]]:
    """A ``_load`` client factory: ``GET path`` back to back."""
    client = KeepAlive(base, token)

    def get() -> None:
        client.call("GET", path)

    get()  # connect before the clock starts
    return get, client.close


def post_client(
    url: str, index: int, *, base: str, token: str, path: str, bodies: Callable[[int], Any]
) -> tuple[Callable[[], None], Callable[[], None]]:
    """A ``_load`` client factory: ``POST path`` with ``bodies(index)()`` back to back."""
    client = KeepAlive(base, token)
    make = bodies(index)

    def post() -> None:
        client.call("POST", path, make(), expect=201)

    post()
    return post, client.close


def wait_until_up(base: str, process: subprocess.Popen[bytes], seconds: float = 240) -> None:
    """On a host at load 10-17, a web process takes 20-60 s to import and start."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            KeepAlive(base, "").call("GET", "/healthz")
            return
        except (OSError, RuntimeError, http.client.HTTPException):
            time.sleep(0.5)
    raise RuntimeError(f"server at {base} did not start")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split() if (task / "children").exists() else []
        found += [int(c) for c in children]
    return found


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants alive now."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            todo += _children(current)
        except OSError:
            continue
    return out


def cpu_seconds(pids: Iterable[int]) -> float:
    """User + system CPU of the processes (those that ended meanwhile count as 0)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return total / TICKS


def finished_children_cpu() -> float:
    """CPU of this process's children that have ended and were waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@contextmanager
def server(engine: Engine, workers: int, pool_size: int = 20) -> Iterator[tuple[str, int]]:
    """``opsdesk serve --workers N`` on a loopback port: (base URL, the server's pid)."""
    port = _common._free_port()
    env = {
        **os.environ,
        "OPSDESK_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "OPSDESK_DATABASE_POOL_SIZE": str(pool_size),
    }
    command = [sys.executable, "-m", "opsdesk", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, env=env, stdout=DEVNULL, stderr=DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)
