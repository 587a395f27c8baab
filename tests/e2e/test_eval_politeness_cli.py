from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

from tests.factories.tone import NEUTRAL as MIDDLE
from tests.factories.tone import POLITE, RUDE
from tests.support.clock import opsdesk_command


def run_eval(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        opsdesk_command("eval", "politeness", *args),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def write_scored(path: Path) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Id", "Request", "Normalized Score"])
        for i, text in enumerate(POLITE):
            writer.writerow([f"p{i}", text, 1.0 + i / 10])
        for i, text in enumerate(RUDE):
            writer.writerow([f"r{i}", text, -1.0 - i / 10])
        for i, text in enumerate(MIDDLE):
            writer.writerow([f"m{i}", text, (i - 6) / 20])
    return path


def test_eval_reports_cross_validated_and_shipped_accuracy_as_json(tmp_path: Path) -> None:
    result = run_eval(str(write_scored(tmp_path / "scored.csv")), "--folds", "3", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["requests"] == 24
    assert report["quartile_requests"] == {"polite": 6, "impolite": 6}
    cv = report["cross_validation"]
    assert cv["folds"] == 3
    assert len(cv["fold_accuracies"]) == 3
    assert cv["accuracy"] >= 0.8
    assert report["shipped_weights"]["fitted_on"] == "wikipedia_dev.csv"
    assert report["shipped_weights"]["accuracy"] >= 0.8


def test_eval_on_the_politeness_corpus_beats_eighty_percent(shared_data: Path) -> None:
    corpus = shared_data / "politeness" / "wikipedia_dev.csv"
    result = run_eval(str(corpus), "--folds", "5", "--c", "1", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["quartile_requests"]["polite"] > 700
    assert report["cross_validation"]["accuracy"] > 0.80


def test_eval_prints_a_readable_table_without_json(tmp_path: Path) -> None:
    result = run_eval(str(write_scored(tmp_path / "scored.csv")), "--folds", "2", "--c", "1")
    assert result.returncode == 0, result.stderr
    assert "2-fold cross-validation" in result.stdout
    assert "in-sample" in result.stdout


def test_eval_refuses_a_file_without_scores(tmp_path: Path) -> None:
    path = tmp_path / "unscored.csv"
    path.write_text("Request\nThanks!\n")
    result = run_eval(str(path))
    assert result.returncode == 1
    assert "Normalized Score" in result.stderr


def test_eval_reports_the_hand_written_reply_set_per_language() -> None:
    reply_sets = Path(__file__).parents[1] / "data" / "tone"
    result = run_eval(str(reply_sets), "--json")
    assert result.returncode == 0, result.stderr
    languages = json.loads(result.stdout)["languages"]
    assert sorted(languages) == ["de", "en", "es", "fr", "pt"]
    for language, row in languages.items():
        assert row["replies"] >= 40, language
        assert row["accuracy"] >= 0.9, (language, row["misses"])
        assert set(row["right_per_kind"]) == {"polite", "rude", "gamed"}


def test_eval_refuses_a_reply_set_with_an_unknown_kind(tmp_path: Path) -> None:
    path = tmp_path / "replies.csv"
    path.write_text("language,kind,text\nen,friendly,Hello there!\n", encoding="utf-8")
    result = run_eval(str(path))
    assert result.returncode == 1
    assert "kind must be one of polite, rude, gamed" in result.stdout + result.stderr
