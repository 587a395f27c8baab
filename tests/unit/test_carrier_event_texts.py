"""Carrier scans said in the customer's language: EasyPost's event codes, their sentences
in every locale, and dates (tracking page and e-mails) by the customer's region."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from opsdesk import tracking
from opsdesk.integrations.easypost import parse_event, parse_tracker
from opsdesk.notifications.rendering import render
from opsdesk.shipping.carriers.base import Lane, ServiceLevel
from opsdesk.shipping.carriers.simulated import DELAY_CODES, simulate_journey
from opsdesk.tracking.i18n import catalogue


def _load(shared_data: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((shared_data / "easypost" / name).read_text())
    return data


def _say(locale: str, formats: str = "") -> tracking.Translator:
    return tracking.Translator(locale, tracking.zone("UTC"), formats)


def test_easypost_scans_keep_their_status_detail_as_the_event_code(shared_data: Path) -> None:
    update = parse_event(_load(shared_data, "event-body.json")).update
    assert update is not None

    assert [d.code for d in update.details] == [
        "label_created", "arrived_at_facility", "arrived_at_facility", "departed_facility",
        "in_transit", "in_transit", "arrived_at_facility",
    ]  # fmt: skip  # "unknown" details fall back to the scan's status


def test_vague_or_missing_details_fall_back_to_the_scan_status(shared_data: Path) -> None:
    vague = parse_tracker(_load(shared_data, "trackers-retrieve.json"))  # "status_update"
    missing = parse_event(_load(shared_data, "tracking_webhook_response.json")).update
    assert missing is not None

    assert {d.code for d in vague.details} == {"pre_transit"}
    assert [d.code for d in missing.details][-2:] == ["out_for_delivery", "delivered"]


def test_every_code_the_carriers_send_has_a_sentence_in_every_language() -> None:
    sent = set(tracking_codes_of_the_simulated_carrier()) | {
        "label_created", "arrived_at_facility", "departed_facility", "in_transit",
        "pre_transit", "out_for_delivery", "delivered", "return_to_sender", "failure",
        "available_for_pickup", "cancelled", "delivery_exception", "arrived_at_destination",
    }  # fmt: skip
    for locale in tracking.LOCALES:
        missing = {code for code in sent if f"carrier_event.{code}" not in catalogue(locale)}
        assert missing == set(), locale


def tracking_codes_of_the_simulated_carrier() -> set[str]:
    start = datetime(2026, 11, 17, 9, tzinfo=UTC)
    codes = set(DELAY_CODES.values())
    for serial in range(300):  # enough journeys to meet delays and every mishap
        journey = simulate_journey(f"seed-{serial}", start, Lane.FAR, ServiceLevel.ECONOMY)
        codes |= {event.update.code for event in journey.events}
    assert "" not in codes
    return codes


@pytest.mark.parametrize(
    ("locale", "sentence"),
    [
        ("en", "The parcel arrived at a sorting centre."),
        ("de", "Das Paket ist in einem Paketzentrum eingetroffen."),
        ("fr", "Le colis est arrivé dans un centre de tri."),
        ("es", "El paquete ha llegado a un centro de clasificación."),
        ("pt-BR", "O pacote chegou a um centro de triagem."),
    ],
)
def test_a_coded_scan_reads_in_the_customers_language_with_the_carriers_words_beside(
    locale: str, sentence: str
) -> None:
    said, carrier_said = _say(locale).carrier_event(
        "arrived_at_facility", "Arrived at FedEx location"
    )

    assert (said, carrier_said) == (sentence, "Arrived at FedEx location")


def test_a_scan_without_a_known_code_shows_the_carriers_words_alone() -> None:
    assert _say("de").carrier_event("", "Zugestellt an Nachbar") == ("Zugestellt an Nachbar", "")
    assert _say("de").carrier_event("customs_mystery", "Held at customs") == ("Held at customs", "")


def test_the_carriers_words_are_not_repeated_when_they_are_the_sentence() -> None:
    said = catalogue("en")["carrier_event.delivered"]
    assert _say("en").carrier_event("delivered", said.upper()) == (said, "")


SCAN = datetime(2026, 11, 18, 7, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("tag", "zone", "day", "moment"),
    [
        ("en-GB", "Europe/London", "Monday, 23 November 2026", "18 Nov 2026 · 07:30"),
        ("en-US", "America/New_York", "Monday, November 23, 2026", "Nov 18, 2026 · 2:30\u202fAM"),
        ("de-DE", "Europe/Berlin", "Montag, 23. November 2026", "18. Nov. 2026 · 08:30"),
        ("pt-BR", "America/Sao_Paulo", "segunda-feira, 23 de novembro de 2026",
         "18 de nov. de 2026 · 04:30"),
    ],
)  # fmt: skip
def test_page_dates_follow_the_customers_region_and_clock(
    tag: str, zone: str, day: str, moment: str
) -> None:
    locale = tracking.choose_locale(tag)
    say = tracking.Translator(locale, tracking.zone(zone), tracking.formatting_locale(locale, tag))

    assert say.date(date(2026, 11, 23)) == day
    assert say.datetime(SCAN) == moment


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en-GB", "Monday, 22 June 2026"),
        ("en-US", "Monday, June 22, 2026"),
        ("de-DE", "Montag, 22. Juni 2026"),
        ("pt-BR", "segunda-feira, 22 de junho de 2026"),
    ],
)
def test_email_dates_follow_the_customers_region(tag: str, expected: str) -> None:
    context = {
        "customer_first_name": "Ana", "items": "1 × Mug", "order_number": "OD-1",
        "promised_date": date(2026, 6, 22), "tracking_page_url": "https://x", "store_name": "S",
    }  # fmt: skip

    assert expected in render("backordered", context, locale=tag).text
