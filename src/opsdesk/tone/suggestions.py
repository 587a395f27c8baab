"""Concrete rewrites for curt or vague replies: what to change, where, and into what.

Every suggestion names the span of the reply it replaces (``start == end`` means an
insertion) and a replacement in the reply's language. Dates and tracking links come
from the request's context; without them the replacement keeps a placeholder
(``{estimated_delivery_date}``, ``{tracking_url}``) for the agent's UI to fill.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from opsdesk.tone import explain
from opsdesk.tone.phrases import INSTEAD_OF_RUDE, PHRASEBOOKS, Phrasebook
from opsdesk.tone.rudeness import Marker, find_markers
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
    markers: tuple[Marker, ...] = ()


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


RUDE_KIND = "rude_wording"
# The suggestion's kind by the worst wording in the sentence (the rest are "rude_wording").
_KIND_OF_MARKER = {"blame": "blaming", "wait_only": "curt_wait"}
REWRITE_KINDS = frozenset({RUDE_KIND, *_KIND_OF_MARKER.values()})
# "As I said, the parcel …" keeps its content: only the reproach is reworded (English).
_AS_I_SAID = re.compile(r"^(?:as|like)\s+i\s+(?:said|told\s+you)$", re.IGNORECASE)


def _is_wait_only(sentence: Sentence, marker: Marker) -> bool:
    return marker.kind == "curt" and marker.span.text.strip() == sentence.text.strip()


def _instead_of_rude(reply: Reply, sentence: Sentence, worst: Marker, nth: int) -> str:
    if _is_wait_only(sentence, worst):
        return reply.book.wait_politely
    phrases = INSTEAD_OF_RUDE.get(reply.book.language, INSTEAD_OF_RUDE["en"])
    if nth > 1:
        return phrases["again"] if nth == 2 else ""
    return phrases["blame" if worst.kind == "blame" else "other"]


def _greeting_prefix(reply: Reply, sentence: Sentence) -> str:
    """ "Hello Maria, " opening a rude sentence: kept when the sentence is rewritten."""
    cue = reply.book.greeting_cues.match(sentence.text)
    if cue is None:
        return ""
    rest = _GREETING_END.match(sentence.text, cue.end())
    return sentence.text[: rest.end()] if rest else ""


_GREETING_END = re.compile(r"[^,:\n.!?]{0,40}[,:!]\s*")


def _as_mentioned(reply: Reply, inside: list[Marker]) -> Suggestion | None:
    if reply.book.language != "en" or len(inside) != 1 or not _AS_I_SAID.match(inside[0].span.text):
        return None
    span = inside[0].span
    new = "As mentioned" if span.text[0].isupper() else "as mentioned"
    message = explain.describe_marker(inside[0])
    return Suggestion("blaming", message, span.text, new, span.start, span.end)


def suggest_instead_of_rude(reply: Reply) -> list[Suggestion]:
    """A sentence with rude or curt wording is rewritten whole, never just softened:
    "please" added to "stop asking" would keep it rude."""
    suggestions: list[Suggestion] = []
    for sentence in reply.sentences:
        inside = [m for m in reply.markers if sentence.start <= m.span.start < sentence.end]
        if not inside:
            continue
        if (reworded := _as_mentioned(reply, inside)) is not None:
            suggestions.append(reworded)
            continue
        worst = max(inside, key=lambda m: (m.severity, m.kind == "blame"))
        new = _instead_of_rude(reply, sentence, worst, len(suggestions) + 1)
        prefix = _greeting_prefix(reply, sentence)
        if prefix and new:
            new = prefix + (_lower_first(new) if prefix.rstrip().endswith(",") else new)
        kind = _KIND_OF_MARKER.get("wait_only" if _is_wait_only(sentence, worst) else worst.kind)
        message = explain.describe_marker(worst)
        suggestions.append(_rewrite(sentence, kind or RUDE_KIND, message, new))
    return suggestions


def _overlaps(suggestion: Suggestion, rewrite: Suggestion) -> bool:
    if suggestion.start == suggestion.end:  # an insertion: only inside the rewritten text
        return rewrite.start < suggestion.start < rewrite.end
    return suggestion.start < rewrite.end and rewrite.start < suggestion.end


def _without_overlaps(found: list[Suggestion]) -> list[Suggestion]:
    """Rewrites of rude sentences win over other suggestions for the same words."""
    rewrites = [s for s in found if s.kind in REWRITE_KINDS]
    kept = [s for s in found if s in rewrites or not any(_overlaps(s, r) for r in rewrites)]
    # Two rules may propose the same rewrite (a bare "Wait."): keep the first.
    return list({(s.start, s.end, s.kind): s for s in reversed(kept)}.values())[::-1]


RULES: tuple[Callable[[Reply], list[Suggestion]], ...] = (
    suggest_instead_of_rude,
    suggest_greeting,
    suggest_polite_wait,
    suggest_delay_apology,
    suggest_specific_dates,
    suggest_requests,
    suggest_closing,
)


def suggest(
    text: str,
    language: str,
    findings: list[Finding],
    context: ReplyContext | None = None,
    markers: Sequence[Marker] | None = None,
) -> list[Suggestion]:
    """Every rewrite the rules propose for ``text``, in reading order. ``markers`` are
    the rude wordings already found (found here when not given)."""
    reply = Reply(
        text=text,
        sentences=split_sentences(text),
        book=PHRASEBOOKS.get(language, PHRASEBOOKS["en"]),
        context=context or ReplyContext(),
        findings={f.strategy: f for f in findings},
        markers=tuple(find_markers(text, language) if markers is None else markers),
    )
    found = _without_overlaps([s for rule in RULES for s in rule(reply)])
    return sorted(found, key=lambda s: (s.start, s.end))
