"""Which language a message is written in: en, de, fr, es or pt.

A character n-gram model trained, at first use, on the assistant's own phrases (a second
or so, no download). Too little text, or too even a split between languages, falls back to
the default language rather than guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from opsdesk.assistant.nlu.intents import LANGUAGES
from opsdesk.assistant.nlu.linear import BlockSpec, LinearTextModel, fit_linear_text_model
from opsdesk.assistant.nlu.normalize import replace_identifiers
from opsdesk.assistant.phrases import load_phrases

LANGUAGE_FEATURES = (BlockSpec("char_wb", 1, 4, min_df=2),)
MIN_LETTERS = 2
_IDENTIFIER_TOKENS = re.compile(r"\b(?:ordernum|emailaddr|urladdr|postcode|skucode|somedate)\b|\d+")
MIN_CONFIDENCE = 0.4


@dataclass(frozen=True)
class LanguageGuess:
    language: str
    confidence: float
    reliable: bool


def language_text(text: str) -> str:
    """Lowercased, without identifiers or digits; accents stay, they are the best clue."""
    return " ".join(_IDENTIFIER_TOKENS.sub(" ", replace_identifiers(text).lower()).split())


def train_language_model(texts: list[str], languages: list[str]) -> LinearTextModel:
    return fit_linear_text_model([language_text(t) for t in texts], languages, LANGUAGE_FEATURES)


@cache
def shipped_language_model() -> LinearTextModel:
    phrases = load_phrases(LANGUAGES)
    return train_language_model([p.text for p in phrases], [p.language for p in phrases])


def detect_language(
    text: str, *, default: str = "en", model: LinearTextModel | None = None
) -> LanguageGuess:
    """The most likely language, or ``default`` (marked unreliable) when the text is too thin."""
    cleaned = language_text(text)
    if sum(c.isalpha() for c in cleaned) < MIN_LETTERS:
        return LanguageGuess(default, 0.0, reliable=False)
    model = model or shipped_language_model()
    probabilities = model.probabilities(cleaned)
    best = int(probabilities.argmax())
    confidence = float(probabilities[best])
    if confidence < MIN_CONFIDENCE:
        return LanguageGuess(default, confidence, reliable=False)
    return LanguageGuess(model.labels[best], confidence, reliable=True)
