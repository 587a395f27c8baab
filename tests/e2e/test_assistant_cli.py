"""``opsdesk assistant train`` and ``classify`` through the real command line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opsdesk.cli import app

runner = CliRunner()

ROWS = [
    ("can you gift wrap it", "gift_wrap"),
    ("please wrap my order as a present", "gift_wrap"),
    ("is gift wrapping possible", "gift_wrap"),
    ("add a gift wrap to order #4410", "gift_wrap"),
    ("wrap it for a birthday please", "gift_wrap"),
    ("do you offer present packaging", "gift_wrap"),
    ("where is my parcel", "track_order"),
    ("has order #4410 shipped", "track_order"),
    ("tracking number please", "track_order"),
    ("my package is late, where is it", "track_order"),
    ("status of my delivery", "track_order"),
    ("where's my stuff", "track_order"),
    ("can i engrave a name on it", "engraving"),
    ("engraving on the ring please", "engraving"),
    ("i want initials engraved", "engraving"),
    ("how much for engraving", "engraving"),
    ("engrave my watch", "engraving"),
    ("is custom engraving available", "engraving"),
]


def write_csv(path: Path, rows: list[tuple[str, str]], header: tuple[str, str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def retailer_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "messages.csv", ROWS, ("message", "label"))


def test_train_saves_a_model_that_classify_then_uses(retailer_csv: Path, tmp_path: Path) -> None:
    model = tmp_path / "models" / "shop.npz"
    trained = runner.invoke(
        app,
        ["assistant", "train", "--csv", str(retailer_csv), "--text-column", "message",
         "--label-column", "label", "--out", str(model), "--json"],
    )  # fmt: skip
    assert trained.exit_code == 0, trained.output
    summary = json.loads(trained.stdout)
    assert summary["trained_on"] == len(ROWS)
    assert sorted(summary["intents"]) == ["engraving", "gift_wrap", "track_order"]
    assert model.is_file()

    result = runner.invoke(
        app,
        [
            "assistant",
            "classify",
            "could you wrap it as a present",
            "--model",
            str(model),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["intent"] == "gift_wrap"


def test_train_with_holdout_reports_scores_on_the_held_out_share(
    retailer_csv: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        app,
        ["assistant", "train", "--csv", str(retailer_csv), "--text-column", "message",
         "--label-column", "label", "--out", str(tmp_path / "m.npz"), "--holdout", "0.34", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["trained_on"] == 11
    assert summary["holdout"]["examples"] == 7
    assert 0.0 <= summary["holdout"]["accuracy"] <= 1.0


def test_train_names_the_missing_column_and_exits_1(retailer_csv: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["assistant", "train", "--csv", str(retailer_csv), "--out", str(tmp_path / "m.npz")]
    )
    assert result.exit_code == 1
    assert "no column intent, text" in result.stderr
    assert not (tmp_path / "m.npz").exists()


def test_train_refuses_a_file_with_a_single_intent(tmp_path: Path) -> None:
    one_intent = write_csv(tmp_path / "one.csv", ROWS[:6], ("text", "intent"))
    result = runner.invoke(
        app, ["assistant", "train", "--csv", str(one_intent), "--out", str(tmp_path / "m.npz")]
    )
    assert result.exit_code == 1
    assert "at least two labels" in result.stderr
    assert not (tmp_path / "m.npz").exists()


def test_classify_shows_intent_language_and_entities() -> None:
    result = runner.invoke(
        app,
        ["assistant", "classify", "Wo ist meine Bestellung #1042? Bitte bis morgen an 10115",
         "--today", "2026-11-26", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert (shown["intent"], shown["language"]) == ("track_order", "de")
    entities = {(e["kind"], e["value"]) for e in shown["entities"]}
    assert entities == {
        ("order_number", "#1042"),
        ("date", "2026-11-27"),
        ("postal_code", "10115"),
    }


def test_classify_prints_a_readable_summary() -> None:
    result = runner.invoke(app, ["assistant", "classify", "i want my money back"])
    assert result.exit_code == 0, result.output
    assert "intent: get_refund" in result.stdout


def test_classify_refuses_a_broken_model_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.npz"
    broken.write_text("nope")
    result = runner.invoke(app, ["assistant", "classify", "hi", "--model", str(broken)])
    assert result.exit_code == 1
    assert "cannot load intent model" in result.stderr
