"""`opsdesk demand-rollup` through the real entry point, on the embedded database: the
first run rolls the whole history, the next only what changed, ``--rebuild`` all again."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from opsdesk import orders
from opsdesk.kernel.db import make_engine
from opsdesk.registry import session_factory
from tests.factories.catalog import make_variant
from tests.factories.inventory import make_warehouse, receive_stock
from tests.factories.orders import place
from tests.support.clock import opsdesk_command


def opsdesk(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OPSDESK_DATA_DIR": str(data_dir)}
    env.pop("OPSDESK_DATABASE_URL", None)
    return subprocess.run(
        opsdesk_command(*args),
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_demand_rollup_rolls_history_once_then_only_changed_days(tmp_path: Path) -> None:
    assert opsdesk("migrate", data_dir=tmp_path).returncode == 0
    engine = make_engine(f"sqlite:///{tmp_path / 'opsdesk.sqlite3'}")
    three_days_ago = datetime.now(UTC) - timedelta(days=3)
    with session_factory(engine)() as session, session.begin():
        make_variant(session, "MUG-BLUE")
        receive_stock(session, "MUG-BLUE", make_warehouse(session, "HAM"), 10)
        place(session, {"MUG-BLUE": 2}, placed_at=three_days_ago.isoformat())

    first = opsdesk("demand-rollup", "--json", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    outcome = json.loads(first.stdout)
    assert (outcome["full"], outcome["days"]) == (True, 0)
    again = json.loads(opsdesk("demand-rollup", "--json", data_dir=tmp_path).stdout)
    # the order's reservation changed within the in-flight margin: its day is re-rolled
    assert (again["full"], again["days"]) == (False, 1)
    with session_factory(engine)() as session:
        rows = session.execute(sa.select(orders.DemandDaily.day, orders.DemandDaily.units)).all()
    assert rows == [(three_days_ago.date(), 2)]
    rebuilt = json.loads(opsdesk("demand-rollup", "--rebuild", "--json", data_dir=tmp_path).stdout)
    assert rebuilt["full"] is True
