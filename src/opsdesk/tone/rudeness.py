"""Rude content that no politeness marker can cancel: the ceiling on a reply's score.

A linear score adds evidence, so "please", "thank you" and "sorry" can outweigh "stop
asking" and "not our problem" — the suggestion-gaming the coach must resist. Here the
rude wording sets a *ceiling* instead: the score can be no higher than the worst
sentence allows, whatever else the reply says.

- a rude marker (dismissal, blame, sarcasm, insult) caps the score below "impolite";
- a curt marker (a bare "wait", "read the FAQ", shouting) caps it below "polite";
  two curt markers count as rude.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import cache

from opsdesk.tone.rude_lexicon import CURT_KINDS, MARKERS, RUDE_KINDS, WAIT_ONLY
from opsdesk.tone.strategies import Span

RUDE_CEILING = 0.2
CURT_CEILING = 0.5
CURT_MARKERS_THAT_ARE_RUDE = 2


class Severity(enum.IntEnum):
    CURT = 1
    RUDE = 2


@dataclass(frozen=True)
class Marker:
    kind: str
    severity: Severity
    span: Span


@dataclass(frozen=True)
class _Detector:
    kind: str
    severity: Severity
    pattern: re.Pattern[str]
    whole_sentence: bool = False  # the pattern must be all the sentence holds


def _alternation(alternatives: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'])(?:{'|'.join(alternatives)})(?![\w'])", re.IGNORECASE)


# Three or more words in capitals in a row, or a run of !!! / ???: shouting.
_SHOUTING = re.compile(r"\b[A-ZÄÖÜÀ-Þ]{3,}(?:[\s,]+[A-ZÄÖÜÀ-Þ]{3,}\b){2,}|[!?]{3,}")
_SENTENCE = re.compile(r"[^.!?…\n]+[.!?…]*")


def _wait_only(language: str) -> re.Pattern[str]:
    wait, softeners = WAIT_ONLY.get(language, WAIT_ONLY["en"])
    soft = rf"(?:(?:{softeners})[\s,]*)*"
    return re.compile(rf"[\s¡]*{soft}{wait}[\s,]*{soft}[.!…]*\s*", re.IGNORECASE)


@cache
def _detectors(language: str) -> tuple[_Detector, ...]:
    lexicon = MARKERS.get(language, MARKERS["en"])
    detectors = [
        _Detector(kind, Severity.RUDE if kind in RUDE_KINDS else Severity.CURT, _alternation(alts))
        for kind, alts in lexicon.items()
        if kind in RUDE_KINDS + CURT_KINDS
    ]
    detectors.append(_Detector("curt", Severity.CURT, _wait_only(language), whole_sentence=True))
    detectors.append(_Detector("shouting", Severity.CURT, _SHOUTING))
    return tuple(detectors)


def _spans(detector: _Detector, text: str) -> list[tuple[int, int]]:
    if not detector.whole_sentence:
        return [m.span() for m in detector.pattern.finditer(text)]
    return [m.span() for m in _SENTENCE.finditer(text) if detector.pattern.fullmatch(m.group(0))]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    return start, end


def find_markers(text: str, language: str) -> list[Marker]:
    """Every rude or curt wording in ``text``, in reading order, without overlaps
    (where two overlap, the more severe and then the longer is kept)."""
    found: list[Marker] = []
    for detector in _detectors(language):
        for raw_start, raw_end in _spans(detector, text):
            start, end = _trimmed(text, raw_start, raw_end)
            if start < end:
                span = Span(start, end, text[start:end])
                found.append(Marker(detector.kind, detector.severity, span))
    found.sort(key=lambda m: (m.span.start, -m.severity, -(m.span.end - m.span.start)))
    kept: list[Marker] = []
    for marker in found:
        if not kept or marker.span.start >= kept[-1].span.end:
            kept.append(marker)
    return kept


def ceiling(markers: list[Marker]) -> float | None:
    """The highest score a reply with ``markers`` may get, or None when nothing caps it."""
    if any(m.severity is Severity.RUDE for m in markers):
        return RUDE_CEILING
    curt = sum(m.severity is Severity.CURT for m in markers)
    if curt >= CURT_MARKERS_THAT_ARE_RUDE:
        return RUDE_CEILING
    return CURT_CEILING if curt else None
