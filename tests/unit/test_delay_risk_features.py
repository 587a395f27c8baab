"""Risk features at a moment in time: slack, silence, calendar, lanes, transit curves."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk.transit import GRID, TransitDistributions, group_keys, shrink

HANDED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # a Friday


def facts(n: int = 1, *, promised: date = date(2026, 11, 25), origin: str = "SP",
          destination: str = "AM", carrier: str = "simulated") -> f.ShipmentFacts:  # fmt: skip
    def column(value: object) -> np.ndarray:
        return np.full(n, value, dtype=object)

    return f.ShipmentFacts(
        carrier=column(carrier),
        service_level=column("standard"),
        origin_region=column(origin),
        destination_region=column(destination),
        lane_class=f.lane_classes(column("BR"), column(origin), column("BR"), column(destination)),
        placed_at=np.full(n, f.epoch(HANDED - timedelta(days=2))),
        handed_over_at=np.full(n, f.epoch(HANDED)),
        promise_end=np.full(n, f.end_of_day(promised)),
        order_value=np.full(n, 80.0),
        freight_value=np.full(n, 20.0),
        weight_g=np.full(n, 500.0),
        item_count=np.full(n, 1.0),
    )


def test_slack_counts_to_the_end_of_the_promised_day() -> None:
    shipment = facts(promised=date(2026, 11, 25))
    at = f.epoch(datetime(2026, 11, 24, 12, tzinfo=UTC))
    assert f.slack_days(shipment, at)[0] == pytest.approx(1.5)


def test_slack_turns_negative_once_the_promise_is_missed() -> None:
    shipment = facts(promised=date(2026, 11, 21))
    assert f.slack_days(shipment, f.epoch(datetime(2026, 11, 23, tzinfo=UTC)))[0] == pytest.approx(
        -1.0
    )


def test_silence_runs_from_the_last_scan_or_from_hand_over_without_one() -> None:
    shipment = facts(2)
    now = f.epoch(HANDED + timedelta(days=4))
    last_scan = np.array([f.epoch(HANDED + timedelta(days=1)), 0.0])
    state = f.InFlightState(
        shipment, last_scan, np.array(["in_transit", "label_created"], dtype=object)
    )
    assert f.silence_days(state, now).tolist() == pytest.approx([3.0, 4.0])


def test_weekday_and_month_are_read_in_utc() -> None:
    moments = np.array([f.epoch(HANDED), f.epoch(datetime(2027, 1, 3, 23, 59, tzinfo=UTC))])
    assert f.weekday(moments).tolist() == [4, 6]
    assert f.month(moments).tolist() == [11, 1]


def test_lanes_are_classified_like_the_shipping_module() -> None:
    classes = f.lane_classes(
        np.array(["BR", "BR", "DE"], dtype=object),
        np.array(["SP", "SP", "BE"], dtype=object),
        np.array(["BR", "BR", "US"], dtype=object),
        np.array(["sp", "AM", "NY"], dtype=object),
    )
    assert classes.tolist() == ["same_region", "neighbouring", "far"]


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        f.epoch(datetime(2026, 11, 20))


def test_group_keys_run_from_carrier_to_origin_in_capitals() -> None:
    names, codes = group_keys(*(np.array(v, dtype=object) for v in (
        ["simulated", "simulated"], ["standard", "standard"], ["neighbouring"] * 2,
        ["am", "AM"], ["SP", "SP"])))  # fmt: skip
    assert [names[c] for c in codes] == ["SIMULATED|STANDARD|NEIGHBOURING|AM|SP"] * 2


def test_a_thin_lane_borrows_its_shape_from_its_parent() -> None:
    own, parent = np.ones(len(GRID)), np.zeros(len(GRID))
    assert shrink(own, 10, parent, 30.0)[0] == pytest.approx(0.25)
    assert shrink(own, 990, parent, 30.0)[0] == pytest.approx(990 / 1020)


def _curves(days_by_lane: dict[str, list[float]]) -> TransitDistributions:
    names = sorted(days_by_lane)
    codes = np.array([names.index(k) for k in names for _ in days_by_lane[k]])
    days = np.array([d for k in names for d in days_by_lane[k]], dtype=float)
    return TransitDistributions.fit((names, codes), days, strength=5.0)


def test_survival_is_the_share_of_parcels_slower_than_the_slack() -> None:
    curves = _curves({"C|S|FAR|AM|SP": [float(d) for d in range(1, 11)] * 20})
    group = curves.lookup((["C|S|FAR|AM|SP"], np.array([0])))
    assert curves.survival(group, np.array([7.0]))[0] == pytest.approx(0.3, abs=0.01)
    assert curves.median_days(group)[0] == pytest.approx(5.0)


def test_still_travelling_after_some_days_makes_missing_the_promise_likelier() -> None:
    curves = _curves({"C|S|FAR|AM|SP": [float(d) for d in range(1, 11)] * 20})
    group = np.zeros(2, dtype=np.int64)
    group[:] = curves.lookup((["C|S|FAR|AM|SP"], np.array([0])))[0]
    at_start, later = curves.conditional_survival(group, np.array([7.0, 7.0]), np.array([0.0, 5.0]))
    assert at_start == pytest.approx(0.3, abs=0.01)
    assert later == pytest.approx(0.3 / 0.5, abs=0.02)


def test_an_unseen_lane_falls_back_to_its_destination() -> None:
    curves = _curves({"C|S|FAR|AM|SP": [9.0] * 50, "C|S|FAR|RJ|SP": [2.0] * 50})
    group = curves.lookup((["C|S|FAR|AM|MG"], np.array([0])))
    assert curves.keys[group[0]] == "C|S|FAR|AM"
    assert curves.survival(group, np.array([5.0]))[0] > 0.9


def test_curves_survive_a_round_trip_through_json() -> None:
    curves = _curves({"C|S|FAR|AM|SP": [3.0, 4.0, 8.0] * 10})
    again = TransitDistributions.from_dict(curves.to_dict())
    assert again.keys == curves.keys
    np.testing.assert_allclose(again.curves, curves.curves, atol=1e-5)
