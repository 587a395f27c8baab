"""Natural-language understanding: intents, entities and language of customer messages."""

from __future__ import annotations

from opsdesk.assistant.nlu.classifier import (
    IntentModel,
    IntentPrediction,
    classify,
    shipped_intent_model,
    train_intent_model,
)
from opsdesk.assistant.nlu.entities import Entity, EntityKind, extract_entities
from opsdesk.assistant.nlu.evaluation import (
    EvaluationReport,
    LabelledTexts,
    evaluate_model,
    read_labelled_csv,
    stratified_split,
)
from opsdesk.assistant.nlu.intents import COMMON_INTENTS, LANGUAGES, Intent
from opsdesk.assistant.nlu.labels import INTENT_LABELS, intent_label
from opsdesk.assistant.nlu.language import LanguageGuess, detect_language
from opsdesk.assistant.nlu.normalize import normalize

__all__ = [
    "COMMON_INTENTS",
    "INTENT_LABELS",
    "LANGUAGES",
    "Entity",
    "EntityKind",
    "EvaluationReport",
    "Intent",
    "IntentModel",
    "IntentPrediction",
    "LabelledTexts",
    "LanguageGuess",
    "classify",
    "detect_language",
    "evaluate_model",
    "extract_entities",
    "intent_label",
    "normalize",
    "read_labelled_csv",
    "shipped_intent_model",
    "stratified_split",
    "train_intent_model",
]
