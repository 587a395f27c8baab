"""`opsdesk stock check` through the real entry point, on the embedded database."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import sqlalchemy as sa

from opsdesk.inventory.models import StockLevel
from opsdesk.kernel.db import make_engine
from opsdesk.registry import session_factory
from tests.factories.catalog import make_variant
from tests.factories.inventory import make_warehouse, receive_stock
from tests.support.clock import opsdesk_command


def opsdesk(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OPSDESK_DATA_DIR": str(data_dir)}
    env.pop("OPSDESK_DATABASE_URL", None)
    return subprocess.run(
        opsdesk_command(*args),
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_stock_check_passes_on_a_clean_ledger_and_fails_with_the_drift(tmp_path: Path) -> None:
    assert opsdesk("migrate", data_dir=tmp_path).returncode == 0
    engine = make_engine(f"sqlite:///{tmp_path / 'opsdesk.sqlite3'}")
    with session_factory(engine)() as session, session.begin():
        variant = make_variant(session, "MUG-BLUE")
        warehouse = make_warehouse(session, "HAM")
        receive_stock(session, "MUG-BLUE", warehouse, 4)

    clean = opsdesk("stock", "check", "--json", data_dir=tmp_path)
    assert clean.returncode == 0, clean.stderr
    assert json.loads(clean.stdout) == {"ok": True, "drifts": []}

    with engine.begin() as conn:
        conn.execute(sa.update(StockLevel).values(on_hand=6))
    engine.dispose()
    drifted = opsdesk("stock", "check", "--json", data_dir=tmp_path)
    assert drifted.returncode == 1
    report = json.loads(drifted.stdout)
    assert report["drifts"] == [
        {"variant_id": variant, "sku": "MUG-BLUE", "warehouse_id": warehouse,
         "measure": "on_hand", "recorded": 6, "expected": 4}
    ]  # fmt: skip
    human = opsdesk("stock", "check", data_dir=tmp_path)
    assert human.returncode == 1
    assert "MUG-BLUE" in human.stderr
