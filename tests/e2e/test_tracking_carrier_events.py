"""A carrier's scans on the tracking page, in the customer's language and regional dates:
a British, an American, a German and a Brazilian customer read the same parcel."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import shipping, tracking
from opsdesk.config import Settings
from tests.factories.fulfilment import FixedClock, shipped_order
from tests.factories.tracking import THURSDAY, set_customer_locale

# EasyPost-style scans: the carrier's English words plus its status_detail code.
SCANS = (
    shipping.TrackingUpdate(
        datetime(2026, 11, 17, 18, 0, tzinfo=UTC), shipping.ShipmentStatus.IN_TRANSIT,
        "Picked up by the carrier", "Berlin", code="picked_up",
    ),
    shipping.TrackingUpdate(
        datetime(2026, 11, 18, 7, 30, tzinfo=UTC), shipping.ShipmentStatus.IN_TRANSIT,
        "Delayed: storm over the A9", "Leipzig hub", code="weather_delay",
    ),
)  # fmt: skip


def _order_for(factory: sessionmaker[Session], locale: str, zone: str) -> int:
    with factory() as session:
        _picking, shipment = shipped_order(session)
        promised = shipment.promised_delivery_date
        assert promised is not None
        shipping.apply_tracking_update(
            session, tracking_number=shipment.tracking_number or "", carrier=shipment.carrier,
            events=SCANS, estimated_delivery_date=promised + timedelta(days=3), source="easypost",
            now=datetime(2026, 11, 18, 8, 0, tzinfo=UTC),
        )  # fmt: skip
        set_customer_locale(session, shipment.order_id, locale, zone)
        session.commit()
        return shipment.order_id


def _page(client: TestClient, settings: Settings, order_id: int) -> str:
    client.app.state.clock = FixedClock(THURSDAY)  # type: ignore[attr-defined]
    html = client.get("/t/" + tracking.token_for_order(settings.secret_key, order_id)).text
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.parametrize(
    ("locale", "zone", "weather", "picked_up", "carrier_said", "estimate", "scan_time"),
    [
        ("en-GB", "Europe/London", "The parcel is delayed by bad weather on its route.",
         "The carrier collected the parcel.", "Carrier's message: Delayed: storm over the A9",
         "Monday, 23 November 2026", "18 Nov 2026 · 07:30"),
        ("en-US", "America/New_York", "The parcel is delayed by bad weather on its route.",
         "The carrier collected the parcel.", "Carrier's message: Delayed: storm over the A9",
         "Monday, November 23, 2026", "Nov 18, 2026 · 2:30 AM"),  # narrow space collapsed
        ("de-DE", "Europe/Berlin",
         "Das Paket verspätet sich wegen schlechten Wetters auf der Strecke.",
         "Der Versanddienst hat das Paket abgeholt.",
         "Meldung des Versanddienstes: Delayed: storm over the A9",
         "Montag, 23. November 2026", "18. Nov. 2026 · 08:30"),
        ("pt-BR", "America/Sao_Paulo", "O pacote está atrasado por causa do mau tempo na rota.",
         "A transportadora coletou o pacote.",
         "Mensagem da transportadora: Delayed: storm over the A9",
         "segunda-feira, 23 de novembro de 2026", "18 de nov. de 2026 · 04:30"),
    ],
)  # fmt: skip
def test_carrier_scans_and_dates_read_in_the_customers_language_and_region(
    client: TestClient, settings: Settings, session_factory: sessionmaker[Session],
    locale: str, zone: str, weather: str, picked_up: str, carrier_said: str, estimate: str,
    scan_time: str,
) -> None:  # fmt: skip
    text = _page(client, settings, _order_for(session_factory, locale, zone))

    assert f"{weather} — Leipzig hub" in text
    assert f"{picked_up} — Berlin" in text
    assert carrier_said in text  # the carrier's own words stay, as the second line
    assert text.index(weather) < text.index(picked_up)  # newest first
    assert estimate in text
    assert scan_time in text


def test_a_scan_without_a_code_keeps_the_carriers_words_as_its_text(
    client: TestClient, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        _picking, shipment = shipped_order(session)
        shipping.apply_tracking_update(
            session, tracking_number=shipment.tracking_number or "", carrier=shipment.carrier,
            events=[shipping.TrackingUpdate(
                datetime(2026, 11, 17, 18, 0, tzinfo=UTC), shipping.ShipmentStatus.IN_TRANSIT,
                "Zugestellt beim Nachbarn angekündigt", "Berlin",
            )], source="manual", now=datetime(2026, 11, 18, 8, 0, tzinfo=UTC),
        )  # fmt: skip
        set_customer_locale(session, shipment.order_id, "de-DE", "Europe/Berlin")
        session.commit()
        order_id = shipment.order_id

    text = _page(client, settings, order_id)

    assert "Zugestellt beim Nachbarn angekündigt — Berlin" in text
    assert "Meldung des Versanddienstes:" not in text
