"""Concrete rewrites for curt or vague replies: what to change, where, and into what.

Every suggestion names the span of the reply it replaces (``start == end`` means an
insertion) and a replacement in the reply's language. Dates and tracking links come
from the request's context; without them the replacement keeps a placeholder
(``{estimated_delivery_date}``, ``{tracking_url}``) for the agent's UI to fill.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from opsdesk.tone.phrases import PHRASEBOOKS, Phrasebook
from opsdesk.tone.strategies import Finding

DATE_PLACEHOLDER = "{estimated_delivery_date}"
TRACKING_PLACEHOLDER = "{tracking_url}"


@dataclass(frozen=True)
class ReplyContext:
    customer_name: str | None = None
    estimated_delivery_date: date | None = None
    tracking_url: str | None = None


@dataclass(frozen=True)
class Suggestion:
    kind: str
    message: str
    original: str
    replacement: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Reply:
    """The reply being coached, with what the rules share."""

    text: str
    sentences: tuple[Sentence, ...]
    book: Phrasebook
    context: ReplyContext
    findings: dict[str, Finding]


_SENTENCE = re.compile(r"[^\s.!?][^.!?\n]*(?:[.!?…]+|$)", re.MULTILINE)
_URL = re.compile(r"https?://\S+", re.IGNORECASE)


def split_sentences(text: str) -> tuple[Sentence, ...]:
    return tuple(Sentence(m.start(), m.end(), m.group(0)) for m in _SENTENCE.finditer(text))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _delivery_date(reply: Reply) -> str:
    day = reply.context.estimated_delivery_date
    if day is None:
        return DATE_PLACEHOLDER
    return format_date(day, format=reply.book.date_format, locale=reply.book.language)


def _rewrite(sentence: Sentence, kind: str, message: str, new: str) -> Suggestion:
    return Suggestion(kind, message, sentence.text, new, sentence.start, sentence.end)


def suggest_polite_wait(reply: Reply) -> list[Suggestion]:
    return [
        _rewrite(
            s,
            "curt_wait",
            "A bare “wait” sounds curt; say what you are doing for the customer.",
            reply.book.wait_politely,
        )
        for s in reply.sentences
        if reply.book.curt_wait.match(s.text)
    ]


# "will arrive soon" → "is expected to arrive by <date>" reads better than "will arrive by".
_ENGLISH_ARRIVAL = re.compile(
    r"\bwill\s+(arrive|be\s+delivered|reach\s+you|be\s+with\s+you)\s+$", re.IGNORECASE
)


def _dated(sentence: str, match: re.Match[str], reply: Reply) -> str:
    by_date = reply.book.by_date.format(date=_delivery_date(reply))
    before = sentence[: match.start()]
    arrival = _ENGLISH_ARRIVAL.search(before) if reply.book.language == "en" else None
    if arrival is not None:
        before = f"{before[: arrival.start()]}is expected to {arrival.group(1)} "
    return before + by_date + sentence[match.end() :]


def _tracking_sentence(reply: Reply) -> str:
    url = reply.context.tracking_url or TRACKING_PLACEHOLDER
    # No full stop after the link: it would end up inside the URL when autolinked.
    return reply.book.tracking.format(tracking_url=url)


def suggest_specific_dates(reply: Reply) -> list[Suggestion]:
    """Vague time words → a date, and for deliveries a tracking link (unless one is there)."""
    suggestions = []
    has_link = _URL.search(reply.text) is not None
    for sentence in reply.sentences:
        match = reply.book.vague_time.search(sentence.text)
        if match is None:
            continue
        replacement = _dated(sentence.text, match, reply)
        message = f"“{match.group(0)}” is vague; give the customer a date."
        if not has_link and reply.book.delivery_cues.search(sentence.text):
            replacement = f"{replacement} {_tracking_sentence(reply)}"
            message = f"“{match.group(0)}” is vague; give a date and a tracking link."
        suggestions.append(_rewrite(sentence, "vague_time", message, replacement))
    return suggestions


def suggest_delay_apology(reply: Reply) -> list[Suggestion]:
    if reply.book.apology_cues.search(reply.text):
        return []
    for sentence in reply.sentences:
        if reply.book.delay_cues.search(sentence.text):
            return [
                Suggestion(
                    "missing_apology",
                    "The reply mentions a delay without apologising for it.",
                    "",
                    reply.book.delay_apology + " ",
                    sentence.start,
                    sentence.start,
                )
            ]
    return []


_GERMAN_COMMAND = re.compile(r"^(\w+en)\s+Sie\b(?!.*\?\s*$)", re.IGNORECASE)
_FRENCH_COMMAND = re.compile(r"^\w+ez\b(?!.*\?\s*$)", re.IGNORECASE)
_PLEASE = {
    "en": re.compile(r"\bplease\b", re.IGNORECASE),
    "de": re.compile(r"\bbitte\b", re.IGNORECASE),
    "fr": re.compile(r"s'il\s+vous\s+pla[iî]t|\bveuillez\b|\bmerci\s+de\b", re.IGNORECASE),
}


def _english_request(sentence: str) -> str:
    body = sentence.rstrip(".!… ")
    if re.match(r"(?:don't|do\s+not)\b", body, re.IGNORECASE):
        return f"Please {_lower_first(body)}."
    return f"Could you please {_lower_first(body)}?"


def _command_sentences(reply: Reply) -> list[tuple[Sentence, str]]:
    """Sentences that are bare commands, each with its polite request form."""
    language, found = reply.book.language, []
    starts = {span.start for span in getattr(reply.findings.get("imperative"), "spans", ())}
    for s in reply.sentences:
        if (
            language not in _PLEASE
            or _PLEASE[language].search(s.text)
            or reply.book.curt_wait.match(s.text)
        ):
            continue
        if language == "en" and s.start in starts:
            found.append((s, _english_request(s.text)))
        elif language == "de" and _GERMAN_COMMAND.match(s.text):
            found.append((s, f"Bitte {_lower_first(s.text)}"))
        elif language == "fr" and _FRENCH_COMMAND.match(s.text):
            found.append((s, f"{s.text.rstrip('.!… ')}, s'il vous plaît."))
    return found


def suggest_requests(reply: Reply) -> list[Suggestion]:
    return [
        _rewrite(s, "imperative", "A bare command sounds curt; ask politely instead.", new)
        for s, new in _command_sentences(reply)
    ]


_AS_I_SAID = re.compile(r"^(?:as|like)\s+i\b", re.IGNORECASE)
NEUTRAL_EXPLANATION = "Let me explain what happened and how we can put it right."


def suggest_neutral_wording(reply: Reply) -> list[Suggestion]:
    """Blaming wording (English): soften "as I said", rewrite sentences that assign fault."""
    blaming = reply.findings.get("blaming")
    if blaming is None or reply.book.language != "en":
        return []
    suggestions: list[Suggestion] = []
    for span in blaming.spans:
        message = f"“{span.text}” sounds like blame; describe what happened and the next step."
        if _AS_I_SAID.match(span.text):
            replacement = "as mentioned" if span.text[0].islower() else "As mentioned"
            suggestions.append(
                Suggestion("blaming", message, span.text, replacement, span.start, span.end)
            )
            continue
        sentence = next((s for s in reply.sentences if s.start <= span.start < s.end), None)
        if sentence is not None and all(s.start != sentence.start for s in suggestions):
            suggestions.append(_rewrite(sentence, "blaming", message, NEUTRAL_EXPLANATION))
    return suggestions


def suggest_greeting(reply: Reply) -> list[Suggestion]:
    if reply.book.greeting_cues.search(reply.text):
        return []
    name = (reply.context.customer_name or "").strip()
    greeting = reply.book.greeting.format(name=name) if name else reply.book.greeting_without_name
    return [
        Suggestion(
            "missing_greeting", "Open the reply with a greeting.", "", f"{greeting}\n\n", 0, 0
        )
    ]


def suggest_closing(reply: Reply) -> list[Suggestion]:
    if reply.book.closing_cues.search(reply.text):
        return []
    end = len(reply.text.rstrip())
    closing = f"\n\n{reply.book.closing}"
    return [
        Suggestion("missing_closing", "Close with an offer of further help.", "", closing, end, end)
    ]


RULES: tuple[Callable[[Reply], list[Suggestion]], ...] = (
    suggest_greeting,
    suggest_polite_wait,
    suggest_delay_apology,
    suggest_specific_dates,
    suggest_requests,
    suggest_neutral_wording,
    suggest_closing,
)


def suggest(
    text: str,
    language: str,
    findings: list[Finding],
    context: ReplyContext | None = None,
) -> list[Suggestion]:
    """Every rewrite the rules propose for ``text``, in reading order."""
    reply = Reply(
        text=text,
        sentences=split_sentences(text),
        book=PHRASEBOOKS.get(language, PHRASEBOOKS["en"]),
        context=context or ReplyContext(),
        findings={f.strategy: f for f in findings},
    )
    found = [s for rule in RULES for s in rule(reply)]
    return sorted(found, key=lambda s: (s.start, s.end))
