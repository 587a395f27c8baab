"""``opsdesk eval replenishment`` on a small made-up daily panel (three years of two
Poisson series with a weekly pattern): both rules scored on the same year, JSON out,
clear exits on bad input."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from opsdesk.cli import app

runner = CliRunner()


def write_demand(path: Path) -> Path:
    rng = np.random.default_rng(3)
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["date", "store", "item", "sales"])
        day = date(2015, 1, 1)
        while day < date(2018, 1, 1):
            for item, rate in (("1", 20.0), ("2", 6.0)):
                weekly = 1.3 if day.weekday() >= 5 else 0.9
                out.writerow([day.isoformat(), "1", item, int(rng.poisson(rate * weekly))])
            day += timedelta(days=1)
    return path


def test_both_rules_are_scored_on_the_held_out_year(tmp_path: Path) -> None:
    data = write_demand(tmp_path / "demand.csv")
    result = runner.invoke(app, ["eval", "replenishment", "--data", str(data), "--every", "28",
                                 "--lead-time", "5", "--lead-time-sd", "1", "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report["series"] == 2
    scored = report["scored_on_2017-01-01_to_2017-12-31"]
    for rule in ("min_max", "forecast"):
        assert 0.5 < scored[rule]["fill_rate"] <= 1.0
        assert scored[rule]["average_on_hand"] > 0
    assert scored["stock_ratio"] > 0
    assert report["chosen"]["review_days"] in (1, 2, 3, 7)
    assert len(report["grid"]) == 32
    tuned = report["tuned_on_2016-01-01_to_2016-12-31"]["forecast"]
    assert tuned["fill_rate"] >= 0.98  # the setting was chosen to reach the target


def test_bad_input_exits_1_naming_the_problem(tmp_path: Path) -> None:
    data = write_demand(tmp_path / "demand.csv")
    missing = runner.invoke(
        app, ["eval", "replenishment", "--data", str(data), "--id-columns", "shop"]
    )
    assert missing.exit_code == 1
    assert "no column 'shop'" in missing.output
    early = runner.invoke(
        app, ["eval", "replenishment", "--data", str(data), "--tune-year", "2015"]
    )
    assert early.exit_code == 1
    assert "days of history before it" in early.output
