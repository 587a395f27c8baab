"""The shipped model on real labelled customer-service messages it was never trained on."""

from __future__ import annotations

from pathlib import Path

from opsdesk.assistant.nlu.classifier import shipped_intent_model
from opsdesk.assistant.nlu.evaluation import LabelledTexts, evaluate_model, read_labelled_csv


def test_shipped_model_scores_at_least_85_percent_on_the_intents_file(shared_data: Path) -> None:
    data = read_labelled_csv(
        shared_data / "intents" / "customer_service_intents_8k.csv",
        text_column="utterance",
        label_column="intent",
    )
    # Every third message keeps the test quick and still covers ~90 per intent.
    sample = LabelledTexts(data.texts[::3], data.labels[::3])
    report = evaluate_model(shipped_intent_model(), sample)
    assert report.accuracy >= 0.85
    assert report.macro_f1 >= 0.8
