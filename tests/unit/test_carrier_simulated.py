from __future__ import annotations

import csv
import statistics
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from opsdesk.shipping.carriers import (
    LabelRequest,
    Lane,
    Place,
    ServiceLevel,
    SimulatedCarrier,
    UnknownTrackingNumberError,
    simulate_journey,
)
from opsdesk.shipping.models import ShipmentStatus
from opsdesk.shipping.transit import (
    classify_lane,
    estimate_delivery,
    promised_delivery_date,
)

TUESDAY_MORNING = datetime(2026, 11, 17, 9, 30, tzinfo=UTC)
HAMBURG = Place(country="DE", region="HH", city="Hamburg")


def _journeys(level: ServiceLevel, lane: Lane, count: int = 3000) -> list:
    starts = [TUESDAY_MORNING + timedelta(hours=7 * i) for i in range(count)]
    return [simulate_journey(f"seed-{i}", at, lane, level) for i, at in enumerate(starts)]


def test_the_same_seed_tells_the_same_story() -> None:
    first = simulate_journey("parcel-7", TUESDAY_MORNING, Lane.FAR, ServiceLevel.STANDARD)
    again = simulate_journey("parcel-7", TUESDAY_MORNING, Lane.FAR, ServiceLevel.STANDARD)
    other = simulate_journey("parcel-8", TUESDAY_MORNING, Lane.FAR, ServiceLevel.STANDARD)
    assert first == again
    assert [e.update for e in first.events] != [e.update for e in other.events]


def test_lanes_follow_regions_and_borders() -> None:
    assert classify_lane(HAMBURG, Place("DE", "hh")) is Lane.SAME_REGION
    assert classify_lane(HAMBURG, Place("DE", "BY")) is Lane.NEIGHBOURING
    assert classify_lane(HAMBURG, Place("AT", "W")) is Lane.NEIGHBOURING
    assert classify_lane(HAMBURG, Place("ES", "MD")) is Lane.FAR


def test_estimates_skip_weekends() -> None:
    friday = date(2026, 11, 20)
    saturday = date(2026, 11, 21)
    assert estimate_delivery(friday, Lane.SAME_REGION, ServiceLevel.EXPRESS) == date(2026, 11, 23)
    # A Saturday hand-over is collected on Monday and arrives on Tuesday.
    assert estimate_delivery(saturday, Lane.SAME_REGION, ServiceLevel.EXPRESS) == date(2026, 11, 24)


def test_the_promise_at_checkout_adds_handling_to_the_carrier_estimate() -> None:
    monday = date(2026, 11, 16)
    promised = promised_delivery_date(monday, Lane.NEIGHBOURING, ServiceLevel.STANDARD)
    assert promised == estimate_delivery(
        date(2026, 11, 17), Lane.NEIGHBOURING, ServiceLevel.STANDARD
    )
    assert promised == date(2026, 11, 20)


def test_express_arrives_sooner_than_economy_on_average() -> None:
    def mean_days(level: ServiceLevel) -> float:
        return statistics.mean(
            (j.delivered_on - j.events[0].update.occurred_at.date()).days
            for j in _journeys(level, Lane.NEIGHBOURING, 800)
            if j.delivered_on
        )

    assert mean_days(ServiceLevel.EXPRESS) + 1.5 < mean_days(ServiceLevel.STANDARD)
    assert mean_days(ServiceLevel.STANDARD) + 1.5 < mean_days(ServiceLevel.ECONOMY)


def test_late_share_stays_within_a_realistic_band() -> None:
    journeys = _journeys(ServiceLevel.STANDARD, Lane.NEIGHBOURING)
    delivered = [j for j in journeys if j.delivered_on]
    late_share = sum(j.late for j in delivered) / len(delivered)
    assert 0.06 <= late_share <= 0.13


def test_weekend_handovers_are_late_more_often() -> None:
    friday_evening = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
    fridays = [
        simulate_journey(
            f"f{i}", friday_evening + timedelta(weeks=i % 50), Lane.FAR, ServiceLevel.ECONOMY
        )
        for i in range(3000)
    ]
    tuesdays = _journeys(ServiceLevel.ECONOMY, Lane.FAR)
    tuesdays = [j for j in tuesdays if j.events[0].update.occurred_at.weekday() in (0, 1, 2)]

    def late(js: list) -> float:
        delivered = [j for j in js if j.delivered_on]
        return sum(j.late for j in delivered) / len(delivered)

    assert late(fridays) > late(tuesdays) + 0.02


def test_some_parcels_go_wrong_in_each_way() -> None:
    outcomes = {j.outcome for j in _journeys(ServiceLevel.STANDARD, Lane.FAR, 4000)}
    assert {
        ShipmentStatus.DELIVERED,
        ShipmentStatus.LOST,
        ShipmentStatus.EXCEPTION,
        ShipmentStatus.RETURNED_TO_SENDER,
    } <= outcomes


def test_scans_are_in_time_order_and_a_late_parcel_announces_its_delay() -> None:
    for journey in _journeys(ServiceLevel.STANDARD, Lane.FAR, 500):
        times = [e.update.occurred_at for e in journey.events]
        assert times == sorted(times)
        if journey.late:
            delays = [e for e in journey.events if e.update.description.startswith("Delayed")]
            assert delays
            assert delays[0].estimated_delivery_date == journey.delivered_on


def test_simulated_lateness_is_close_to_real_marketplace_lateness(shared_data: Path) -> None:
    with (shared_data / "olist" / "orders.csv").open(newline="") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if r["order_status"] == "delivered" and r["order_delivered_customer_date"]
        ]
    real_late = sum(
        r["order_delivered_customer_date"][:10] > r["order_estimated_delivery_date"][:10]
        for r in rows
    ) / len(rows)
    journeys = _journeys(ServiceLevel.STANDARD, Lane.NEIGHBOURING)
    delivered = [j for j in journeys if j.delivered_on]
    simulated_late = sum(j.late for j in delivered) / len(delivered)
    assert abs(simulated_late - real_late) < 0.05


class StoppedClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_the_carrier_tracks_its_labels_as_time_passes() -> None:
    clock = StoppedClock(TUESDAY_MORNING)
    carrier = SimulatedCarrier(seed=3, clock=clock)
    label = carrier.create_label(
        LabelRequest("F-1", ServiceLevel.EXPRESS, HAMBURG, Place("DE", "BY"), TUESDAY_MORNING)
    )
    assert label.lane is Lane.NEIGHBOURING
    assert label.estimated_delivery_date == date(2026, 11, 18)
    assert label.tracking_url.endswith(label.tracking_number)
    assert carrier.track(label.tracking_number).status is ShipmentStatus.LABEL_CREATED
    clock.now = TUESDAY_MORNING + timedelta(days=10)
    final = carrier.track(label.tracking_number)
    assert final.status is carrier.journey(label.tracking_number).outcome
    assert len(final.events) >= 4
    # Another process with the same seed sees the same parcel.
    assert SimulatedCarrier(seed=3, clock=clock).track(label.tracking_number) == final


def test_an_unknown_tracking_number_is_refused() -> None:
    with pytest.raises(UnknownTrackingNumberError):
        SimulatedCarrier().track("1Z999AA10123456784")
