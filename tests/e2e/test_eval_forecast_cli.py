"""``opsdesk eval forecast`` on a small made-up weekly panel: growing seasonal series, a
slow mover with returns (negative weeks), a series that only appears in the test period,
holiday weeks weighted ×5."""

from __future__ import annotations

import csv
import json
import math
import random
from datetime import date, timedelta
from pathlib import Path

from typer.testing import CliRunner

from opsdesk.cli import app

runner = CliRunner()
START = date(2021, 1, 1)  # a Friday: weeks end on Fridays
TRAIN_WEEKS, TEST_WEEKS = 120, 13
HEADER = ["store", "dept", "week", "sales", "holiday"]


def _rows(store: str, dept: str, weeks: range, seed: int) -> list[list[object]]:
    rng = random.Random(seed)
    rows: list[list[object]] = []
    for w in weeks:
        day = START + timedelta(weeks=w)
        growth = 100 + 0.8 * w  # the level keeps rising: seasonal naive lags a year behind
        season = 30 * math.sin(2 * math.pi * w / 52)
        value = (
            growth + season + rng.gauss(0, 3) if dept != "slow" else rng.choice([0, 0, 0, 2, -1])
        )
        rows.append([store, dept, day.isoformat(), round(value, 2), (w % 52) == 47])
    return rows


def write_panel(root: Path) -> tuple[Path, Path]:
    train, test = root / "train.csv", root / "test.csv"
    series = [("1", "a"), ("1", "b"), ("2", "a"), ("2", "slow")]
    with train.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for i, (s, d) in enumerate(series):
            writer.writerows(_rows(s, d, range(TRAIN_WEEKS), i))
    with test.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for i, (s, d) in enumerate([*series, ("3", "new")]):
            writer.writerows(_rows(s, d, range(TRAIN_WEEKS, TRAIN_WEEKS + TEST_WEEKS), i))
    return train, test


def _invoke(train: Path, test: Path, *extra: str):  # type: ignore[no-untyped-def]
    args = ["eval", "forecast", "--train", str(train), "--test", str(test),
            "--id-columns", "store,dept", "--date-column", "week", "--target-column", "sales",
            "--jobs", "1", *extra]  # fmt: skip
    return runner.invoke(app, args)


def test_reports_every_candidate_and_the_product_against_seasonal_naive(tmp_path: Path) -> None:
    train, test = write_panel(tmp_path)
    result = _invoke(train, test, "--weight-column", "holiday", "--weight-value", "5", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    scores = {s["name"]: s for s in report["scores"]}
    assert report["freq"] == "W-FRI"
    assert report["horizon"] == TEST_WEEKS
    assert report["series"] == 5
    assert report["unseen_series"] == 1
    assert scores["SeasonalNaive"]["ratio"] == 1.0
    assert {"ETS", "Theta", "CrostonSBA", "TSB", "ADIDA", "SeasonalLevel"} <= set(scores)
    assert {"AlignedSeasonalLevel", "PooledAlignedSeasonalLevel"} <= set(scores)  # US default
    product = scores[report["product"]]
    # on a rising seasonal panel the re-levelled forecast beats last year's values clearly
    assert product["wmae"] < 0.8 * scores["SeasonalNaive"]["wmae"]
    assert (
        product["ratio"] == product["wmae"] / scores["SeasonalNaive"]["wmae"]
        or abs(product["ratio"] - product["wmae"] / scores["SeasonalNaive"]["wmae"]) < 1e-3
    )
    assert 0.0 < report["coverage"] <= 1.0
    assert report["seconds"] > 0


def test_without_weights_there_is_no_wmae_and_the_table_names_the_product(tmp_path: Path) -> None:
    train, test = write_panel(tmp_path)
    result = _invoke(train, test, "--strategy", "best")
    assert result.exit_code == 0, result.output
    assert "Product: best per series" in result.stdout
    assert "WMAE" not in result.stdout
    assert "SeasonalNaive" in result.stdout


def test_bad_input_exits_1_naming_the_problem(tmp_path: Path) -> None:
    train, test = write_panel(tmp_path)
    result = _invoke(train, test, "--weight-column", "missing_flag")
    assert result.exit_code == 1
    assert "missing_flag" in result.output
    result = _invoke(train, test, "--freq", "M")
    assert result.exit_code == 1
    assert "frequency must be D or W" in result.output
    result = _invoke(test, train)
    assert result.exit_code == 1
    assert "after the training dates" in result.output
    result = _invoke(train, test, "--country", "XX")
    assert result.exit_code == 1
    assert "no public holiday calendar for market 'XX'" in result.output
