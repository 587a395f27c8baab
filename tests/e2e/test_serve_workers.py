"""``opsdesk serve --workers N``: several web processes on one port (PostgreSQL only)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from opsdesk.kernel.http import Role
from tests.conftest import PG_ADMIN_URL, make_token
from tests.e2e.test_cli import run_cli


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


def _wait_until_up(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[0]
        try:
            if httpx.get(f"{base}/openapi.json", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"{base} did not start")


@pytest.mark.slow
def test_two_web_processes_answer_on_one_port_on_postgresql(
    postgres_engine: Engine, tmp_path: Path
) -> None:
    url = postgres_engine.url.render_as_string(hide_password=False)
    token = make_token(sessionmaker(postgres_engine), Role.ADMIN)
    port = _free_port()
    env = {**os.environ, "OPSDESK_DATABASE_URL": url, "OPSDESK_DATA_DIR": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "opsdesk", "serve", "--host", "127.0.0.1",
         "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        deadline = time.monotonic() + 30
        while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = _children(process.pid)
        assert len(workers) >= 2

        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, headers=headers, timeout=10) as client:
            answers = [client.get("/api/v1/me").status_code for _ in range(20)]
        assert answers == [200] * 20
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    deadline = time.monotonic() + 15  # the web processes finish their own shutdown
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if _running(pid)]


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
            [sys.executable, "-m", "opsdesk", "serve", "--port", str(_free_port()),
             "--workers", "2"],
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
    port = _free_port()
    env = {**os.environ, "OPSDESK_DATA_DIR": str(tmp_path)}
    env.pop("OPSDESK_DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "opsdesk", "demo", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # seeding the demo store comes first
        while time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()[0]
            try:
                if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.5)
        else:
            raise AssertionError("opsdesk demo did not answer")
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert "admin@example.com" in output
