"""Entities in customer messages: order numbers, e-mails, postcodes, SKUs, products."""

from __future__ import annotations

from datetime import date

import pytest

from opsdesk.assistant.nlu.entities import (
    Entity,
    EntityKind,
    extract_entities,
    find_order_numbers,
    find_postal_codes,
    find_products,
    find_skus,
)

TODAY = date(2026, 11, 26)  # a Thursday


def values(entities: list[Entity], kind: EntityKind) -> list[str]:
    return [e.value for e in entities if e.kind == kind]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("where is order #1001?", ["#1001"]),
        ("status of od-100123 please", ["OD-100123"]),
        ("ORD123456 never arrived", ["ORD123456"]),
        ("pedido 9F3C2A7BE41D4C6F8A0B5D2E7C1F9A34 atrasado", ["9f3c2a7be41d4c6f8a0b5d2e7c1f9a34"]),
        ("my order number is 558201", ["558201"]),
        ("Bestellung Nr. 40021 ist nicht da", ["40021"]),
        ("commande n° 123456", ["123456"]),
        ("orders #2001 and #2002 both late", ["#2001", "#2002"]),
    ],
)
def test_order_numbers_in_the_formats_shops_use(message: str, expected: list[str]) -> None:
    assert [e.value for e in find_order_numbers(message)] == expected


def test_plain_numbers_without_an_order_word_are_not_order_numbers() -> None:
    assert find_order_numbers("I need 3 of them by 2027, call 0301234") == []


def test_order_number_span_points_into_the_original_text() -> None:
    message = "hi, #1042 is late"
    (entity,) = find_order_numbers(message)
    assert message[entity.start : entity.end] == "#1042"


def test_emails_are_found_and_lowercased() -> None:
    found = extract_entities("write to Anna.Berg+shop@Example.co.uk now", reference_date=TODAY)
    assert values(found, EntityKind.EMAIL) == ["anna.berg+shop@example.co.uk"]


@pytest.mark.parametrize(
    ("message", "language", "code", "country"),
    [
        ("liefern an 10115 Berlin", "de", "10115", "DE"),
        ("livraison à 75001 Paris", "fr", "75001", "FR"),
        ("envío a 28013 Madrid", "es", "28013", "ES"),
        ("ship to 94107", "en", "94107", "US"),
        ("zip is 94107-1234", "en", "94107-1234", "US"),
        ("deliver to SW1A 1AA please", "en", "SW1A 1AA", "GB"),
        ("deliver to EC1V9HX", "en", "EC1V9HX", "GB"),
        ("meu cep é 01310-100", "pt", "01310-100", "BR"),
    ],
)
def test_postal_codes_come_with_a_guessed_country(
    message: str, language: str, code: str, country: str
) -> None:
    (entity,) = find_postal_codes(message, language=language)
    assert (entity.value, entity.country) == (code, country)


def test_a_bare_five_digit_code_has_no_country_without_a_language() -> None:
    (entity,) = find_postal_codes("to 10115 please")
    assert entity.country is None


def test_order_number_after_order_word_is_not_also_a_postcode() -> None:
    found = extract_entities("Bestellung 55012 an 10115", reference_date=TODAY, language="de")
    assert values(found, EntityKind.ORDER_NUMBER) == ["55012"]
    assert values(found, EntityKind.POSTAL_CODE) == ["10115"]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("do you have SKU-0042?", ["SKU-0042"]),
        ("sku 7781 restock?", ["SKU-7781"]),
        ("is HD-2291 back", ["HD-2291"]),
        ("need ts-blk-m2 in stock", ["TS-BLK-M2"]),
    ],
)
def test_skus(message: str, expected: list[str]) -> None:
    assert [e.value for e in find_skus(message)] == expected


def test_words_with_dashes_but_no_digits_are_not_skus() -> None:
    assert find_skus("my e-mail and t-shirt order") == []


def test_known_catalog_skus_are_matched_even_without_digits() -> None:
    (entity,) = find_skus("is ts-blk-m back?", known_skus=["TS-BLK-M"])
    assert entity.text == "ts-blk-m"


def test_products_from_the_catalog_ignore_case_and_accents_and_prefer_longer_names() -> None:
    catalog = ["Hoodie", "Blue Hoodie", "Café Mug"]
    found = find_products("is the BLUE hoodie or the cafe mug in stock?", catalog)
    assert [(e.value, e.text) for e in found] == [
        ("Blue Hoodie", "BLUE hoodie"),
        ("Café Mug", "cafe mug"),
    ]


def test_product_names_match_whole_words_only() -> None:
    assert find_products("my hoodies arrived", ["hoodie"]) == []


def test_a_full_message_yields_entities_in_reading_order() -> None:
    message = "Order #1042 for anna@example.com, SKU-0042, deliver to 10115 by tomorrow"
    found = extract_entities(message, reference_date=TODAY, language="de")
    assert [e.kind for e in found] == [
        EntityKind.ORDER_NUMBER,
        EntityKind.EMAIL,
        EntityKind.SKU,
        EntityKind.POSTAL_CODE,
        EntityKind.DATE,
    ]
    assert found[-1].date == date(2026, 11, 27)


def test_a_date_is_not_mistaken_for_a_sku_or_postcode() -> None:
    found = extract_entities("ordered on 2026-11-03", reference_date=TODAY)
    assert [(e.kind, e.value) for e in found] == [(EntityKind.DATE, "2026-11-03")]


def test_template_placeholders_yield_no_entities() -> None:
    assert extract_entities("where is {{Order Number}}?", reference_date=TODAY) == []


def test_opsdesk_order_numbers_are_one_entity_not_a_sku_and_a_postcode() -> None:
    found = extract_entities(
        "order OD-K1V95154GY and its replacement OD-K1V95154GY-R1",
        reference_date=date(2026, 11, 26),
    )
    assert [(e.kind, e.value) for e in found] == [
        (EntityKind.ORDER_NUMBER, "OD-K1V95154GY"),
        (EntityKind.ORDER_NUMBER, "OD-K1V95154GY-R1"),
    ]
