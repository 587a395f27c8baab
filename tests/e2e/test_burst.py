"""A burst of simultaneous requests on the default install (#17): every one answered, none
with a 500 and none timing out — before admission control, 200 at once deadlocked the
process (threads waiting for connections held by requests waiting for a thread)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import httpx

from tests.e2e.test_cli import run_cli
from tests.e2e.test_serve_workers import opsdesk_serving
from tests.support.loops import run_async

BURST = 200


async def _burst(url: str, headers: dict[str, str]) -> list[int]:
    limits = httpx.Limits(max_connections=BURST + 10, max_keepalive_connections=0)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        answers = await asyncio.gather(*(client.get(url, headers=headers) for _ in range(BURST)))
    return [a.status_code for a in answers]


def test_two_hundred_simultaneous_requests_are_all_answered_on_sqlite(tmp_path: Path) -> None:
    assert run_cli("migrate", data_dir=tmp_path).returncode == 0
    made = run_cli("token", "create", "--name", "burst", "--role", "admin", data_dir=tmp_path)
    token = made.stdout.strip()
    env = {**os.environ, "OPSDESK_DATA_DIR": str(tmp_path)}
    env.pop("OPSDESK_DATABASE_URL", None)
    with opsdesk_serving("serve", env=env, up="/track") as served:
        statuses = run_async(
            lambda: _burst(f"{served.base}/api/v1/me", {"Authorization": f"Bearer {token}"})
        )
    assert statuses == [200] * BURST
