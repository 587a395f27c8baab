"""Macro variables, pure: parsing at save time, filling in with placeholders, dates in
the customer's language and time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from opsdesk.support import macro_text


def test_variables_are_listed_once_in_order_of_appearance() -> None:
    body = "{{ order_number }} {{customer_first_name}} again {{ order_number }}"
    assert macro_text.variables_in(body) == ["order_number", "customer_first_name"]


def test_unknown_variables_are_named_when_saving() -> None:
    with pytest.raises(macro_text.MacroSyntaxError) as refused:
        macro_text.check_body("Hi {{ first_name }}, your {{ order_number }} {{ coupon }}")
    assert refused.value.unknown == ["first_name", "coupon"]
    assert "first_name, coupon" in str(refused.value)


@pytest.mark.parametrize("body", ["Hi {{ customer_first_name }", "Hi }} there", "{{ {{ x }} }}"])
def test_stray_braces_are_refused(body: str) -> None:
    with pytest.raises(macro_text.MacroSyntaxError):
        macro_text.check_body(body)


def test_a_body_without_variables_is_fine() -> None:
    assert macro_text.check_body("Thank you for your patience.") == []


def test_missing_values_become_placeholders_the_agent_must_fill() -> None:
    body = "{{ carrier }} brings {{ order_number }} on {{ estimated_delivery_date }}"
    values = {"order_number": "OD-1", "carrier": None, "estimated_delivery_date": ""}
    assert macro_text.fill(body, values) == (
        "[carrier unknown] brings OD-1 on [estimated delivery date unknown]"
    )


def test_dates_are_written_the_customers_way() -> None:
    day = date(2026, 11, 19)
    assert macro_text.format_day(day, macro_text.babel_locale("en")) == (
        "Thursday, November 19, 2026"
    )
    assert macro_text.format_day(day, macro_text.babel_locale("de")) == (
        "Donnerstag, 19. November 2026"
    )
    assert macro_text.format_day(day, macro_text.babel_locale("xx-nope", "de")).startswith(
        "Donnerstag"
    )


def test_an_instant_falls_on_the_customers_local_day() -> None:
    late_evening_in_brazil = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)
    assert macro_text.local_day(late_evening_in_brazil, macro_text.time_zone("Europe/Berlin")) == (
        date(2026, 11, 20)
    )
    assert macro_text.local_day(
        late_evening_in_brazil, macro_text.time_zone("America/Sao_Paulo")
    ) == date(2026, 11, 19)
    assert macro_text.time_zone("Not/AZone", "Europe/Berlin").key == "Europe/Berlin"


def test_order_status_reads_naturally_in_the_macros_language() -> None:
    assert macro_text.status_words("shipped", "en") == "on its way"
    assert macro_text.status_words("shipped", "de-AT") == "unterwegs"
    assert macro_text.status_words("shipped", "fr") == "en route"
    assert macro_text.status_words("delivered", "pt-BR") == "entregue"
    assert macro_text.status_words("cancelled", "es-MX") == "cancelado"
    assert macro_text.status_words("backordered", "nl") == "waiting for stock"


def test_the_built_in_delay_apologies_never_claim_a_broken_promise() -> None:
    from opsdesk.support.macro_defaults import DEFAULT_MACROS

    titles = {"Delay apology", "Entschuldigung für die Verspätung", "Excuses pour le retard",
              "Disculpas por el retraso", "Desculpas pelo atraso"}  # fmt: skip
    apologies = [body for title, _lang, body in DEFAULT_MACROS if title in titles]
    assert len(apologies) == 5
    for claim in ("longer than promised", "als zugesagt", "que prévu", "lo prometido",
                  "do que o prometido"):  # fmt: skip
        assert not any(claim in body for body in apologies), claim
