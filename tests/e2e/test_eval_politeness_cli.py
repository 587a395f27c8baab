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
    assert "2-fold grouped CV" in result.stdout
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


TONE_DATA = Path(__file__).parents[1] / "data" / "tone"
BASELINE = TONE_DATA / "baseline" / "weights_2026-11-26.json"


def test_eval_reports_transfer_checks_beside_the_baseline_as_json(tmp_path: Path) -> None:
    result = run_eval(
        str(write_scored(tmp_path / "scored.csv")), "--folds", "3",
        "--registers", str(TONE_DATA / "registers"),
        "--replies", str(TONE_DATA), "--replies", str(TONE_DATA / "agents"),
        "--baseline", str(BASELINE), "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    cv = report["cross_validation"]
    assert cv["grouped"] is True
    assert cv["near_duplicate_groups"] == 12
    assert 0.0 <= cv["baseline_recipe_accuracy"] <= 1.0
    held = report["held_out"]
    assert held["requests"] + held["fitted_on_requests"] == 12
    if held["requests"] == 0:
        assert held["accuracy"] is None
    registers = report["other_registers"]
    assert registers["texts"] >= 200
    assert registers["shipped"]["all"] > registers["baseline"]["all"]
    agents = report["agent_replies"]
    assert agents["replies"] == 5 * 40 + 5 * 14
    assert set(agents["shipped"]) == {"en", "de", "fr", "es", "pt", "all"}
    assert agents["shipped"]["de"] >= 0.9
    assert report["baseline_weights"]["file"] == str(BASELINE)


def test_eval_refuses_unreadable_baseline_weights(tmp_path: Path) -> None:
    bad = tmp_path / "weights.json"
    bad.write_text("{}")
    result = run_eval(str(write_scored(tmp_path / "scored.csv")), "--baseline", str(bad))
    assert result.returncode == 1
    assert "baseline weights" in result.stderr


def test_tone_fit_reproduces_the_shipped_weights_byte_for_byte(
    shared_data: Path, tmp_path: Path
) -> None:
    corpus = shared_data / "politeness" / "wikipedia_dev.csv"
    shipped = Path(__file__).parents[2] / "src" / "opsdesk" / "tone"
    for name, extra in (("weights.json", []), ("strategy_weights.json", ["--strategies-only"])):
        out = tmp_path / name
        result = subprocess.run(
            opsdesk_command("tone", "fit", str(corpus), "--out", str(out), *extra),
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert out.read_text() == (shipped / name).read_text(), name


def test_the_previous_recipe_reproduces_the_baseline_weights(
    shared_data: Path, tmp_path: Path
) -> None:
    corpus = shared_data / "politeness" / "wikipedia_dev.csv"
    out = tmp_path / "previous.json"
    result = subprocess.run(
        opsdesk_command("tone", "fit", str(corpus), "--recipe", "previous", "--out", str(out)),
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    refitted, baseline = json.loads(out.read_text()), json.loads(BASELINE.read_text())
    for key in ("intercept", "calibration", "coefficients"):
        assert refitted[key] == baseline[key], key


def test_tone_fit_refuses_an_unknown_recipe(tmp_path: Path) -> None:
    result = subprocess.run(
        opsdesk_command("tone", "fit", str(write_scored(tmp_path / "s.csv")),
                        "--recipe", "bogus", "--out", str(tmp_path / "w.json")),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "transfer, previous" in result.stderr
    assert not (tmp_path / "w.json").exists()
