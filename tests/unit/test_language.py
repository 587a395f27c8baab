"""Language detection for en, de, fr, es and pt, offline, from the assistant's phrases."""

from __future__ import annotations

import pytest

from opsdesk.assistant.nlu.language import detect_language, train_language_model
from opsdesk.assistant.phrases import load_phrases

# Written for this test; none of these is a training phrase.
UNSEEN = {
    "en": [
        "my parcel got lost somewhere between the depot and my house",
        "could someone explain why I was billed for shipping twice",
        "the jacket is lovely but the sleeves are far too long",
    ],
    "de": [
        "das Paket liegt angeblich beim Nachbarn, da ist es aber nicht",
        "warum wurde mir der Versand zweimal berechnet",
        "die Jacke ist schön, aber die Ärmel sind viel zu lang",
    ],
    "fr": [
        "mon colis s'est perdu quelque part entre le dépôt et chez moi",
        "pourquoi les frais de port ont été facturés deux fois",
        "la veste est jolie mais les manches sont beaucoup trop longues",
    ],
    "es": [
        "mi paquete se perdió en algún sitio entre el almacén y mi casa",
        "por qué me cobraron el envío dos veces",
        "la chaqueta es bonita pero las mangas son demasiado largas",
    ],
    "pt": [
        "minha encomenda sumiu em algum lugar entre o depósito e a minha casa",
        "por que cobraram o frete duas vezes",
        "a jaqueta é bonita mas as mangas são compridas demais",
    ],
}


@pytest.mark.parametrize(
    ("language", "text"), [(lang, text) for lang, texts in UNSEEN.items() for text in texts]
)
def test_detects_the_language_of_unseen_sentences(language: str, text: str) -> None:
    guess = detect_language(text)
    assert guess.language == language
    assert guess.reliable


def test_text_without_letters_falls_back_to_the_default_unreliably() -> None:
    guess = detect_language("#1042 ?? 10115", default="de")
    assert (guess.language, guess.reliable) == ("de", False)


def test_order_numbers_and_emails_do_not_sway_the_language() -> None:
    assert detect_language("wo ist OD-100123, bitte an max@example.com").language == "de"


def test_accuracy_on_phrases_held_out_from_training_is_high() -> None:
    phrases = load_phrases()
    held_out = [p for i, p in enumerate(phrases) if i % 5 == 0]
    training = [p for i, p in enumerate(phrases) if i % 5 != 0]
    model = train_language_model([p.text for p in training], [p.language for p in training])
    right = sum(detect_language(p.text, model=model).language == p.language for p in held_out)
    assert right / len(held_out) >= 0.93
