"""The coach on every hand-written agent reply set, per language: a floor, not a
reply-by-reply match (the main set is matched reply by reply in test_tone_coach.py).

``agents/`` was written before it was first scored (then: en 92.9 %, de 71.4 %, fr 92.9 %,
es 92.9 %, pt 71.4 %): factual German, Spanish, French and Portuguese macros that end
with an offer of help, and rude replies dressed up to game the suggestions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from opsdesk.tone import ToneLabel, check_tone
from opsdesk.tone.reply_set import evaluate, read_replies

TONE_DATA = Path(__file__).parents[1] / "data" / "tone"
ALL_SETS = [r for folder in ("", "holdout", "agents") for r in read_replies(TONE_DATA / folder)]
AGENTS = read_replies(TONE_DATA / "agents")
LANGUAGES = ("en", "de", "fr", "es", "pt")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_coach_is_right_on_nine_in_ten_replies_of_every_language(language: str) -> None:
    result = evaluate(r for r in ALL_SETS if r.language == language)[language]
    assert sum(result.total.values()) >= 60
    assert result.accuracy >= 0.9, [m.reply.text for m in result.misses]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_gamed_or_rude_agent_reply_scores_polite(language: str) -> None:
    result = evaluate(r for r in AGENTS if r.language == language)[language]
    assert result.accuracy >= 0.7
    polite_misses = [m for m in result.misses if m.reply.kind != "polite"]
    assert len(polite_misses) <= 1, [m.reply.text for m in polite_misses]


def test_a_german_solved_macro_with_an_offer_of_help_is_no_longer_impolite() -> None:
    macro = (
        "Ihre Bestellung wurde heute versandt. Die Sendungsnummer finden Sie in der "
        "Versandbestätigung. Bei Fragen stehen wir Ihnen gerne zur Verfügung."
    )
    report = check_tone(macro, "de")
    assert report.label is ToneLabel.POLITE
    assert "offer_help" in {s.name for s in report.strategies}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Votre colis est parti. N'hésitez pas à nous écrire si besoin.", "fr"),
        ("Su paquete ya salió. Quedamos a su disposición para cualquier consulta.", "es"),
        ("Seu pacote já saiu. Estamos à disposição para qualquer dúvida.", "pt"),
    ],
)
def test_an_offer_of_help_lifts_a_factual_reply(text: str, language: str) -> None:
    plain = check_tone(text.split(".")[0] + ".", language)
    offered = check_tone(text, language)
    assert offered.score > plain.score
    assert offered.label is not ToneLabel.IMPOLITE


def test_a_possessive_your_at_the_start_is_not_an_accusing_you() -> None:
    starts = {s.name for s in check_tone("Ihre Bestellung ist unterwegs.", "de").strategies}
    assert "second_person_start" not in starts
    accusing = {
        s.name for s in check_tone("Sie haben die falsche Adresse angegeben.", "de").strategies
    }
    assert "second_person_start" in accusing


@pytest.mark.parametrize(
    ("text", "language", "dismissive"),
    [
        ("Desculpe, mas isso é problema seu. Obrigado pela compreensão!", "pt", True),
        ("Lo siento, pero es problema suyo. ¡Gracias!", "es", True),
        ("Não é problema seu, nós resolvemos hoje.", "pt", False),
        ("No es problema suyo, lo resolvemos hoy.", "es", False),
        ("Thanks! Please stop e-mailing us every day.", "en", True),
    ],
)
def test_your_problem_after_the_noun_and_a_hyphenated_stop_are_dismissals(
    text: str, language: str, dismissive: bool
) -> None:
    kinds = {m.kind for m in check_tone(text, language).markers}
    assert ("dismissal" in kinds) is dismissive
