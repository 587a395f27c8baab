"""The shipped training phrases: parsing, deterministic expansion, coverage per language."""

from __future__ import annotations

import random
from collections import Counter

from opsdesk.assistant.nlu.intents import COMMON_INTENTS, LANGUAGES, Intent
from opsdesk.assistant.nlu.normalize import normalize
from opsdesk.assistant.phrases import (
    SLOT_VALUES,
    add_typo,
    expand,
    load_phrases,
    parse_phrase_file,
)

SAMPLE = """
# comment
@verb
i want to {}
how do i {}
@noun
help with {}
[cancel_order]
= cancel ORDERNUM
~ a cancellation
stop it now
"""


def test_cores_are_wrapped_and_slots_filled() -> None:
    phrases = {
        p.text for p in expand(parse_phrase_file(SAMPLE), "en") if p.intent == "cancel_order"
    }
    order_numbers = SLOT_VALUES["ORDERNUM"]
    assert any(f"i want to cancel {n}" in phrases for n in order_numbers)
    assert any(f"how do i cancel {n}" in phrases for n in order_numbers)
    assert {"help with a cancellation", "stop it now"} <= phrases
    assert not [p for p in phrases if "ORDERNUM" in p]


def test_expansion_is_deterministic() -> None:
    assert load_phrases(("en",)) == load_phrases(("en",))


def test_a_typo_changes_one_word_by_one_letter() -> None:
    original = "please cancel my order"
    changed = add_typo(original, random.Random(3))
    diffs = [(a, b) for a, b in zip(original.split(), changed.split(), strict=True) if a != b]
    assert len(diffs) == 1
    assert abs(len(diffs[0][0]) - len(diffs[0][1])) <= 1


def test_every_intent_has_plenty_of_english_phrases() -> None:
    counts = Counter(p.intent for p in load_phrases(("en",)))
    assert {i.value for i in Intent} == set(counts)
    assert min(counts.values()) >= 40


def test_common_intents_have_phrases_in_every_language() -> None:
    counts = Counter((p.language, p.intent) for p in load_phrases(LANGUAGES))
    thin = [
        (lang, i.value) for lang in LANGUAGES for i in COMMON_INTENTS if counts[lang, i.value] < 10
    ]
    assert thin == []


def test_english_phrases_are_varied_not_one_template() -> None:
    phrases = [p for p in load_phrases(("en",)) if p.intent == Intent.TRACK_ORDER]
    lengths = [len(p.text.split()) for p in phrases]
    assert min(lengths) <= 2
    assert max(lengths) >= 12
    distinct_starts = {p.text.split()[0] for p in phrases}
    assert len(distinct_starts) >= 15


def test_no_phrase_normalises_to_nothing() -> None:
    assert [p.text for p in load_phrases() if not normalize(p.text)] == []
