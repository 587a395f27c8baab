"""The shipped intent model: what it learnt from, and that the repository rebuilds it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from opsdesk.assistant.nlu.classifier import shipped_intent_model
from opsdesk.assistant.nlu.intents import Intent
from opsdesk.assistant.nlu.linear import BlockSpec, _split, fit_linear_text_model
from opsdesk.assistant.nlu.recipe import (
    PUBLIC_FILE_NAME,
    file_digest,
    phrases_digest,
    shipped_model_path,
    training_set,
)
from opsdesk.assistant.phrases import load_phrases


def test_the_shipped_model_was_trained_on_the_current_phrases_and_the_public_file(
    shared_data: Path,
) -> None:
    """Editing a phrase file without `opsdesk assistant train --shipped` fails here."""
    model = shipped_intent_model()
    assert shipped_model_path().is_file()
    assert model.provenance["phrases"] == phrases_digest()
    assert model.provenance["public_file"] == PUBLIC_FILE_NAME
    assert model.provenance["public_sha256"] == file_digest(
        shared_data / "intents" / PUBLIC_FILE_NAME
    )
    assert set(model.intents) == {i.value for i in Intent}


def test_the_shipped_file_stays_small() -> None:
    assert shipped_model_path().stat().st_size < 5_000_000


def test_public_messages_come_with_typo_copies_in_the_same_template_group() -> None:
    public = ["where is my parcel", "cancel my order now please", "where is my parcel today"]
    labels = ["track_order", "cancel_order", "track_order"]
    data = training_set(public, labels)
    own = len(load_phrases())
    assert data.groups[:own] == [-1] * own
    originals, copies = data.texts[own : own + 3], data.texts[own + 3 :]
    assert originals == public
    assert len(copies) == 3
    assert copies != public
    assert data.groups[own : own + 3] == data.groups[own + 3 :]
    assert data.labels[own:] == labels + labels
    assert data.groups[own] == data.groups[own + 2] != data.groups[own + 1]


def test_the_calibration_split_holds_out_whole_groups_and_never_own_phrases() -> None:
    texts = [f"text {i}" for i in range(40)]
    labels = ["a", "b"] * 20
    groups = [-1] * 10 + [i // 3 for i in range(30)]
    fit_x, held_x, _fy, _hy = _split(texts, labels, seed=1, groups=groups)
    held = set(held_x)
    assert held
    assert not held & set(texts[:10])
    for g in set(groups[10:]):
        members = {t for t, gg in zip(texts, groups, strict=True) if gg == g}
        assert members <= held or not members & held
    assert set(fit_x) | held == set(texts)


def test_grouped_calibration_is_less_sure_than_a_random_split_on_templated_text() -> None:
    # Written for this test: four templates per intent, each with near-copies.
    stems = {
        "track_order": ["where is my parcel", "has my order shipped", "track my package",
                        "status of my delivery"],
        "cancel_order": ["cancel my order", "i do not want the order", "stop my purchase",
                         "call off what i bought"],
    }  # fmt: skip
    texts, labels, groups = [], [], []
    for intent, forms in stems.items():
        for g, form in enumerate(forms):
            for tail in ("", " please", " now", " today", " asap"):
                texts.append(form + tail)
                labels.append(intent)
                groups.append(g + (10 if intent == "cancel_order" else 0))
    specs = (BlockSpec("word", 1, 2),)
    random_split = fit_linear_text_model(texts, labels, specs, seed=3)
    grouped = fit_linear_text_model(texts, labels, specs, seed=3, groups=groups)
    assert grouped.temperature <= random_split.temperature
    assert np.isfinite(grouped.temperature)


def test_the_shipped_model_and_the_shipped_embedding_table_agree() -> None:
    """Either no table ships and the model has no sentence-vector block, or the model
    records the digest of the very table in the package (rebuild both together)."""
    from opsdesk.assistant.nlu.static_embedding import EMBEDDING_FILE, shipped_embedding

    embedding = shipped_embedding()
    model = shipped_intent_model()
    if embedding is None:
        assert model.linear.dense is None
        assert "embedding" not in model.provenance
    else:
        assert model.linear.dense is not None
        assert model.provenance["embedding"] == embedding.digest()
        assert shipped_model_path().with_name(EMBEDDING_FILE).stat().st_size < 4_000_000


def test_a_model_with_a_sentence_vector_needs_the_table_it_learnt_with(tmp_path: Path) -> None:
    from opsdesk.assistant.nlu.classifier import IntentModel, train_intent_model
    from opsdesk.assistant.nlu.embedding_build import build_table
    from opsdesk.assistant.nlu.linear import DenseBlock
    from opsdesk.assistant.nlu.static_embedding import shipped_embedding

    words = ["where", "parcel", "paket", "cancel", "stornieren"]
    vectors = np.random.default_rng(0).normal(size=(len(words), 8))
    table = build_table(words, vectors, {}, dims=4)
    texts = ["where is my parcel", "wo ist mein paket", "cancel my order", "stornieren bitte"]
    labels = ["track_order", "track_order", "cancel_order", "cancel_order"]
    path = tmp_path / "model.npz"
    model = train_intent_model(
        texts, labels, dense=DenseBlock(table, 1.0), provenance={"embedding": table.digest()}
    )
    model.save(path)
    shipped = shipped_embedding()
    if shipped is None or shipped.digest() != table.digest():
        with pytest.raises(ValueError, match="sentence embedding"):
            IntentModel.load(path)
