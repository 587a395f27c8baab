"""``opsdesk fx``: set dated rates and list them, as people and scripts read them."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from tests.e2e.test_cli import run_cli


def test_rates_set_on_the_command_line_are_listed_and_replaced(tmp_path: Path) -> None:
    assert run_cli("migrate", data_dir=tmp_path).returncode == 0
    gbp = run_cli("fx", "set", "EUR", "GBP", "0.85", "--from", "2026-12-01", data_dir=tmp_path)
    assert gbp.returncode == 0, gbp.stderr
    assert "set: 1 EUR = 0.85 GBP from 2026-12-01" in gbp.stderr
    brl = run_cli("fx", "set", "eur", "brl", "5.60", "--from", "2026-12-01", "--note", "ECB",
                  "--by", "ops:ana", "--json", data_dir=tmp_path)  # fmt: skip
    assert json.loads(brl.stdout) | {"set_at": None} == {
        "base": "EUR", "quote": "BRL", "rate": "5.6", "valid_from": "2026-12-01", "note": "ECB",
        "set_by": "ops:ana", "set_at": None,
    }  # fmt: skip
    again = run_cli("fx", "set", "EUR", "GBP", "0.86", "--from", "2026-12-01", data_dir=tmp_path)
    assert "replaced: 1 EUR = 0.86 GBP from 2026-12-01" in again.stderr
    listed = run_cli("fx", "list", "--json", data_dir=tmp_path)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["quote"], r["rate"], r["valid_from"]) for r in rows] == [
        ("BRL", "5.6", "2026-12-01"), ("GBP", "0.86", "2026-12-01")
    ]  # fmt: skip
    assert rows[1]["set_by"].startswith("cli")
    before = run_cli("fx", "list", "--on", "2026-11-30", "--json", data_dir=tmp_path)
    assert json.loads(before.stdout) == []
    table = run_cli("fx", "list", "--quote", "GBP", data_dir=tmp_path)
    assert "0.86" in table.stderr
    assert "BRL" not in table.stderr


def test_a_rate_without_a_day_starts_today_and_bad_input_exits_non_zero(tmp_path: Path) -> None:
    assert run_cli("migrate", data_dir=tmp_path).returncode == 0
    today = run_cli("fx", "set", "EUR", "JPY", "161.23", "--json", data_dir=tmp_path)
    assert today.returncode == 0, today.stderr
    starts = date.fromisoformat(json.loads(today.stdout)["valid_from"])
    here = date.today()  # the store's day may differ from this one around midnight
    assert here - timedelta(days=1) <= starts <= here + timedelta(days=1)
    unknown = run_cli("fx", "set", "EUR", "ABC", "1.2", data_dir=tmp_path)
    assert unknown.returncode == 1
    assert "ABC is not an ISO 4217 currency code" in unknown.stderr
    zero = run_cli("fx", "set", "EUR", "GBP", "0", data_dir=tmp_path)
    assert (zero.returncode, "a rate must be a positive number" in zero.stderr) == (1, True)
    bad_day = run_cli("fx", "set", "EUR", "GBP", "0.85", "--from", "2026-13-01", data_dir=tmp_path)
    assert bad_day.returncode == 2
    listed = run_cli("fx", "list", "--json", data_dir=tmp_path)
    assert [r["quote"] for r in json.loads(listed.stdout)] == ["JPY"]  # nothing else stored
