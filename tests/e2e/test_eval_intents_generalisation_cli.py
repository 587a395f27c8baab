"""``opsdesk eval intents`` with grouped CV, typos, an external file and same-run
baselines, and ``opsdesk assistant train --shipped`` (issue 19)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from opsdesk.assistant.nlu.static_embedding import shipped_embedding
from opsdesk.cli import app

runner = CliRunner()
OUT_OF_TEMPLATE = Path(__file__).parents[1] / "data" / "intents" / "out_of_template.csv"

# Written for these tests: three intents, a few templates each.
ROWS = [
    ("where is my parcel", "track_order"),
    ("where is my parcel right now", "track_order"),
    ("has my order shipped yet", "track_order"),
    ("status of the delivery for order #1042", "track_order"),
    ("cancel my order", "cancel_order"),
    ("please cancel my order", "cancel_order"),
    ("i do not want the order anymore", "cancel_order"),
    ("stop the order before it ships", "cancel_order"),
    ("thank you so much", "thanks"),
    ("many thanks for the help", "thanks"),
    ("cheers, appreciate it", "thanks"),
    ("thanks a lot", "thanks"),
]


def labelled_csv(tmp_path: Path) -> Path:
    path = tmp_path / "labelled.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["utterance", "intent"])
        writer.writerows(ROWS)
    return path


def invoke(*args: str) -> dict[str, object]:
    result = runner.invoke(app, ["eval", "intents", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_out_of_template_file_is_scored_per_language_beside_the_previous_model(
    tmp_path: Path,
) -> None:
    report = invoke(str(labelled_csv(tmp_path)), "--text-column", "utterance",
                    "--label-column", "intent", "--external", str(OUT_OF_TEMPLATE))  # fmt: skip
    assert report["grouped_cv"] is None
    assert report["shipped_model_trained_on_this_file"] is False
    shipped, previous = report["external"]["models"]  # type: ignore[index]
    assert (shipped["name"], previous["name"]) == (
        "shipped recipe",
        "previous model (own phrases only)",
    )
    assert set(shipped["per_language"]) == {"en", "de", "fr", "es", "pt"}
    assert shipped["clean"]["accuracy"] >= 0.85
    assert shipped["typos"]["accuracy"] >= 0.8
    assert shipped["calibration"]["acted_accuracy"] >= shipped["clean"]["accuracy"]
    assert report["as_written"]["examples"] == len(ROWS)  # type: ignore[index]


def test_grouped_cross_validation_reports_every_model_with_typos(tmp_path: Path) -> None:
    report = invoke(str(labelled_csv(tmp_path)), "--text-column", "utterance",
                    "--label-column", "intent", "--grouped-cv", "2")  # fmt: skip
    grouped = report["grouped_cv"]
    assert grouped["folds"] == 2  # type: ignore[index]
    names = [m["name"] for m in grouped["models"]]  # type: ignore[index]
    assert names[:3] == [
        "shipped recipe",
        "previous model (own phrases only)",
        "plain TF-IDF (file only)",
    ]
    # the recipe without its sentence vector is a baseline only when a table ships
    with_table = shipped_embedding() is not None
    assert names[3:] == (["shipped recipe without the sentence vector"] if with_table else [])
    for model in grouped["models"]:  # type: ignore[index]
        assert model["clean"]["examples"] == len(ROWS) == model["typos"]["examples"]


def test_a_missing_external_file_is_a_message_and_exit_code_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "intents", str(labelled_csv(tmp_path)),
                                 "--text-column", "utterance", "--label-column", "intent",
                                 "--external", str(tmp_path / "nope.csv")])  # fmt: skip
    assert result.exit_code == 1
    assert "nope.csv" in result.output.replace("\n", "")  # rich folds long paths


def test_train_shipped_rebuilds_the_recipe_and_records_what_it_learnt(tmp_path: Path) -> None:
    out = tmp_path / "model.npz"
    result = runner.invoke(app, ["assistant", "train", "--shipped", "--csv",
                                 str(labelled_csv(tmp_path)), "--text-column", "utterance",
                                 "--label-column", "intent", "--out", str(out), "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["provenance"]["public_messages"] == len(ROWS)
    assert summary["provenance"]["public_file"] == "labelled.csv"
    assert out.stat().st_size == summary["bytes"]
    classified = runner.invoke(app, ["assistant", "classify", "please cancel my order",
                                     "--model", str(out), "--json"])  # fmt: skip
    assert json.loads(classified.stdout)["intent"] == "cancel_order"


def test_train_without_a_file_is_a_usage_error() -> None:
    result = runner.invoke(app, ["assistant", "train", "--shipped"])
    assert result.exit_code == 2
