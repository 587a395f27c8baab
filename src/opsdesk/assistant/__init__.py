"""The customer assistant: understanding messages and answering from live data.

Importing this package loads scikit-learn (about a second); callers on a hot start-up
path, such as the CLI, import it inside the command that needs it.
"""

from __future__ import annotations

from opsdesk.assistant import answers, chat, dialogue, knowledge
from opsdesk.assistant.chat import ChatConfig, customer_token, post_message, start_chat
from opsdesk.assistant.knowledge import find_article, seed_default_articles
from opsdesk.assistant.models import ChatMessage, ChatRole, ChatSession, KbArticle
from opsdesk.assistant.nlu import (
    COMMON_INTENTS,
    INTENT_LABELS,
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
    intent_label,
    read_labelled_csv,
    shipped_intent_model,
    stratified_split,
    train_intent_model,
)

__all__ = [
    "COMMON_INTENTS",
    "INTENT_LABELS",
    "LANGUAGES",
    "ChatConfig",
    "ChatMessage",
    "ChatRole",
    "ChatSession",
    "Entity",
    "EntityKind",
    "EvaluationReport",
    "Intent",
    "IntentModel",
    "IntentPrediction",
    "KbArticle",
    "LabelledTexts",
    "LanguageGuess",
    "answers",
    "chat",
    "classify",
    "customer_token",
    "detect_language",
    "dialogue",
    "evaluate_model",
    "extract_entities",
    "find_article",
    "intent_label",
    "knowledge",
    "post_message",
    "read_labelled_csv",
    "seed_default_articles",
    "shipped_intent_model",
    "start_chat",
    "stratified_split",
    "train_intent_model",
]
