"""``opsdesk import olist`` through its entry point, on the full shared data set."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from opsdesk.kernel.db import make_engine
from tests.support.clock import opsdesk_command


def _run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OPSDESK_DATA_DIR": str(data_dir)}
    env.pop("OPSDESK_DATABASE_URL", None)
    return subprocess.run(
        opsdesk_command(*args),
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


@pytest.mark.slow
def test_full_olist_folder_imports_quickly_and_reports_refusals(
    tmp_path: Path, shared_data: Path
) -> None:
    assert _run("migrate", data_dir=tmp_path).returncode == 0
    done = _run("import", "olist", str(shared_data / "olist"), "--json", data_dir=tmp_path)

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["orders_read"] == 10_000
    assert report["orders_imported"] >= 9_000
    assert report["orders_imported"] + len(report["rejections"]) == 10_000
    assert set(report["rejected_by_reason"]) <= {"no_items"}
    assert report["seconds"] < 60
    engine = make_engine(f"sqlite:///{tmp_path / 'opsdesk.sqlite3'}")
    with engine.connect() as conn:
        stored = conn.execute(sa.text("select count(*) from orders where channel = 'olist'"))
        assert stored.scalar_one() == report["orders_imported"]
    engine.dispose()


def test_a_folder_that_is_not_an_olist_export_exits_1(tmp_path: Path) -> None:
    assert _run("migrate", data_dir=tmp_path).returncode == 0
    failed = _run("import", "olist", str(tmp_path / "nowhere"), data_dir=tmp_path)
    assert failed.returncode == 1
    assert "not a folder" in failed.stderr
