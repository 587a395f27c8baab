"""The tone check: one pure call from a reply's text to its score and suggestions."""

from __future__ import annotations

from dataclasses import dataclass

from opsdesk.kernel.errors import InvalidInput
from opsdesk.tone.language import detect_language
from opsdesk.tone.model import PolitenessModel, StrategyScore, ToneLabel, shipped_model
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


def check_tone(
    text: str,
    locale: str | None = None,
    context: ReplyContext | None = None,
    model: PolitenessModel | None = None,
) -> ToneReport:
    """Score a reply's politeness and propose rewrites in its language.

    The score comes from a model fitted on English requests; for other languages it
    is a rough guide and the suggestions carry the advice. ``locale`` decides the
    language only when the text itself is too short to tell.
    """
    if not text.strip():
        raise InvalidInput("text must not be empty")
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInput(f"text is longer than {MAX_TEXT_CHARS} characters")
    findings = detect(text)
    politeness = (model or shipped_model()).assess(text, findings)
    language = detect_language(text, hint=locale)
    return ToneReport(
        score=politeness.score,
        label=politeness.label,
        language=language,
        strategies=politeness.strategies,
        suggestions=tuple(suggest(text, language, findings, context)),
    )
