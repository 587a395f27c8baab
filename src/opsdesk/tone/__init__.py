"""Tone guidance: politeness scoring and rewrite suggestions for agents' replies."""

from opsdesk.tone.explain import describe_marker, describe_strategy
from opsdesk.tone.language import detect_language
from opsdesk.tone.model import (
    Politeness,
    PolitenessModel,
    ToneLabel,
    ToneWeights,
    shipped_model,
    shipped_strategy_model,
)
from opsdesk.tone.rudeness import Marker, find_markers
from opsdesk.tone.service import MAX_TEXT_CHARS, ToneReport, check_tone
from opsdesk.tone.strategies import STRATEGY_NAMES, Finding, Span, detect
from opsdesk.tone.suggestions import ReplyContext, Suggestion, suggest

__all__ = [
    "MAX_TEXT_CHARS",
    "STRATEGY_NAMES",
    "Finding",
    "Marker",
    "Politeness",
    "PolitenessModel",
    "ReplyContext",
    "Span",
    "Suggestion",
    "ToneLabel",
    "ToneReport",
    "ToneWeights",
    "check_tone",
    "describe_marker",
    "describe_strategy",
    "detect",
    "detect_language",
    "find_markers",
    "shipped_model",
    "shipped_strategy_model",
    "suggest",
]
