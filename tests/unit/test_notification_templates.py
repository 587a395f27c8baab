"""Every message type renders in every supported locale and register, with every variable."""

from __future__ import annotations

from datetime import date

import pytest
from jinja2 import meta

from opsdesk.notifications.catalog import TYPES, MessageType
from opsdesk.notifications.rendering import (
    LOCALES,
    TEMPLATES_DIR,
    Money,
    Register,
    _environment,
    candidates,
    render,
)

SAMPLE = {
    "customer_first_name": "Zoë",
    "order_number": "OD-1042",
    "store_name": "Nordlicht Living",
    "tracking_page_url": "https://shop.example/t/abc",
    "order_total": Money(5980, "EUR"),
    "promised_date": date(2026, 12, 4),
    "items": "1 × Linen throw",
    "carrier": "DHL",
    "tracking_url": "https://carrier.example/track/00340434",
    "estimated_date": date(2026, 12, 3),
    "reason": "a storm closed the carrier's hub",
    "new_date": date(2026, 12, 8),
    "remedy": "free express shipping on your next order",
    "delivered_date": date(2026, 12, 2),
    "product_name": "Linen throw",
    "return_number": "RMA-77",
    "refund_amount": Money(2990, "EUR"),
    "survey_url": "https://shop.example/csat/xyz",
    "code": "THANKS-5Q2",
    "amount": Money(1000, "EUR"),
    "expires_date": date(2027, 1, 31),
    "verification_code": "402917",
    "expires_minutes": 15,
    "change": "address",
    "new_address": "Lindenstraße 5, 20095 Hamburg",
}


@pytest.mark.parametrize("register", list(Register))
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("message_type", list(MessageType))
def test_every_type_has_its_own_text_in_every_locale(
    message_type: MessageType, locale: str, register: Register
) -> None:
    context = {name: SAMPLE[name] for name in TYPES[message_type].required}
    rendered = render(message_type.value, context, locale=locale, register=register)
    assert rendered.locale == locale, f"{message_type} fell back to {rendered.locale} for {locale}"
    assert rendered.subject
    assert "{{" not in rendered.text
    assert "{%" not in rendered.text
    for name in ("customer_first_name", "order_number"):
        if name in context:
            assert str(context[name]) in rendered.subject + rendered.text
    assert "<p>" in rendered.html


def test_dates_are_written_the_way_the_customer_reads_them() -> None:
    context = {name: SAMPLE[name] for name in TYPES[MessageType.DELAY_NOTICE].required}
    english = render("delay_notice", context, locale="en")
    german = render("delay_notice", context, locale="de")
    assert "Tuesday, December 8, 2026" in english.text
    assert "Dienstag, 8. Dezember 2026" in german.text


def test_a_missing_variable_is_an_error_not_a_blank() -> None:
    with pytest.raises(Exception, match="order_number"):
        render("shipped", {"customer_first_name": "A", "store_name": "S"}, locale="en")


def test_unknown_locales_fall_back_to_the_store_default() -> None:
    assert candidates("nl", Register.FORMAL, "de")[-3:] == ["de-formal", "de", "en"]
    context = {name: SAMPLE[name] for name in TYPES[MessageType.SHIPPED].required}
    assert render("shipped", context, locale="nl", default_locale="de").locale == "de"


def test_links_become_clickable_in_the_html_part() -> None:
    context = {name: SAMPLE[name] for name in TYPES[MessageType.SHIPPED].required}
    html = render("shipped", context, locale="en").html
    assert '<a href="https://carrier.example/track/00340434">' in html


def _variables(folder: str, message_type: MessageType) -> set[str]:
    source = (TEMPLATES_DIR / folder / f"{message_type.value}.txt").read_text()
    return meta.find_undeclared_variables(_environment("en").parse(source))


FOLDERS = sorted(p.name for p in TEMPLATES_DIR.iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", FOLDERS)
@pytest.mark.parametrize("message_type", list(MessageType))
def test_every_translation_uses_the_same_variables_as_english(
    folder: str, message_type: MessageType
) -> None:
    assert _variables(folder, message_type) == _variables("en", message_type)


def test_money_is_formatted_for_the_customers_locale() -> None:
    context = {name: SAMPLE[name] for name in TYPES[MessageType.REFUND_ISSUED].required}
    assert "29,90\u00a0€" in render("refund_issued", context, locale="de").text
    assert "€29.90" in render("refund_issued", context, locale="en").text


def test_dates_follow_the_customers_region_within_the_language() -> None:
    from opsdesk.notifications.rendering import render

    context = {
        "customer_first_name": "Ana", "items": "1 × Mug", "order_number": "OD-1",
        "promised_date": date(2026, 6, 22), "tracking_page_url": "https://x", "store_name": "S",
    }  # fmt: skip
    british = render("backordered", context, locale="en-GB")
    american = render("backordered", context, locale="en-US")
    unknown_region = render("backordered", context, locale="en")
    assert "arrives by Monday, 22 June 2026." in british.text
    assert "arrives by Monday, June 22, 2026." in american.text
    assert "arrives by Monday, June 22, 2026." in unknown_region.text
    assert british.locale == american.locale == "en"  # the same English text
