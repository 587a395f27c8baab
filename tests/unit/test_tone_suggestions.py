from __future__ import annotations

from datetime import date

import pytest

from opsdesk.kernel.errors import InvalidInput
from opsdesk.tone import ReplyContext, Suggestion, check_tone, detect, detect_language, suggest

FRIDAY = ReplyContext(
    customer_name="Lena",
    estimated_delivery_date=date(2025, 11, 14),
    tracking_url="https://track.example.com/OD123",
)


def suggestions(
    text: str, language: str = "en", context: ReplyContext | None = None
) -> dict[str, list[Suggestion]]:
    by_kind: dict[str, list[Suggestion]] = {}
    for s in suggest(text, language, detect(text), context):
        by_kind.setdefault(s.kind, []).append(s)
    return by_kind


def apply(text: str, suggestion: Suggestion) -> str:
    return text[: suggestion.start] + suggestion.replacement + text[suggestion.end :]


def test_hold_on_becomes_a_polite_request_for_a_moment() -> None:
    [wait] = suggestions("Hold on.")["curt_wait"]
    assert wait.original == "Hold on."
    assert wait.replacement == "Please allow me a moment to check that for you."


def test_a_vague_arrival_asks_for_a_date_and_a_tracking_link() -> None:
    text = "Your order will arrive soon."
    [vague] = suggestions(text, context=FRIDAY)["vague_time"]
    assert apply(text, vague) == (
        "Your order is expected to arrive by Friday, 14 November. "
        "You can follow the parcel here: https://track.example.com/OD123"
    )


def test_without_context_the_date_and_link_are_placeholders() -> None:
    [vague] = suggestions("The refund will reach you shortly.")["vague_time"]
    assert "{estimated_delivery_date}" in vague.replacement
    [arrival] = suggestions("Your parcel will arrive in a few days.")["vague_time"]
    assert arrival.replacement.endswith("{tracking_url}")


def test_no_tracking_link_is_suggested_when_the_reply_has_one() -> None:
    text = "It will be delivered soon, see https://track.example.com/OD9"
    [vague] = suggestions(text)["vague_time"]
    assert "{tracking_url}" not in vague.replacement


def test_a_delay_without_an_apology_gets_one_before_the_delay() -> None:
    text = "Thanks for waiting. Your parcel is delayed at the depot."
    [apology] = suggestions(text)["missing_apology"]
    assert apology.start == apology.end == text.index("Your")
    assert "sorry" in apology.replacement.lower()
    assert "missing_apology" not in suggestions("Sorry, your parcel is delayed.")


def test_bare_commands_become_requests() -> None:
    by_kind = suggestions("Send us a photo of the label. Don't open the box.")
    replacements = [s.replacement for s in by_kind["imperative"]]
    assert replacements == [
        "Could you please send us a photo of the label?",
        "Please don't open the box.",
    ]
    assert "imperative" not in suggestions("Please send us a photo of the label.")


def test_blaming_is_rephrased_neutrally() -> None:
    text = "You should have checked the address. As I said, the courier was on time."
    by_kind = suggestions(text)
    rewritten = {s.original: s.replacement for s in by_kind["blaming"]}
    assert rewritten["As I said"] == "As mentioned"
    assert "You should have" not in rewritten["You should have checked the address."]


def test_greeting_and_closing_are_suggested_only_when_missing() -> None:
    text = "The parcel left today."
    by_kind = suggestions(text, context=FRIDAY)
    assert by_kind["missing_greeting"][0].replacement.startswith("Hello Lena,")
    assert by_kind["missing_closing"][0].start == len(text)
    polite = suggestions("Hi Lena, the parcel left today. Let me know if anything is missing.")
    assert "missing_greeting" not in polite
    assert "missing_closing" not in polite


def test_german_reply_gets_german_rewrites() -> None:
    text = "Warten Sie. Ihre Bestellung ist verspätet und kommt bald."
    by_kind = suggestions(text, "de", FRIDAY)
    assert by_kind["curt_wait"][0].replacement.startswith("Bitte geben Sie mir einen Moment")
    assert by_kind["missing_apology"][0].replacement.startswith("Es tut mir leid")
    assert "voraussichtlich bis Freitag, 14. November" in by_kind["vague_time"][0].replacement
    assert by_kind["missing_greeting"][0].replacement.startswith("Hallo Lena,")
    [command] = suggestions("Schicken Sie uns ein Foto.", "de")["imperative"]
    assert command.replacement == "Bitte schicken Sie uns ein Foto."


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Votre colis arrivera bientôt.", "fr", "d'ici le vendredi 14 novembre"),
        ("Su pedido llegará pronto.", "es", "a más tardar el viernes 14 de noviembre"),
        ("Seu pedido vai chegar em breve.", "pt", "até sexta-feira, 14 de novembro"),
    ],
)
def test_vague_time_words_get_a_dated_rewrite_in_romance_languages(
    text: str, language: str, expected: str
) -> None:
    [vague] = suggestions(text, language, FRIDAY)["vague_time"]
    assert expected in vague.replacement


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thank you for your order, it will be with you on Monday.", "en"),
        ("Vielen Dank für Ihre Bestellung, sie wird am Montag geliefert.", "de"),
        ("Merci pour votre commande, elle sera livrée lundi.", "fr"),
        ("Gracias por su pedido, llegará el lunes con el envío.", "es"),
        ("Obrigado pelo seu pedido, ele vai chegar na segunda.", "pt"),
    ],
)
def test_the_reply_language_is_detected_from_its_words(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_a_too_short_reply_falls_back_to_the_locale() -> None:
    assert detect_language("Moment.", hint="de-AT") == "de"
    assert detect_language("Moment.", hint="ja-JP") == "en"
    assert check_tone("Moment.", locale="de").suggestions[1].replacement.startswith("Bitte")


def test_the_check_refuses_empty_and_oversized_text() -> None:
    with pytest.raises(InvalidInput):
        check_tone("   ")
    with pytest.raises(InvalidInput):
        check_tone("a" * 10_001)


def test_a_dismissive_sentence_is_rewritten_whole_not_dressed_up_with_please() -> None:
    text = "Your order shipped. Stop asking, just wait. Not our problem if DPD is slow."
    rewrites = suggestions(text)["rude_wording"]
    assert [s.original for s in rewrites] == [
        "Stop asking, just wait.",
        "Not our problem if DPD is slow.",
    ]
    assert all("please" not in s.replacement.lower() for s in rewrites)
    assert "stop asking" not in " ".join(s.replacement.lower() for s in rewrites)
    assert "imperative" not in suggestions(text)  # no "Could you please stop asking…?"


def test_a_greeting_in_a_rude_sentence_survives_the_rewrite() -> None:
    [rewrite] = suggestions("Olá, infelizmente não podemos fazer nada.", "pt")["rude_wording"]
    assert rewrite.replacement.startswith("Olá, com prazer vou verificar")
