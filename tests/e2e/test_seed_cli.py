"""``opsdesk seed`` through its entry point, on an SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa

from opsdesk.demo import store_problems
from opsdesk.kernel.db import make_engine
from tests.e2e.test_cli import run_cli


def test_seed_fills_a_migrated_database_and_reports_it_as_json(tmp_path: Path) -> None:
    assert run_cli("migrate", data_dir=tmp_path).returncode == 0

    seeded = run_cli(
        "seed", "--size", "tiny", "--seed", "3", "--now", "2026-02-01T10:00Z", "--json",
        data_dir=tmp_path,
    )  # fmt: skip

    assert seeded.returncode == 0, seeded.stderr
    report = json.loads(seeded.stdout)
    assert report["size"] == "tiny"
    assert report["seed"] == 3
    assert report["now"] == "2026-02-01T10:00:00+00:00"
    engine = make_engine(f"sqlite:///{tmp_path / 'opsdesk.sqlite3'}")
    with engine.connect() as conn:
        orders = conn.execute(sa.text("SELECT count(*) FROM orders")).scalar_one()
        assert store_problems(conn) == {}
    engine.dispose()
    assert orders == report["rows"]["orders"] > 0
    assert sum(report["order_statuses"].values()) == orders


def test_seed_refuses_a_database_that_already_has_a_store(tmp_path: Path) -> None:
    assert run_cli("migrate", data_dir=tmp_path).returncode == 0
    assert run_cli("seed", "--size", "tiny", data_dir=tmp_path).returncode == 0

    again = run_cli("seed", "--size", "tiny", "--seed", "9", data_dir=tmp_path)

    assert again.returncode == 1
    assert "already holds data" in again.stderr


def test_seed_asks_for_migrations_first_and_rejects_unknown_sizes(tmp_path: Path) -> None:
    unmigrated = run_cli("seed", "--size", "tiny", data_dir=tmp_path)
    assert unmigrated.returncode == 1
    assert "opsdesk migrate" in unmigrated.stderr
    assert run_cli("seed", "--size", "huge", data_dir=tmp_path).returncode == 2
    assert run_cli("seed", "--now", "yesterday", data_dir=tmp_path).returncode == 2
