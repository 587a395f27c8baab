from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest

from opsdesk.tone import PolitenessModel, ToneLabel, ToneWeights, detect, shipped_model

POLITE = (
    "Hi Sam, thank you so much for your patience! I'm sorry the parcel is late. "
    "Could you please confirm the delivery address for me?"
)
CURT = "Wrong address. Not our problem. Send it again."


def test_the_shipped_model_ranks_a_polite_reply_above_a_curt_one() -> None:
    model = shipped_model()
    polite, curt = model.assess(POLITE), model.assess(CURT)
    assert polite.score > curt.score
    assert polite.label is ToneLabel.POLITE
    assert curt.label is ToneLabel.IMPOLITE


def test_scores_are_probabilities() -> None:
    model = shipped_model()
    for text in (POLITE, CURT, "ok", "?" * 50):
        assert 0.0 <= model.probability(text) <= 1.0


def test_each_strategy_found_reports_its_fitted_weight() -> None:
    model = shipped_model()
    strategies = {s.name: s for s in model.assess(POLITE).strategies}
    assert strategies["gratitude"].weight == model.weights.coefficients["s:gratitude"]
    assert strategies["gratitude"].weight > 0
    assert strategies["apologizing"].spans[0].text == "sorry"
    assert model.assess(CURT).strategies[0].weight != 0


def test_gratitude_raises_the_score_of_the_same_request() -> None:
    model = shipped_model()
    bare = model.probability("Could you check the tracking number?")
    thanked = model.probability("Could you check the tracking number? Thanks!")
    assert thanked > bare


def test_weights_survive_a_save_and_load(tmp_path: Path) -> None:
    weights = ToneWeights(
        intercept=-0.5,
        coefficients={"s:gratitude": 1.5, "w:stupid": -2.0},
        calibration_slope=1.1,
        calibration_intercept=0.1,
        provenance={"source": "hand-written"},
    )
    path = tmp_path / "weights.json"
    weights.save(path)
    assert ToneWeights.load(path) == weights


def test_a_hand_made_model_scores_with_exactly_its_weights() -> None:
    model = PolitenessModel(ToneWeights(intercept=0.0, coefficients={"s:gratitude": 2.0}))
    text = "Thanks."
    assert model.decision(text, detect(text)) == 2.0
    assert model.probability(text) == pytest.approx(1 / (1 + 2.718281828459045**-2))
    assert model.label(0.5) is ToneLabel.NEUTRAL


def test_an_unknown_weights_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        ToneWeights.from_json({"format_version": 99})


def test_scoring_takes_well_under_five_milliseconds() -> None:
    model = shipped_model()
    model.assess(POLITE)  # load the weights outside the timing
    timings = []
    for _ in range(200):
        started = time.perf_counter()
        model.assess(POLITE)
        timings.append(time.perf_counter() - started)
    assert statistics.median(timings) < 0.005
