"""The coach's score in five languages: rude wording caps it, gaming does not lift it."""

from __future__ import annotations

from pathlib import Path

import pytest

from opsdesk.tone import ToneLabel, check_tone, describe_strategy, find_markers
from opsdesk.tone.reply_set import EXPECTED, Reply, read_replies
from opsdesk.tone.rudeness import CURT_CEILING, RUDE_CEILING, ceiling
from opsdesk.tone.strategies import STRATEGY_NAMES
from opsdesk.tone.suggestions import Suggestion

REPLY_SETS = Path(__file__).parents[1] / "data" / "tone"
REPLIES = read_replies(REPLY_SETS)


def _id(reply: Reply) -> str:
    return f"{reply.language}-{reply.kind}-{reply.text[:30]}"


def apply_all(text: str, suggestions: tuple[Suggestion, ...]) -> str:
    for s in sorted(suggestions, key=lambda s: (s.start, s.end), reverse=True):
        text = text[: s.start] + s.replacement + text[s.end :]
    return text


def test_the_reply_set_has_forty_replies_of_every_kind_mix_in_each_language() -> None:
    for language in ("en", "de", "fr", "es", "pt"):
        kinds = [r.kind for r in REPLIES if r.language == language]
        assert len(kinds) >= 40, language
        assert {kinds.count(k) for k in EXPECTED} >= {12}, language


@pytest.mark.parametrize("reply", REPLIES, ids=_id)
def test_each_hand_written_reply_gets_the_label_its_kind_expects(reply: Reply) -> None:
    report = check_tone(reply.text, reply.language)
    assert report.label in EXPECTED[reply.kind], (round(report.score, 3), report.markers)


def test_the_issues_rude_reply_stays_down_after_its_suggestions_are_gamed() -> None:
    rude = check_tone("Your order shipped. Stop asking, just wait. Not our problem if DPD is slow.")
    assert rude.label is ToneLabel.IMPOLITE
    gamed = check_tone("Could you please stop asking, just wait? Let me explain what happened…")
    assert gamed.score <= RUDE_CEILING  # was 97/100 before the ceiling
    assert {m.kind for m in gamed.markers} == {"dismissal", "curt"}


@pytest.mark.parametrize("reply", [r for r in REPLIES if r.kind != "polite"], ids=_id)
def test_taking_every_suggestion_removes_the_rude_wording_instead_of_dressing_it_up(
    reply: Reply,
) -> None:
    report = check_tone(reply.text, reply.language)
    rewritten = apply_all(reply.text, report.suggestions)
    assert find_markers(rewritten, report.language) == []
    assert check_tone(rewritten, reply.language).label is not ToneLabel.IMPOLITE


def test_the_issues_very_polite_german_reply_is_polite_with_its_strategies_named() -> None:
    text = (
        "Hallo Frau Berger, vielen Dank für Ihre Nachricht. Es tut uns sehr leid, dass die "
        "Lieferung länger dauert. Gerne schicken wir Ihnen den Sendungslink."
    )
    report = check_tone(text, "de")
    assert report.label is ToneLabel.POLITE
    found = {s.name for s in report.strategies}
    assert {"gratitude", "apologizing", "greeting", "formal_address"} <= found


def test_a_dismissive_portuguese_reply_is_impolite_despite_its_greeting() -> None:
    report = check_tone("Olá, infelizmente não podemos fazer nada. Espere.", "pt-BR")
    assert report.label is ToneLabel.IMPOLITE
    assert [m.span.text for m in report.markers] == ["não podemos fazer nada", "Espere."]


@pytest.mark.parametrize(
    ("text", "language", "register"),
    [
        ("Könnten Sie uns bitte die Bestellnummer nennen?", "de", "formal_address"),
        ("Kannst du uns bitte die Bestellnummer nennen?", "de", "informal_address"),
        ("Pourriez-vous nous envoyer une photo ?", "fr", "formal_address"),
        ("Peux-tu nous envoyer une photo ?", "fr", "informal_address"),
        ("¿Podría usted enviarnos una foto?", "es", "formal_address"),
        ("O senhor poderia nos enviar uma foto?", "pt", "formal_address"),
    ],
)
def test_each_languages_register_is_found(text: str, language: str, register: str) -> None:
    names = {s.name for s in check_tone(text, language).strategies}
    assert register in names
    assert "counterfactual_modal" in names or "indicative_modal" in names


def test_one_curt_order_holds_a_reply_below_polite_and_two_below_impolite() -> None:
    one = find_markers("Thanks for writing! Please just wait.", "en")
    two = find_markers("Thanks! Just wait. Read the FAQ.", "en")
    assert ceiling(one) == CURT_CEILING
    assert ceiling(two) == RUDE_CEILING
    assert ceiling(find_markers("Please allow me a moment to check.", "en")) is None


def test_the_agent_sees_words_not_feature_names_for_every_strategy() -> None:
    for name in STRATEGY_NAMES:
        words = describe_strategy(name)
        assert "_" not in words, name
        assert words.lower() != name.replace("_", " "), name
    assert "accusation" in describe_strategy("second_person_start")
