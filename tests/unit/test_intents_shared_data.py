"""Our own phrases alone on real labelled customer-service messages they were never trained
on (the shipped model has learnt from this file since issue 19, so it cannot be judged on it:
see tests/unit/test_intents_generalisation.py and `opsdesk eval intents --grouped-cv`)."""

from __future__ import annotations

from pathlib import Path

from opsdesk.assistant.nlu.classifier import phrases_intent_model
from opsdesk.assistant.nlu.evaluation import LabelledTexts, evaluate_model, read_labelled_csv


def test_the_own_phrases_model_scores_at_least_85_percent_on_the_intents_file(
    shared_data: Path,
) -> None:
    data = read_labelled_csv(
        shared_data / "intents" / "customer_service_intents_8k.csv",
        text_column="utterance",
        label_column="intent",
    )
    # Every third message keeps the test quick and still covers ~90 per intent.
    sample = LabelledTexts(data.texts[::3], data.labels[::3])
    report = evaluate_model(phrases_intent_model(), sample)
    assert report.accuracy >= 0.85
    assert report.macro_f1 >= 0.8
