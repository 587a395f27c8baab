"""Training an intent model on a retailer's own messages, saving and loading it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from opsdesk.assistant.nlu.classifier import IntentModel, train_intent_model
from opsdesk.assistant.nlu.evaluation import score_predictions
from opsdesk.assistant.nlu.normalize import normalize

RETAILER_MESSAGES = {
    "gift_wrap": [
        "can you gift wrap my order",
        "please wrap it as a present",
        "is gift wrapping available",
        "add gift wrap please",
        "i want it wrapped for a birthday",
        "do you do gift packaging",
    ],
    "engraving": [
        "can you engrave a name on the ring",
        "i want an engraving on the watch",
        "is personal engraving possible",
        "add initials engraved on the back",
        "how much is engraving",
        "engrave my bracelet please",
    ],
    "track_order": [
        "where is my parcel",
        "has my order shipped",
        "tracking number please",
        "where is order #5521",
        "my package is late, where is it",
        "status of my delivery",
    ],
}


def retailer_model() -> IntentModel:
    texts = [t for ts in RETAILER_MESSAGES.values() for t in ts]
    labels = [label for label, ts in RETAILER_MESSAGES.items() for _ in ts]
    return train_intent_model(texts, labels)


def test_a_model_trained_on_own_labels_predicts_them() -> None:
    model = retailer_model()
    assert set(model.intents) == set(RETAILER_MESSAGES)
    assert model.predict("could you wrap this as a gift", language="en").intent == "gift_wrap"
    assert model.predict("engraving on a ring, possible?", language="en").intent == "engraving"


def test_saved_model_loads_with_identical_scores(tmp_path: Path) -> None:
    model = retailer_model()
    path = tmp_path / "model.npz"
    model.save(path)
    loaded = IntentModel.load(path)
    text = normalize("is gift wrap possible for order #77")
    assert np.allclose(loaded.linear.probabilities(text), model.linear.probabilities(text))
    assert loaded.threshold == model.threshold


def test_the_fast_scorer_matches_scikit_learn_features() -> None:
    from opsdesk.assistant.nlu.classifier import INTENT_FEATURES

    texts = [normalize(t) for ts in RETAILER_MESSAGES.values() for t in ts]
    spec = INTENT_FEATURES[0]
    fitted = spec.vectorizer().fit(texts)
    from opsdesk.assistant.nlu.linear import TfidfBlock

    block = TfidfBlock.from_fitted(spec, fitted)
    expected = fitted.transform([texts[3]]).toarray()[0]
    index, values = block.features(texts[3])
    ours = np.zeros_like(expected)
    ours[index] = values
    assert np.allclose(ours, expected)


def test_a_file_that_is_not_a_model_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    path.write_bytes(b"not a model")
    with pytest.raises((ValueError, OSError)):
        IntentModel.load(path)


def test_training_needs_two_intents() -> None:
    with pytest.raises(ValueError, match="two labels"):
        train_intent_model(["a", "b", "c"], ["x", "x", "x"])


def test_scores_count_accuracy_macro_f1_and_confusions() -> None:
    expected = ["a", "a", "a", "b", "b", "c"]
    predicted = ["a", "a", "b", "b", "b", "a"]
    report = score_predictions(expected, predicted)
    assert report.accuracy == pytest.approx(4 / 6)
    by_intent = {s.intent: s for s in report.per_intent}
    assert by_intent["a"].precision == pytest.approx(2 / 3)
    assert by_intent["b"].recall == 1.0
    assert by_intent["c"].f1 == 0.0
    assert report.macro_f1 == pytest.approx((2 / 3 + 0.8 + 0.0) / 3)
    assert [(p.expected, p.predicted, p.count) for p in report.confused_pairs] == [
        ("a", "b", 1),
        ("c", "a", 1),
    ]
