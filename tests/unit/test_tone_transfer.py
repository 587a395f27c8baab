"""Transfer checks of the politeness model: near-duplicate groups, the held-out part,
other registers, and the shrunken word features of the shipped recipe."""

from __future__ import annotations

from pathlib import Path

import pytest

from opsdesk.kernel.errors import InvalidInput
from opsdesk.tone import PolitenessModel, detect
from opsdesk.tone.features import features
from opsdesk.tone.fitting import PREVIOUS_RECIPE, SHIPPED_RECIPE, LabelledSet, Recipe, fit
from opsdesk.tone.model import ToneWeights, shipped_model
from opsdesk.tone.transfer import (
    near_duplicate_groups,
    read_register_texts,
    register_accuracy,
    split_held_out,
)
from tests.factories.tone import POLITE, RUDE

TONE_DATA = Path(__file__).parents[1] / "data" / "tone"
REGISTERS = read_register_texts(TONE_DATA / "registers")
BASELINE = PolitenessModel(ToneWeights.load(TONE_DATA / "baseline" / "weights_2026-11-26.json"))


def test_near_copies_share_a_group_and_different_requests_do_not() -> None:
    texts = [
        "Could you please check the size chart for my order?",
        "Could you please check the size chart for my order again?",
        "Why is the parcel still not here?",
        "What a ridiculous mess, just refund it.",
    ]
    groups = near_duplicate_groups(texts)
    assert groups[0] == groups[1]
    assert len({groups[0], groups[2], groups[3]}) == 3


def test_the_held_out_part_is_fixed_and_never_splits_a_group() -> None:
    texts = [f"alpha{i} beta{i} gamma{i} parcel" for i in range(200)]
    texts += ["Could you please check the size chart for my order?"] * 6
    data = LabelledSet(texts, [i % 2 for i in range(len(texts))])
    groups = near_duplicate_groups(texts)
    rest, held = split_held_out(data, groups)
    again_rest, again_held = split_held_out(data, groups)
    assert (rest, held) == (again_rest, again_held)
    assert 20 <= len(held.texts) <= 70  # about a fifth
    copies = "Could you please check the size chart for my order?"
    assert copies not in rest.texts or copies not in held.texts
    assert len(rest.texts) + len(held.texts) == len(texts)


def test_a_register_file_with_an_unknown_label_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("register,label,text\nemail,rude,Where is my parcel?\n")
    with pytest.raises(InvalidInput, match="polite or impolite"):
        read_register_texts(bad)


def test_register_accuracy_counts_per_register_and_overall(tmp_path: Path) -> None:
    path = tmp_path / "set.csv"
    path.write_text(
        "register,label,text\n"
        f'email,polite,"{POLITE[0]}"\nemail,impolite,"{RUDE[0]}"\nforum,polite,"{RUDE[1]}"\n'
    )
    scores = register_accuracy(shipped_model(), read_register_texts(path))
    assert scores == {"all": pytest.approx(2 / 3), "email": 1.0, "forum": 0.0}


def test_the_shipped_weights_read_other_registers_better_than_the_previous_ones() -> None:
    shipped = register_accuracy(shipped_model(), REGISTERS)
    previous = register_accuracy(BASELINE, REGISTERS)
    assert len(REGISTERS) >= 200
    assert shipped["all"] >= 0.93
    assert shipped["all"] > previous["all"]
    assert all(shipped[r] >= 0.9 for r in ("email", "forum", "review"))


def test_shrunken_word_features_are_folded_back_so_scoring_stays_a_plain_sum() -> None:
    data = LabelledSet(POLITE + RUDE, [1] * len(POLITE) + [0] * len(RUDE))
    recipe = Recipe("test", lexical_scale=0.25, min_requests_per_feature=1, c_grid=(1.0,))
    weights = fit(data, recipe=recipe)
    unscaled = fit(data, recipe=Recipe("plain", min_requests_per_feature=1, c_grid=(1.0,)))
    text = POLITE[0]
    found = detect(text)
    words = [n for n in features(text, found) if not n.startswith("s:")]
    assert words
    # The same words weigh less under the shrinking recipe than under the plain one.
    shrunk = sum(abs(weights.coefficients.get(n, 0.0)) for n in words)
    plain = sum(abs(unscaled.coefficients.get(n, 0.0)) for n in words)
    assert shrunk < plain
    assert PolitenessModel(weights).probability(text) > 0.5


def test_fitting_twice_gives_the_same_weights_file() -> None:
    data = LabelledSet(POLITE + RUDE, [1] * len(POLITE) + [0] * len(RUDE))
    assert fit(data, source="x").to_json() == fit(data, source="x").to_json()


def test_the_shipped_weights_come_from_the_transfer_recipe() -> None:
    provenance = shipped_model().weights.provenance
    assert provenance["recipe"] == SHIPPED_RECIPE.name != PREVIOUS_RECIPE.name
    assert provenance["lexical_scale"] == SHIPPED_RECIPE.lexical_scale
