"""The tone check: one pure call from a reply's text to its score and suggestions."""

from __future__ import annotations

from dataclasses import dataclass

from opsdesk.kernel.errors import InvalidInput
from opsdesk.tone.coach import score_reply
from opsdesk.tone.language import detect_language
from opsdesk.tone.model import PolitenessModel, StrategyScore, ToneLabel
from opsdesk.tone.rudeness import Marker
from opsdesk.tone.strategies import detect
from opsdesk.tone.suggestions import ReplyContext, Suggestion, suggest

MAX_TEXT_CHARS = 10_000


@dataclass(frozen=True)
class ToneReport:
    score: float
    label: ToneLabel
    language: str
    strategies: tuple[StrategyScore, ...]
    suggestions: tuple[Suggestion, ...]
    # Rude or curt wording found; it caps the score whatever else the reply says.
    markers: tuple[Marker, ...] = ()


def check_tone(
    text: str,
    locale: str | None = None,
    context: ReplyContext | None = None,
    model: PolitenessModel | None = None,
) -> ToneReport:
    """Score a reply's politeness and propose rewrites in its language.

    English replies are scored by the full model, the other four languages by the
    strategies-only model over their own cues; rude wording caps the score in all
    five (see :mod:`opsdesk.tone.coach`). ``locale`` decides the language only when
    the text itself is too short to tell.
    """
    if not text.strip():
        raise InvalidInput("text must not be empty")
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInput(f"text is longer than {MAX_TEXT_CHARS} characters")
    language = detect_language(text, hint=locale)
    findings = detect(text, language)
    coached = score_reply(text, language, findings, model)
    return ToneReport(
        score=coached.politeness.score,
        label=coached.politeness.label,
        language=language,
        strategies=coached.politeness.strategies,
        suggestions=tuple(suggest(text, language, findings, context, coached.markers)),
        markers=coached.markers,
    )
