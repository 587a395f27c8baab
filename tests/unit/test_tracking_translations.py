"""The tracking page's strings: complete in every language, same placeholders, all used."""

from __future__ import annotations

import re
import string
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from opsdesk import returns, shipping, tracking
from opsdesk.tracking.i18n import catalogue

TEMPLATES = Path(tracking.__file__).resolve().parents[1] / "web" / "templates" / "portal"
LITERAL_KEY = re.compile(r"""t\(\s*'([a-z_]+\.[a-z_.]+)'""")
NON_ENGLISH = [locale for locale in tracking.LOCALES if locale != "en"]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("locale", NON_ENGLISH)
def test_every_locale_has_every_key_and_no_other(locale: str) -> None:
    assert set(catalogue(locale)) == set(catalogue("en"))


@pytest.mark.parametrize("locale", tracking.LOCALES)
def test_every_string_is_written_and_keeps_the_english_placeholders(locale: str) -> None:
    english = catalogue("en")
    for key, text in catalogue(locale).items():
        assert text.strip(), (locale, key)
        assert _placeholders(text) == _placeholders(english[key]), (locale, key)


@pytest.mark.parametrize("locale", NON_ENGLISH)
def test_sentences_are_translated_not_copied(locale: str) -> None:
    english = catalogue("en")
    copied = [k for k, v in catalogue(locale).items() if v == english[k] and len(v) > 12]
    assert copied == []


def test_every_key_the_templates_name_exists() -> None:
    used = {
        key for path in TEMPLATES.glob("*.html") for key in LITERAL_KEY.findall(path.read_text())
    }
    assert used, "the templates name their strings as t('…')"
    assert used - set(catalogue("en")) == set()


def test_dynamic_key_families_are_complete() -> None:
    keys = set(catalogue("en"))
    families = {
        "step": tracking.STEPS,
        "status": [
            *tracking.STEPS,
            *(s.value for s in tracking.ProgressState if s.value != "normal"),
        ],
        "note": [s.value for s in tracking.ProgressState if s.value != "normal"],
        "shipment_status": [*(s.value for s in shipping.ShipmentStatus), "update"],
        "reason": [r.value for r in returns.ReturnReason],
        "return_status": [s.value for s in returns.ReturnStatus],
        "problem": ["link.title", "link.body", "missing.title", "missing.body"],
    }
    missing = [
        f"{f}.{v}" for f, values in families.items() for v in values if f"{f}.{v}" not in keys
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "Friday, November 20, 2026"),
        ("de", "Freitag, 20. November 2026"),
        ("fr", "vendredi 20 novembre 2026"),
        ("es", "viernes, 20 de noviembre de 2026"),
        ("pt-BR", "sexta-feira, 20 de novembro de 2026"),
    ],
)
def test_dates_read_the_way_each_language_writes_them(locale: str, expected: str) -> None:
    assert tracking.Translator(locale, tracking.zone("UTC")).date(date(2026, 11, 20)) == expected


def test_moments_are_shown_on_the_customer_wall_clock() -> None:
    moment = datetime(2026, 11, 18, 23, 30, tzinfo=UTC)
    berlin = tracking.Translator("de", tracking.zone("Europe/Berlin"))
    sao_paulo = tracking.Translator("pt-BR", tracking.zone("America/Sao_Paulo"))
    assert berlin.datetime(moment) == "19. Nov. 2026 · 00:30"
    assert sao_paulo.datetime(moment) == "18 de nov. de 2026 · 20:30"
    assert tracking.zone("Not/AZone", "Europe/Berlin").key == "Europe/Berlin"


@pytest.mark.parametrize(
    ("preferences", "expected"),
    [
        (("en-GB",), "Friday, 20 November 2026"),
        (("en", "en-GB"), "Friday, 20 November 2026"),  # ?lang=en, a British customer
        (("en-US",), "Friday, November 20, 2026"),
        (("de-AT", "en-GB"), "Freitag, 20. November 2026"),  # the region of another language
        (("en-XX-nonsense",), "Friday, November 20, 2026"),
    ],
)
def test_a_customer_reads_dates_in_their_region_within_the_language(
    preferences: tuple[str, ...], expected: str
) -> None:
    locale = tracking.choose_locale(*preferences)
    formats = tracking.formatting_locale(locale, *preferences)
    t = tracking.Translator(locale, tracking.zone("UTC"), formats)
    assert t.date(date(2026, 11, 20)) == expected
