"""What ``opsdesk demo`` does before serving (migrate, seed_if_empty) leaves a working app."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from opsdesk.app import create_app
from opsdesk.config import Settings
from tests.e2e.test_cli import run_cli

SEED_IF_EMPTY = ("-c", "from opsdesk.cli import seed; seed.seed_if_empty()")


def _python(*args: str, data_dir: Path) -> str:
    env = {**os.environ, "OPSDESK_DATA_DIR": str(data_dir)}
    env.pop("OPSDESK_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=240, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


@pytest.mark.slow
def test_demo_start_seeds_once_and_prints_a_login_that_works(tmp_path: Path) -> None:
    assert run_cli("migrate", data_dir=tmp_path).returncode == 0

    first = _python(*SEED_IF_EMPTY, data_dir=tmp_path)
    second = _python(*SEED_IF_EMPTY, data_dir=tmp_path)

    assert "admin@example.com" in first
    assert re.search(r"password \S{12,}", first)
    assert "not seeding" in second
    tokens = re.findall(r"odk_[\w-]+", second)
    assert tokens
    app = create_app(Settings(data_dir=tmp_path))
    headers = {"Authorization": f"Bearer {tokens[0]}"}
    with TestClient(app) as client:
        page = client.get("/api/v1/orders", params={"limit": 5}, headers=headers)
        assert page.status_code == 200, page.text
        items = page.json()["items"]
        assert len(items) == 5
        detail = client.get(f"/api/v1/orders/{items[0]['id']}", headers=headers).json()
        assert detail["timeline"][0]["summary"].startswith("Placed via ")
        assert client.get("/api/v1/orders", headers={}).status_code == 401
