"""The assistant's own sentences: complete in every language, dates in the customer's locale."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from opsdesk.assistant.answers import Voice, language_of, placeholders, templates
from opsdesk.assistant.chat import expected_wait_minutes
from opsdesk.assistant.nlu import LANGUAGES


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_language_has_every_sentence_with_the_same_placeholders(language: str) -> None:
    english, other = templates("en"), templates(language)
    assert other.keys() == english.keys()
    differing = [k for k in english if placeholders(english[k]) != placeholders(other[k])]
    assert differing == []


def test_the_offer_of_a_person_is_worded_as_the_store_asked() -> None:
    assert templates("en")["offer_team"] == (
        "Please let me know if you'd like to speak to a member of our team."
    )


def test_dates_follow_the_customers_locale_and_time_zone() -> None:
    late_evening = datetime(2026, 11, 19, 23, 30, tzinfo=UTC)
    berlin = Voice.for_customer("de", "de-DE", "Europe/Berlin")
    assert berlin.local_date(late_evening) == date(2026, 11, 20)  # already Friday in Berlin
    assert berlin.day(date(2026, 11, 20)) == "Freitag, 20. November 2026"
    assert Voice.for_customer("pt", "pt-BR", "America/Sao_Paulo").day(date(2026, 11, 20)) == (
        "sexta-feira, 20 de novembro de 2026"
    )
    assert Voice.for_customer("en", "en-GB", "UTC").money(1990, "EUR") == "€19.90"


def test_unsupported_locales_fall_back_to_english() -> None:
    assert language_of("pt-BR") == "pt"
    assert language_of("it-IT") == "en"
    assert Voice.for_customer("en", "xx-invalid", "Nowhere/City").day(date(2026, 1, 2))


def test_the_wait_grows_with_the_queue_and_shrinks_with_agents() -> None:
    assert expected_wait_minutes(0, 0) is None
    assert expected_wait_minutes(0, 1) == 4
    assert expected_wait_minutes(5, 1) == 24
    assert expected_wait_minutes(5, 3) == 8
    assert expected_wait_minutes(0, 10) == 2  # never promise "right now"
