"""The demo's carriers: each its own tracking-number look, each number replayable."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from opsdesk.shipping import (
    LabelRequest,
    Package,
    Place,
    ServiceLevel,
    SimulatedCarrier,
    UnknownTrackingNumberError,
    default_carriers,
)
from opsdesk.shipping.carriers.numbering import DEMO_FORMATS, SIMULATED
from opsdesk.shipping.carriers.routing import choose_carrier_name, route_problems

TUESDAY = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


def request(level: ServiceLevel = ServiceLevel.STANDARD, grams: int = 2500) -> LabelRequest:
    return LabelRequest(
        "SO-1/1", level, Place("DE", "BE", "Berlin"), Place("DE", "HH", "Hamburg"), TUESDAY,
        (Package(grams),),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "pattern"),
    [("DHL", r"00340434\d{20}"), ("DPD", r"0150\d{20}"), ("GLS", r"4\d{20}"),
     ("UPS", r"1Z\d{20}"), ("Correios", r"QB\d{20}BR"), ("SEUR", r"SE\d{20}"),
     ("Jadlog", r"10\d{20}"), ("simulated", r"SIM[ESX][SNF]\d{12}[0-9A-F]{6}")],
)  # fmt: skip
def test_every_demo_carrier_labels_and_tracks_in_its_own_format(name: str, pattern: str) -> None:
    carrier = default_carriers()[name]

    label = carrier.create_label(request())

    assert label.carrier == name
    assert re.fullmatch(pattern, label.tracking_number), label.tracking_number
    assert label.tracking_url.endswith(label.tracking_number)
    assert carrier.track(label.tracking_number).events  # the journey replays from the number


def test_a_number_decodes_back_to_its_level_lane_and_hand_over() -> None:
    dpd = DEMO_FORMATS["DPD"]
    number = dpd.encode(ServiceLevel.EXPRESS, SIMULATED.decode("SIMXN202611170900ABCDEF")[1],
                        TUESDAY, "00ff00ff")  # fmt: skip

    level, lane, at = dpd.decode(number)

    assert (level, lane.value, at) == (ServiceLevel.EXPRESS, "neighbouring", TUESDAY)


@pytest.mark.parametrize("number", ["0150" + "9" * 20, "0150123", "4" + "2" * 20, "QB3100000097BR"])
def test_a_number_from_elsewhere_is_unknown_not_a_crash(number: str) -> None:
    with pytest.raises(UnknownTrackingNumberError):
        SimulatedCarrier(name="DPD", tracking_format=DEMO_FORMATS["DPD"]).track(number)


def test_quotes_rise_with_service_level_and_weight() -> None:
    carrier = SimulatedCarrier(name="GLS", tracking_format=DEMO_FORMATS["GLS"])

    light = carrier.rates(request(grams=500))
    heavy = carrier.rates(request(grams=4200))

    assert [r.service_level for r in light] == list(ServiceLevel)  # economy < standard < express
    assert [r.amount_minor for r in light] == [530, 650, 1210]  # base + 1 kg + neighbour lane
    assert all(h.amount_minor > lt.amount_minor for h, lt in zip(heavy, light, strict=True))
    label = carrier.create_label(request(ServiceLevel.EXPRESS, grams=500))
    assert label.rate is not None
    assert label.rate.amount_minor == 1210


def test_routes_pick_the_most_specific_carrier() -> None:
    routes = {"LEJ:express": "UPS", "LEJ": "DHL", "*:economy": "GLS", "*": "DPD"}

    def pick(code: str | None, level: ServiceLevel) -> str:
        return choose_carrier_name(routes, code, level, "simulated")

    assert pick("LEJ", ServiceLevel.EXPRESS) == "UPS"
    assert pick("LEJ", ServiceLevel.ECONOMY) == "DHL"
    assert pick("VLC", ServiceLevel.ECONOMY) == "GLS"
    assert pick(None, ServiceLevel.STANDARD) == "DPD"
    assert choose_carrier_name({}, "LEJ", ServiceLevel.STANDARD, "simulated") == "simulated"


def test_a_routes_table_naming_unknown_things_is_reported() -> None:
    problems = route_problems({"LEJ:fast": "DHL", "*": "Hermes"}, default_carriers())

    assert problems == ["'*': unknown carrier 'Hermes'", "'LEJ:fast': unknown service level 'fast'"]
