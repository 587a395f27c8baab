"""Detectors for politeness strategies; each finding carries spans the UI can highlight.

The strategies follow Danescu-Niculescu-Mizil et al. (ACL 2013), plus three that matter
in customer service: bare imperatives, blaming wording and vague time words. Some
strategies only count at the start of a sentence ("Please …", "You …", "So …") and
their twins only elsewhere, as in the paper.

German, French, Spanish and Portuguese replies are read with the same strategy names
and positions, from the cues in :mod:`opsdesk.tone.lexicon_intl`, so one set of
fitted strategy weights scores all five languages.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

from opsdesk.tone import lexicon, lexicon_intl
from opsdesk.tone.phrases import PHRASEBOOKS


class Position(enum.Enum):
    ANYWHERE = "anywhere"
    SENTENCE_START = "sentence_start"
    NOT_SENTENCE_START = "not_sentence_start"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Strategy:
    name: str
    pattern: re.Pattern[str]
    position: Position = Position.ANYWHERE
    # Commands end with "." or "!"; "Do you have the number?" is a question, not one.
    statements_only: bool = False


@dataclass(frozen=True)
class Finding:
    strategy: str
    spans: tuple[Span, ...]


def _words(alternatives: Iterable[str]) -> re.Pattern[str]:
    """Case-insensitive alternation matched on word boundaries (apostrophes count as word)."""
    body = "|".join(alternatives)
    return re.compile(rf"(?<![\w'])(?:{body})(?![\w'])", re.IGNORECASE)


def _literal(words: Iterable[str]) -> re.Pattern[str]:
    return _words(re.escape(w).replace(r"\ ", r"\s+") for w in words)


_MODAL_YOU = r"\s+(?:you|u)\b"

STRATEGIES: tuple[Strategy, ...] = (
    Strategy("gratitude", _words(lexicon.GRATITUDE)),
    Strategy("deference", _literal(lexicon.DEFERENCE_OPENERS), Position.SENTENCE_START),
    Strategy("greeting", _words(lexicon.GREETINGS), Position.SENTENCE_START),
    Strategy("positive_lexicon", _literal(lexicon.POSITIVE_WORDS)),
    Strategy("negative_lexicon", _literal(lexicon.NEGATIVE_WORDS)),
    Strategy("apologizing", _words(lexicon.APOLOGIES)),
    Strategy("please", _literal(["please", "pls", "plz"]), Position.NOT_SENTENCE_START),
    Strategy("please_start", _literal(["please", "pls", "plz"]), Position.SENTENCE_START),
    Strategy("indirect_btw", _words([r"by\s+the\s+way", "btw", "incidentally"])),
    Strategy("direct_question", _literal(lexicon.QUESTION_WORDS), Position.SENTENCE_START),
    Strategy("direct_start", _literal(lexicon.DIRECT_OPENERS), Position.SENTENCE_START),
    Strategy("counterfactual_modal", _words([rf"(?:could|would){_MODAL_YOU}"])),
    Strategy("indicative_modal", _words([rf"(?:can|will){_MODAL_YOU}"])),
    Strategy("first_person_start", _literal(lexicon.FIRST_PERSON), Position.SENTENCE_START),
    Strategy("first_person_plural", _literal(lexicon.FIRST_PERSON_PLURAL)),
    Strategy("first_person", _literal(lexicon.FIRST_PERSON), Position.NOT_SENTENCE_START),
    Strategy("second_person", _literal(lexicon.SECOND_PERSON), Position.NOT_SENTENCE_START),
    Strategy("second_person_start", _literal(lexicon.SECOND_PERSON), Position.SENTENCE_START),
    Strategy("hedges", _words(lexicon.HEDGES)),
    Strategy("factuality", _words(lexicon.FACTUALITY)),
    Strategy("subjunctive", _words(lexicon.SUBJUNCTIVE)),
    Strategy(
        "imperative",
        _literal(lexicon.IMPERATIVE_VERBS),
        Position.SENTENCE_START,
        statements_only=True,
    ),
    Strategy("blaming", _words(lexicon.BLAMING)),
    Strategy("vague_time", _words(lexicon.VAGUE_TIME)),
)


def _table(language: str) -> tuple[Strategy, ...]:
    """The English strategies' names and positions with ``language``'s cues."""
    cues = lexicon_intl.LEXICONS[language]
    table = [
        Strategy(s.name, _words(cues[s.name]), s.position, s.statements_only)
        for s in STRATEGIES
        if cues.get(s.name)
    ]
    table.append(Strategy("vague_time", PHRASEBOOKS[language].vague_time))
    table.extend(Strategy(name, _words(cues[name])) for name in lexicon_intl.REGISTER_STRATEGIES)
    return tuple(table)


TABLES: dict[str, tuple[Strategy, ...]] = {
    "en": STRATEGIES,
    **{language: _table(language) for language in lexicon_intl.LEXICONS},
}

STRATEGY_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys(s.name for table in TABLES.values() for s in table)
)

# A sentence starts at the text's start or after . ! ? or a line break; quotes,
# brackets, list bullets and Spanish opening marks before the first word are skipped.
_SENTENCE_START = re.compile(r"(?:^|[.!?]+\s+|\n\s*)[\"'(\[*\-•¿¡\s]*", re.MULTILINE)


def sentence_starts(text: str) -> frozenset[int]:
    """Offsets of the first character of every sentence's first word."""
    return frozenset(m.end() for m in _SENTENCE_START.finditer(text))


_SENTENCE_END = re.compile(r"[.!?]+|\n|$")


def _in_question(text: str, start: int) -> bool:
    end = _SENTENCE_END.search(text, start)
    return end is not None and "?" in end.group(0)


def _admits(strategy: Strategy, start: int, starts: frozenset[int]) -> bool:
    if strategy.position is Position.SENTENCE_START:
        return start in starts
    if strategy.position is Position.NOT_SENTENCE_START:
        return start not in starts
    return True


def find_strategy(strategy: Strategy, text: str, starts: frozenset[int]) -> tuple[Span, ...]:
    return tuple(
        Span(m.start(), m.end(), m.group(0))
        for m in strategy.pattern.finditer(text)
        if _admits(strategy, m.start(), starts)
        and not (strategy.statements_only and _in_question(text, m.start()))
    )


def detect(text: str, language: str = "en") -> list[Finding]:
    """Every strategy present in ``text``, in the order of ``language``'s table
    (English for a language without one)."""
    starts = sentence_starts(text)
    findings = []
    for strategy in TABLES.get(language, STRATEGIES):
        spans = find_strategy(strategy, text, starts)
        if spans:
            findings.append(Finding(strategy.name, spans))
    return findings
