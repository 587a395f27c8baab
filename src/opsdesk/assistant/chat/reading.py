"""Reading one customer message: intent, language, entities — the NLU's view as a ``Turn``."""

from __future__ import annotations

from datetime import date
from typing import Any

from opsdesk.assistant.chat.identity import store_order_numbers
from opsdesk.assistant.dialogue import Turn
from opsdesk.assistant.nlu import EntityKind, classify, detect_language, extract_entities

MIN_WORDS_TO_SWITCH_LANGUAGE = 3


def _language(text: str, current: str) -> str:
    """The message's language, but a name, an address or "ok" does not switch the chat."""
    words = [w for w in text.split() if sum(c.isalpha() for c in w) >= 2 and "@" not in w]
    if len(words) < MIN_WORDS_TO_SWITCH_LANGUAGE:
        return current
    guess = detect_language(text, default=current)
    return guess.language if guess.reliable else current


def read_turn(
    text: str, *, fallback_language: str, today: date
) -> tuple[Turn, list[dict[str, Any]]]:
    """The turn, and its entities as JSON for the message row and the handover note."""
    prediction = classify(text)
    language = _language(text, fallback_language)
    own = store_order_numbers(text)
    # "OD-K1V95154GY" is one order number, not a postcode 95154 inside a SKU.
    entities = [e for e in extract_entities(text, reference_date=today, language=language)
                if not any(start <= e.start and e.end <= end for _n, start, end in own)]  # fmt: skip
    numbers = [e.value for e in entities if e.kind is EntityKind.ORDER_NUMBER]
    numbers += [n for n, _start, _end in own if n not in numbers]
    emails = tuple(e.value for e in entities if e.kind is EntityKind.EMAIL)
    postcodes = tuple(e.value for e in entities if e.kind is EntityKind.POSTAL_CODE)
    turn = Turn(text=text, intent=prediction.intent, confidence=prediction.confidence,
                language=language, order_numbers=tuple(numbers), emails=emails,
                postal_codes=postcodes)  # fmt: skip
    stored = [{"kind": "order_number", "value": n} for n in numbers]
    stored += [{"kind": e.kind.value, "value": e.value} for e in entities
               if e.kind is not EntityKind.ORDER_NUMBER and e.value not in numbers]  # fmt: skip
    return turn, stored
