"""The EasyPost adapter over real HTTP against a fake EasyPost on a loopback port."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from opsdesk import shipping
from opsdesk.integrations.easypost.carrier import EasyPostCarrier
from tests.support.fake_easypost import API_KEY, FakeEasyPost, error, running
from tests.support.fake_http import Answer

LEVEL = shipping.ServiceLevel


@pytest.fixture
def fake() -> Iterator[FakeEasyPost]:
    with running() as server:
        yield server


def carrier(fake: FakeEasyPost, *, key: str = API_KEY, timeout: float = 5) -> EasyPostCarrier:
    return EasyPostCarrier.connect(key, api_base=fake.api_base, timeout=timeout)


def request(
    level: shipping.ServiceLevel = LEVEL.STANDARD, service: str = ""
) -> shipping.LabelRequest:
    return shipping.LabelRequest(
        reference="SO-1001/1",
        service_level=level,
        origin=shipping.Place("US", "TX", "Houston", name="OpsDesk Demo", line1="1 Dock Rd",
                              postal_code="77063"),
        destination=shipping.Place("US", "CA", "San Francisco", name="Ana Lima",
                                   line1="417 Montgomery St", postal_code="94104"),
        ship_at=datetime(2026, 12, 7, 9, 0, tzinfo=UTC),
        packages=(shipping.Package(weight_g=1200, length_mm=300, width_mm=200, height_mm=100),),
        service=service,
    )  # fmt: skip


def test_rates_come_cheapest_first_with_their_service_level(fake: FakeEasyPost) -> None:
    rates = carrier(fake).rates(request())

    assert [(r.carrier, r.service, r.amount_minor, r.currency) for r in rates] == [
        ("USPS", "GroundAdvantage", 510, "USD"), ("USPS", "Priority", 758, "USD"),
        ("UPS", "Ground", 935, "USD"), ("USPS", "Express", 2520, "USD"),
    ]  # fmt: skip
    assert [r.service_level for r in rates] == [LEVEL.ECONOMY, LEVEL.STANDARD, LEVEL.ECONOMY,
                                                LEVEL.EXPRESS]  # fmt: skip
    sent = fake.calls[0].body["shipment"]
    assert sent["parcel"] == {"weight": 42.3, "length": 11.8, "width": 7.9, "height": 3.9}
    assert sent["to_address"] == {"name": "Ana Lima", "street1": "417 Montgomery St",
                                  "city": "San Francisco", "state": "CA", "zip": "94104",
                                  "country": "US"}  # fmt: skip
    assert sent["reference"] == "SO-1001/1"


def test_a_label_buys_the_cheapest_rate_of_the_level_and_keeps_the_carriers_document(
    fake: FakeEasyPost,
) -> None:
    label = carrier(fake).create_label(request(LEVEL.ECONOMY))

    buy = fake.calls[-1]
    assert buy.path.endswith("/buy")
    bought = next(r for r in fake.shipments[buy.path.split("/")[3]]["rates"]
                  if r["id"] == buy.body["rate"]["id"])  # fmt: skip
    assert (bought["service"], bought["rate"]) == ("GroundAdvantage", "5.10")
    assert label.carrier == "easypost"
    assert label.tracking_number.startswith("9400")
    assert label.tracking_url.startswith("https://track.easypost.com/")
    assert label.document is not None
    assert label.document.media_type == "image/png"
    assert label.document.url.endswith(".png")
    assert label.rate is not None
    assert (label.rate.carrier, label.rate.amount_minor) == ("USPS", 510)
    assert label.carrier_reference.startswith("shp_")
    assert label.estimated_delivery_date.isoformat() == "2026-12-12"  # five days after


def test_a_named_service_is_bought_even_when_dearer(fake: FakeEasyPost) -> None:
    label = carrier(fake).create_label(request(LEVEL.ECONOMY, service="express"))

    assert label.rate is not None
    assert label.rate.service == "Express"
    assert label.service_level is LEVEL.EXPRESS


def test_a_service_nobody_offers_is_refused_naming_what_is_on_offer(fake: FakeEasyPost) -> None:
    with pytest.raises(
        shipping.CarrierRefused, match="no rate for Overnight; offered: USPS Ground"
    ):
        carrier(fake).create_label(request(service="Overnight"))
    assert not any(c.path.endswith("/buy") for c in fake.calls)


def test_easypost_refusals_carry_its_message(fake: FakeEasyPost) -> None:
    fake.queued.append(error(422, "ADDRESS.VERIFY.FAILURE", "Address not found"))
    with pytest.raises(shipping.CarrierRefused, match="Address not found"):
        carrier(fake).create_label(request())
    with pytest.raises(shipping.CarrierRefused, match="no longer active"):
        carrier(fake, key="EZTK_revoked").rates(request())


@pytest.mark.parametrize(
    "answer", [Answer(503, {"error": {"code": "SERVICE.UNAVAILABLE", "message": "Down"}}),
               Answer(429, {"error": {"code": "RATE_LIMITED", "message": "Slow down"}}),
               Answer(201, {}, delay=2.5)],
    ids=["503", "429", "timeout"],
)  # fmt: skip
def test_outages_and_timeouts_are_worth_retrying(fake: FakeEasyPost, answer: Answer) -> None:
    fake.queued.append(answer)
    with pytest.raises(shipping.CarrierUnavailable):
        carrier(fake, timeout=1).create_label(request())


def test_tracking_reads_the_trackers_scans(fake: FakeEasyPost) -> None:
    ep = carrier(fake)
    label = ep.create_label(request())

    info = ep.track(label.tracking_number)

    assert info.status is shipping.ShipmentStatus.LABEL_CREATED
    assert [(e.description, e.location, e.code) for e in info.events] == [
        ("Shipping Label Created", "HOUSTON, TX, US 77063", "label_created")
    ]
    with pytest.raises(shipping.UnknownTrackingNumberError):
        ep.track("EZ0000000000")


def test_a_label_sold_under_our_reference_is_found_again(fake: FakeEasyPost) -> None:
    easypost = carrier(fake)
    assert easypost.find_label("SO-1001/1") is None
    bought = easypost.create_label(request())
    easypost.create_label(shipping.LabelRequest(**{**request().__dict__, "reference": "SO-2"}))

    found = easypost.find_label("SO-1001/1")

    assert found is not None
    assert (found.tracking_number, found.carrier_reference) == (
        bought.tracking_number, bought.carrier_reference,
    )  # fmt: skip
    assert found.rate is not None
    assert found.rate.service == "Priority"
    listing = fake.calls[-1]
    assert (listing.method, listing.path) == ("GET", "/v2/shipments")
    assert listing.query["purchased"] == ["true"]


def test_voiding_a_label_refunds_its_easypost_shipment(fake: FakeEasyPost) -> None:
    easypost = carrier(fake)
    label = easypost.create_label(request())

    assert easypost.void_label(label) == "submitted"

    refund = fake.calls[-1]
    assert (refund.method, refund.path) == (
        "POST",
        f"/v2/shipments/{label.carrier_reference}/refund",
    )
    assert fake.shipments[label.carrier_reference]["refund_status"] == "submitted"


def test_a_refund_easypost_rejects_is_a_refusal(fake: FakeEasyPost) -> None:
    easypost = carrier(fake)
    label = easypost.create_label(request())
    fake.queued.append(Answer(200, {**fake.shipments[label.carrier_reference],
                                    "refund_status": "rejected"}))  # fmt: skip

    with pytest.raises(shipping.CarrierRefused, match="refund rejected"):
        easypost.void_label(label)
