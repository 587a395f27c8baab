"""The static sentence embedding: building the table, embedding with typo back-off, the
int8 file, and a linear model that appends the sentence vector to its n-grams."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from opsdesk.assistant.nlu.embedding_build import (
    build_table,
    folded_frequencies,
    principal_components,
    vocabulary_words,
)
from opsdesk.assistant.nlu.linear import BlockSpec, DenseBlock, LinearTextModel
from opsdesk.assistant.nlu.linear import fit_linear_text_model as fit
from opsdesk.assistant.nlu.static_embedding import StaticEmbedding, edit_distance

WORDS = ["the", "refund", "money", "back", "parcel", "where", "package", "cancel"]


def _vectors(seed: int = 0) -> np.ndarray:
    """Two clusters (money words, delivery words) plus noise, in 12 dimensions."""
    rng = np.random.default_rng(seed)
    money, delivery = rng.normal(size=12), rng.normal(size=12)
    base = {"refund": money, "money": money, "back": money, "parcel": delivery,
            "where": delivery, "package": delivery, "cancel": -money, "the": money + delivery}  # fmt: skip
    return np.array([base[w] + rng.normal(scale=0.1, size=12) for w in WORDS])


def _table(dims: int = 4) -> StaticEmbedding:
    frequency = {"the": 0.05, "where": 1e-3, "back": 1e-3}
    return build_table(WORDS, _vectors(), frequency, dims=dims, sif=1e-4)


def test_frequent_words_weigh_almost_nothing_and_come_first() -> None:
    table = _table()
    assert table.words[0] == "the"
    norms = dict(zip(table.words, np.linalg.norm(table.rows, axis=1), strict=True))
    assert norms["the"] < 0.01 * norms["refund"]
    assert norms["where"] < 0.2 * norms["parcel"]


def test_the_reduction_is_deterministic_up_to_nothing() -> None:
    vectors = _vectors()
    first, second = principal_components(vectors, 3), principal_components(vectors.copy(), 3)
    assert np.array_equal(first, second)
    assert np.allclose(principal_components(-vectors, 3)[:, 0], -first[:, 0]) or np.allclose(
        principal_components(-vectors, 3)[:, 0], first[:, 0]
    )


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))


def test_a_message_lands_near_messages_of_the_same_meaning() -> None:
    table = _table()
    refund = table.embed("refund money")
    assert _cosine(table.embed("money back"), refund) > 0.9
    assert _cosine(table.embed("where parcel"), refund) < 0.5
    assert not table.embed("xyz").any()


def test_a_message_of_frequent_words_only_keeps_a_short_vector() -> None:
    table = _table()
    assert np.linalg.norm(table.embed("refund")) == pytest.approx(1.0, rel=0.3)
    assert np.linalg.norm(table.embed("the the the")) < 0.05
    # more words of the same meaning: longer, but by the square root, not the count
    assert np.linalg.norm(table.embed("refund money")) < 2 * np.linalg.norm(table.embed("refund"))


def test_a_misspelt_word_borrows_the_row_of_the_nearest_known_word() -> None:
    table = _table()
    assert table.row_indices("refnud") == table.row_indices("refund")
    assert table.row_indices("pacakge") == table.row_indices("package")
    assert table.row_indices("parcels") == table.row_indices("parcel")
    assert table.row_indices("zzzzzzzz") == []
    assert table.row_indices("thx") == []  # too short to guess
    assert table.row_indices("bakc") == table.row_indices("back")  # one edit under six letters
    assert table.row_indices("mnye") == []  # two edits: only from six letters


def test_edit_distance_counts_a_swap_as_one_edit() -> None:
    assert edit_distance("refund", "refnud") == 1
    assert edit_distance("refund", "rfnud") == 2
    assert edit_distance("refund", "refund!") == 1
    assert edit_distance("", "abc") == 3
    assert edit_distance("cancel", "cancel") == 0


def test_the_int8_file_keeps_the_vectors_within_one_percent(tmp_path: Path) -> None:
    table = _table(dims=6)
    path = tmp_path / "table.npz"
    table.save(path, "test")
    loaded = StaticEmbedding.load(path)
    assert loaded.words == table.words
    for text in ("refund money", "where is my parcel", "cancel"):
        assert _cosine(loaded.embed(text), table.embed(text)) > 0.99
    assert loaded.digest() != table.digest() or np.array_equal(loaded.rows, table.rows)


def test_words_are_normalised_the_way_messages_are() -> None:
    assert vocabulary_words(["Où est ma commande #1042 ?", "Rückerstattung!"]) == [
        "commande", "est", "ma", "ordernum", "ou", "ruckerstattung"
    ]  # fmt: skip
    assert folded_frequencies({"Où": 0.001, "ou": 0.002, "où": 0.0005}) == {"ou": 0.002}


def test_a_model_with_a_sentence_vector_saves_scores_and_needs_its_table(tmp_path: Path) -> None:
    table = _table()
    texts = ["refund money", "money back", "my refund", "where parcel", "where package",
             "parcel where is it", "cancel", "cancel it", "cancel now"]  # fmt: skip
    labels = ["get_refund"] * 3 + ["track_order"] * 3 + ["cancel_order"] * 3
    specs = (BlockSpec("word", 1, 1),)
    model = fit(texts, labels, specs, dense=DenseBlock(table, 2.0))
    sparse = fit(texts, labels, specs)
    # "refnud" is no n-gram the sparse model knows (it answers from its intercepts alone);
    # the sentence vector places it by the nearest word.
    assert model.labels[int(model.probabilities("refnud").argmax())] == "get_refund"
    assert model.labels[int(model.probabilities("pacakge").argmax())] == "track_order"
    assert np.allclose(sparse.probabilities("refnud"), sparse.probabilities(""))
    path = tmp_path / "model.npz"
    model.save(path, {"kind": "test"})
    loaded, metadata = LinearTextModel.load(path, lambda: table)
    assert metadata == {"kind": "test"}
    assert np.allclose(loaded.probabilities("money back please"),
                       model.probabilities("money back please"), atol=1e-5)  # fmt: skip
    with pytest.raises(ValueError, match="sentence embedding"):
        LinearTextModel.load(path)
