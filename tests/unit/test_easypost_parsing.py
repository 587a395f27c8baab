"""EasyPost tracker events → carrier-neutral tracking values, on EasyPost's own examples."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from opsdesk.integrations import signatures
from opsdesk.integrations.easypost import parse_event, parse_tracker
from opsdesk.integrations.easypost.parsing import LocationPayload, format_location
from opsdesk.kernel.errors import InvalidInput


def _load(shared_data: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((shared_data / "easypost" / name).read_text())
    return data


def test_tracker_updated_event_gives_number_carrier_status_and_estimate(shared_data: Path) -> None:
    event = parse_event(_load(shared_data, "event-body.json"))

    assert (event.event_id, event.kind) == ("evt_1", "tracker.updated")
    update = event.update
    assert update is not None
    assert (update.tracking_number, update.carrier, update.status) == ("1", "FedEx", "in_transit")
    # The carrier's local estimate wins over the UTC timestamp.
    assert update.estimated_delivery_date == date(2024, 8, 5)
    assert len(update.details) == 7


def test_scans_are_sorted_with_status_description_and_place(shared_data: Path) -> None:
    update = parse_event(_load(shared_data, "tracking_webhook_response.json")).update
    assert update is not None

    first, last = update.details[0], update.details[-1]
    assert (first.status, first.description, first.location) == (
        "label_created",
        "BILLING INFORMATION RECEIVED",
        "",
    )
    assert last.occurred_at == datetime(2014, 8, 24, 15, 33, tzinfo=UTC)
    assert (last.status, last.location) == ("delivered", "SAN FRANCISCO, CA, US")
    assert update.status == "delivered"
    assert [d.occurred_at for d in update.details] == sorted(d.occurred_at for d in update.details)


def test_a_bare_tracker_object_parses_too(shared_data: Path) -> None:
    update = parse_tracker(_load(shared_data, "trackers-retrieve.json"))
    assert (update.tracking_number, update.carrier, update.status) == (
        "EZ1000000001",
        "USPS",
        "label_created",
    )
    assert update.details[-1].location == "HOUSTON, TX 77063"


def test_events_about_other_objects_carry_no_update() -> None:
    event = parse_event({"id": "evt_9", "description": "batch.created", "result": {}})
    assert event.update is None


def test_unknown_carrier_status_moves_nothing(shared_data: Path) -> None:
    body = _load(shared_data, "trackers-retrieve.json") | {"status": "unknown"}
    assert parse_tracker(body).status is None


def test_a_tracker_without_tracking_code_is_refused(shared_data: Path) -> None:
    body = _load(shared_data, "event-body.json")
    del body["result"]["tracking_code"]
    with pytest.raises(InvalidInput) as caught:
        parse_event(body)
    assert caught.value.details["errors"][0]["field"] == "tracking_code"


def test_location_reads_like_an_address_line() -> None:
    place = LocationPayload(city="EDISON", state="NJ", country="US", zip="08817")
    assert format_location(place) == "EDISON, NJ, US 08817"
    assert format_location(None) == ""


def test_easypost_signature_is_prefixed_hex_over_the_body() -> None:
    body = b'{"id": "evt_1"}'
    header = signatures.easypost_signature("s3cret", body)
    assert header.startswith("hmac-sha256-hex=")
    assert len(header) == len("hmac-sha256-hex=") + 64
    signatures.verify_easypost("s3cret", body, header)
    with pytest.raises(signatures.BadSignature):
        signatures.verify_easypost("other", body, header)
