"""Every text the product writes for customers by itself must pass its own tone coach."""

from __future__ import annotations

import re
from datetime import date

import pytest

from opsdesk.proactive import phrases as proactive_phrases
from opsdesk.support.actions import drafts
from opsdesk.support.actions.schemas import ActionKind
from opsdesk.support.macro_defaults import DEFAULT_MACROS
from opsdesk.tone import ToneLabel, check_tone

SLOTS = {
    "customer_first_name": "Anna", "order_number": "OD-1042", "order_status": "on its way",
    "carrier": "DHL", "estimated_delivery_date": "14.12.", "tracking_link":
    "https://track.example.com/OD-1042", "ticket_reference": "T-88", "store_name": "Lumen Home",
}  # fmt: skip
FACTS = {
    "order_number": "OD-1042", "items": (("Desk lamp", 1),), "replacement_number": "OD-1043",
    "return_number": "RMA-7", "service_level": "express", "town": "5 Main Street, Cork",
    "code": "SORRY-10", "percent_bp": 1000, "expires": date(2027, 1, 31), "amount_minor": 2490,
    "currency": "EUR", "promised": date(2026, 12, 14),
}  # fmt: skip


def _filled(body: str) -> str:
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: SLOTS.get(m.group(1), m.group(1)), body)


def _assert_polite(text: str, locale: str) -> None:
    report = check_tone(text, locale)
    assert report.label is ToneLabel.POLITE, (round(report.score, 3), report.markers, text)
    assert report.language == locale.split("-")[0]


@pytest.mark.parametrize(
    ("name", "locale", "body"), DEFAULT_MACROS, ids=[m[0] for m in DEFAULT_MACROS]
)
def test_every_built_in_macro_scores_polite_in_its_language(
    name: str, locale: str, body: str
) -> None:
    _assert_polite(_filled(body), locale)


@pytest.mark.parametrize("locale", ["en", "de", "fr", "es", "pt-BR"])
@pytest.mark.parametrize("kind", list(drafts._DRAFTS["en"]))
def test_every_action_draft_scores_polite_in_every_language(kind: ActionKind, locale: str) -> None:
    facts = drafts.Facts(kind, "agent:Bea", **FACTS)  # type: ignore[arg-type]
    _assert_polite(drafts.draft_reply(facts, first_name="Anna", locale_tag=locale), locale)


@pytest.mark.parametrize("key", list(proactive_phrases.NEXT_STEPS))
def test_every_exception_note_scores_polite_in_every_language_and_register(key: str) -> None:
    language = proactive_phrases.language(key.split("-formal")[0].split("-informal")[0])
    for what in proactive_phrases.EXCEPTIONS[language].values():
        note = proactive_phrases.NEXT_STEPS[key].format(
            name="Anna", what=what.format(order="OD-1042"), ticket="T-88", store="Lumen Home"
        )
        _assert_polite(note, language)
