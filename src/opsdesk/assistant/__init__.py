"""The customer assistant: understanding messages and answering from live data.

Importing this package loads scikit-learn (about a second); callers on a hot start-up
path, such as the CLI, import it inside the command that needs it.
"""

from __future__ import annotations

from opsdesk.assistant.nlu import (
    COMMON_INTENTS,
    LANGUAGES,
    Entity,
    EntityKind,
    EvaluationReport,
    Intent,
    IntentModel,
    IntentPrediction,
    LabelledTexts,
    LanguageGuess,
    classify,
    detect_language,
    evaluate_model,
    extract_entities,
    read_labelled_csv,
    shipped_intent_model,
    stratified_split,
    train_intent_model,
)

__all__ = [
    "COMMON_INTENTS",
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
    "read_labelled_csv",
    "shipped_intent_model",
    "stratified_split",
    "train_intent_model",
]
