"""``opsdesk boxes``: a warehouse's own boxes set, listed and removed from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from opsdesk import inventory, registry
from opsdesk.inventory.schemas import WarehouseCreate
from opsdesk.kernel.db import make_engine
from tests.e2e.test_cli import run_cli


def test_a_warehouses_boxes_are_set_listed_and_removed(tmp_path: Path) -> None:
    assert run_cli("migrate", data_dir=tmp_path).returncode == 0
    engine = make_engine(f"sqlite:///{tmp_path / 'opsdesk.sqlite3'}")
    with registry.session_factory(engine)() as session, session.begin():
        inventory.create_warehouse(session, WarehouseCreate(code="LEJ", name="Leipzig",
                                                                      country="DE"))  # fmt: skip
    engine.dispose()

    bottle = run_cli("boxes", "set", "LEJ", "BOTTLE", "--name", "Bottle box", "--size",
                     "120x120x360", "--empty-g", "180", "--max-g", "5000", data_dir=tmp_path)  # fmt: skip
    bad = run_cli("boxes", "set", "LEJ", "BAD", "--name", "Bad", "--size", "10x10",
                  "--empty-g", "1", "--max-g", "2", data_dir=tmp_path)  # fmt: skip
    listed = run_cli("boxes", "list", "LEJ", "--json", data_dir=tmp_path)
    unknown = run_cli("boxes", "list", "XXX", data_dir=tmp_path)

    assert bottle.returncode == 0, bottle.stderr
    assert bad.returncode == 2
    assert json.loads(listed.stdout) == [{
        "code": "BOTTLE", "name": "Bottle box", "length_mm": 120, "width_mm": 120,
        "height_mm": 360, "max_weight_g": 5000, "tare_g": 180,
    }]  # fmt: skip
    assert unknown.returncode == 2
    assert run_cli("boxes", "remove", "LEJ", "BOTTLE", data_dir=tmp_path).returncode == 0
    standard = json.loads(run_cli("boxes", "list", "LEJ", "--json", data_dir=tmp_path).stdout)
    assert [b["code"] for b in standard][:2] == ["MAILER-S", "BOX-S"]
