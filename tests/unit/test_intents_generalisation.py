"""Grouped cross-validation, typo scores, per-language scores and calibration (issue 19)."""

from __future__ import annotations

import pytest

from opsdesk.assistant.nlu.classifier import IntentModel, train_intent_model
from opsdesk.assistant.nlu.evaluation import LabelledTexts
from opsdesk.assistant.nlu.generalisation import (
    PLAIN,
    PREVIOUS,
    SHIPPED,
    calibration,
    grouped_cross_validation,
    score_file,
)
from opsdesk.assistant.nlu.grouping import template_groups
from opsdesk.kernel.errors import InvalidInput

# Written for these tests: three intents, several templates each, some near-duplicates.
ROWS = [
    ("where is my parcel", "track_order"),
    ("where is my parcel right now", "track_order"),
    ("has my order shipped yet", "track_order"),
    ("has my order shipped yet?", "track_order"),
    ("track order #1042 for me", "track_order"),
    ("track the order OD-100123 for me", "track_order"),
    ("status of my delivery please", "track_order"),
    ("cancel my order", "cancel_order"),
    ("please cancel my order", "cancel_order"),
    ("i do not want the order anymore", "cancel_order"),
    ("i do not want this order anymore", "cancel_order"),
    ("stop the order before it ships", "cancel_order"),
    ("stop my order before it is shipped", "cancel_order"),
    ("call off the purchase", "cancel_order"),
    ("thank you so much", "thanks"),
    ("thanks a lot", "thanks"),
    ("many thanks for the help", "thanks"),
    ("many thanks for your help", "thanks"),
    ("cheers mate", "thanks"),
    ("appreciate it", "thanks"),
]
DATA = LabelledTexts([t for t, _ in ROWS], [i for _, i in ROWS])


def small_model(texts: list[str], labels: list[str]) -> IntentModel:
    return train_intent_model(texts, labels)


@pytest.fixture(scope="module")
def previous() -> IntentModel:
    return small_model(
        ["where is it", "cancel it", "thanks"], ["track_order", "cancel_order", "thanks"]
    )


def test_grouped_folds_never_split_a_template_between_training_and_test(
    previous: IntentModel,
) -> None:
    seen: list[set[str]] = []

    def recording(texts: list[str], labels: list[str]) -> IntentModel:
        seen.append(set(texts))
        return small_model(texts, labels)

    report = grouped_cross_validation(DATA, folds=3, recipe=recording, previous=previous)
    groups = template_groups(DATA.texts, threshold=report.group_threshold)
    assert len(seen) == 3
    for trained in seen:
        for group in set(groups):
            members = {t for t, g in zip(DATA.texts, groups, strict=True) if g == group}
            assert members <= trained or not members & trained
    assert [m.name for m in report.models] == [SHIPPED, PREVIOUS, PLAIN]
    assert all(m.clean.examples == len(ROWS) == m.typos.examples for m in report.models)


def test_too_few_template_groups_for_the_folds_is_refused(previous: IntentModel) -> None:
    tiny = LabelledTexts(["cancel my order", "cancel my order!"], ["cancel_order"] * 2)
    with pytest.raises(InvalidInput, match="template groups"):
        grouped_cross_validation(tiny, folds=2, recipe=small_model, previous=previous)


def test_a_file_is_scored_per_language_and_with_typos() -> None:
    model = small_model(DATA.texts, DATA.labels)
    data = LabelledTexts(
        ["where is my parcel", "cancel my order", "thanks a lot", "blorp"],
        ["track_order", "cancel_order", "thanks", "track_order"],
    )
    report = score_file(data, [("m", model)], languages=["en", "en", "de", "de"])
    (scores,) = report.models
    assert scores.per_language == {"de": 0.5, "en": 1.0}
    assert scores.clean.accuracy == 0.75
    assert 0.0 <= scores.typos.accuracy <= 1.0
    with pytest.raises(InvalidInput):
        score_file(data, [("m", model)], languages=["en"])


def test_calibration_splits_acted_on_from_clarified_and_measures_the_gap() -> None:
    expected = ["a", "a", "b", "b"]
    scored = [("a", 0.9), ("b", 0.8), ("b", 0.3), ("a", 0.2)]
    c = calibration(expected, scored, act_from=0.5)
    assert c.acted_share == 0.5
    assert c.acted_accuracy == 0.5
    assert c.clarified_accuracy == 0.5
    # bins: 0.9 (right) |0.1|, 0.8 (wrong) |0.8|, 0.3 (right) |0.7|, 0.2 (wrong) |0.2|
    assert c.expected_calibration_error == pytest.approx((0.1 + 0.8 + 0.7 + 0.2) / 4)


def test_calibration_without_unsure_messages_has_no_clarified_accuracy() -> None:
    assert calibration(["a"], [("a", 0.99)]).clarified_accuracy is None
