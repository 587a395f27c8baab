"""Tone guidance: politeness scoring and rewrite suggestions for agents' replies."""

from opsdesk.tone.language import detect_language
from opsdesk.tone.model import Politeness, PolitenessModel, ToneLabel, ToneWeights, shipped_model
from opsdesk.tone.service import MAX_TEXT_CHARS, ToneReport, check_tone
from opsdesk.tone.strategies import STRATEGY_NAMES, Finding, Span, detect
from opsdesk.tone.suggestions import ReplyContext, Suggestion, suggest

__all__ = [
    "MAX_TEXT_CHARS",
    "STRATEGY_NAMES",
    "Finding",
    "Politeness",
    "PolitenessModel",
    "ReplyContext",
    "Span",
    "Suggestion",
    "ToneLabel",
    "ToneReport",
    "ToneWeights",
    "check_tone",
    "detect",
    "detect_language",
    "shipped_model",
    "suggest",
]
