"""``opsdesk serve --workers N``: several web processes on one port (PostgreSQL only)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from opsdesk.kernel.http import Role
from tests.conftest import PG_ADMIN_URL, make_token
from tests.e2e.test_cli import run_cli
from tests.support.clock import opsdesk_command
from tests.support.smtp import free_port


@dataclass
class Served:
    base: str
    process: subprocess.Popen[str]
    output: str = ""  # everything it printed, once it has stopped


@contextmanager
def opsdesk_serving(command: str, *args: str, env: dict[str, str], up: str) -> Iterator[Served]:
    """``opsdesk COMMAND --host 127.0.0.1 --port P ARGS`` until ``up`` answers 200; stopped
    with SIGINT (Ctrl-C) at the end, which must exit 0."""
    port = free_port()
    process = subprocess.Popen(
        opsdesk_command(command, "--host", "127.0.0.1", "--port", str(port), *args),
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    served = Served(f"http://127.0.0.1:{port}", process)
    try:
        _wait_for(lambda: _answers(served, up), seconds=180, what=f"{command} answering {up}")
        yield served
    finally:
        process.send_signal(signal.SIGINT)
        served.output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, served.output


def _answers(served: Served, path: str) -> bool:
    assert served.process.poll() is None, served.process.communicate()[0]
    try:
        return httpx.get(served.base + path, timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def _wait_for(condition: Callable[[], bool], *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.2)


def _children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (read from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """Alive: listed and not a zombie (one left for init to reap has exited)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
def test_two_web_processes_answer_on_one_port_on_postgresql(
    postgres_engine: Engine, tmp_path: Path
) -> None:
    url = postgres_engine.url.render_as_string(hide_password=False)
    token = make_token(sessionmaker(postgres_engine), Role.ADMIN)
    env = {**os.environ, "OPSDESK_DATABASE_URL": url, "OPSDESK_DATA_DIR": str(tmp_path)}
    with opsdesk_serving("serve", "--workers", "2", env=env, up="/openapi.json") as served:
        pid = served.process.pid
        _wait_for(lambda: len(_children(pid)) >= 2, seconds=30, what="two web processes")
        workers = _children(pid)
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=served.base, headers=headers, timeout=10) as client:
            answers = [client.get("/api/v1/me").status_code for _ in range(20)]
        assert answers == [200] * 20
    # the web processes finish their own shutdown
    _wait_for(lambda: not any(_running(w) for w in workers), seconds=15, what="shutdown")


def test_several_web_processes_are_refused_on_sqlite(tmp_path: Path) -> None:
    done = run_cli("serve", "--workers", "2", data_dir=tmp_path)

    assert done.returncode == 2
    assert "SQLite is served by one process" in done.stderr


def test_several_web_processes_wait_for_a_migrated_database(
    postgres_engine: Engine, tmp_path: Path
) -> None:
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"opsdesk_unmigrated_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        url = sa.make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
        env = {**os.environ, "OPSDESK_DATABASE_URL": url, "OPSDESK_DATA_DIR": str(tmp_path)}
        done = subprocess.run(
            opsdesk_command("serve", "--port", str(free_port()), "--workers", "2"),
            env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    assert done.returncode == 1
    assert "run `opsdesk migrate` first" in done.stdout + done.stderr


@pytest.mark.slow
def test_the_demo_command_migrates_seeds_and_serves(tmp_path: Path) -> None:
    """``opsdesk demo`` (what ``make demo`` runs) answers on its port with a store."""
    env = {**os.environ, "OPSDESK_DATA_DIR": str(tmp_path)}
    env.pop("OPSDESK_DATABASE_URL", None)
    with opsdesk_serving("demo", env=env, up="/login") as served:
        pass  # seeding the demo store comes before it answers

    assert "admin@example.com" in served.output
