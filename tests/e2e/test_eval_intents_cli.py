"""``opsdesk eval intents``: scores of the shipped or a retrained model on a labelled file."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from opsdesk.cli import app

runner = CliRunner()

# Written for this test; the last row is deliberately labelled with an intent the
# shipped model cannot produce, so the report must show a miss.
ROWS = [
    ("where on earth is my parcel", "track_order"),
    ("has my order left the warehouse yet", "track_order"),
    ("cancel my order right now please", "cancel_order"),
    ("i don't want the order anymore, cancel it", "cancel_order"),
    ("i want to speak to a real human being", "contact_human_agent"),
    ("well hello, nice to find a chat here", "greeting"),
    ("can i have it gift wrapped", "gift_wrap"),
]


def labelled_csv(tmp_path: Path) -> Path:
    path = tmp_path / "labelled.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["utterance", "intent"])
        writer.writerows(ROWS)
    return path


def test_eval_reports_accuracy_per_intent_and_confusions_as_json(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["eval", "intents", str(labelled_csv(tmp_path)), "--text-column", "utterance",
         "--label-column", "intent", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["examples"] == len(ROWS)
    assert report["accuracy"] == 6 / 7
    scores = {s["intent"]: s for s in report["per_intent"]}
    assert scores["track_order"]["recall"] == 1.0
    assert scores["gift_wrap"]["f1"] == 0.0
    (pair,) = report["confused_pairs"]
    assert pair["expected"] == "gift_wrap"
    assert pair["count"] == 1


def test_eval_prints_a_table(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["eval", "intents", str(labelled_csv(tmp_path)), "--text-column", "utterance",
         "--label-column", "intent"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "accuracy 85.7%" in result.stdout
    assert "cancel_order" in result.stdout
    assert "most confused" in result.stdout


def test_eval_uses_a_retrained_model_when_given(tmp_path: Path) -> None:
    data = labelled_csv(tmp_path)
    model = tmp_path / "m.npz"
    trained = runner.invoke(
        app,
        ["assistant", "train", "--csv", str(data), "--text-column", "utterance",
         "--label-column", "intent", "--out", str(model)],
    )  # fmt: skip
    assert trained.exit_code == 0, trained.output
    result = runner.invoke(
        app,
        ["eval", "intents", str(data), "--text-column", "utterance", "--label-column", "intent",
         "--model", str(model), "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # Scored on its own training data, the retrained model knows gift_wrap too.
    assert json.loads(result.stdout)["accuracy"] == 1.0


def test_eval_with_a_wrong_column_exits_1_and_says_which(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["eval", "intents", str(labelled_csv(tmp_path)), "--text-column", "message"]
    )
    assert result.exit_code == 1
    assert "no column message" in result.stderr
