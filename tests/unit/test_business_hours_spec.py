"""Business calendars in their JSON form: reading, refusing bad input, round trips."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from hypothesis import given

from opsdesk.kernel.errors import InvalidInput
from opsdesk.support.sla import (
    BusinessCalendar,
    Holiday,
    OpenInterval,
    calendar_from_spec,
    calendar_to_spec,
)
from tests.unit.test_business_hours_properties import calendars

SUPPORT_TEAM = {
    "timezone": "Europe/Berlin",
    "hours": {
        "mon": ["09:00-12:00", "13:00-17:00"],
        "fri": ["09:00-15:30"],
        "sun": ["22:00-06:00"],
    },
    "holidays": ["2024-12-25", {"date": "2024-12-24", "from": "12:00", "name": "Eve"}],
}


def test_a_spec_reads_into_the_calendar_it_describes() -> None:
    calendar = calendar_from_spec(SUPPORT_TEAM)
    assert calendar.timezone == "Europe/Berlin"
    assert calendar.week[0] == (OpenInterval(time(9), time(12)), OpenInterval(time(13), time(17)))
    assert calendar.week[4] == (OpenInterval(time(9), time(15, 30)),)
    assert calendar.week[6][0].crosses_midnight
    assert calendar.week[1] == ()
    assert calendar.holidays == (
        Holiday(date(2024, 12, 25)),
        Holiday(date(2024, 12, 24), closed_from=time(12), name="Eve"),
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hours": {"monday": ["09:00-17:00"]}}, "hours"),
        ({"hours": {"mon": ["9 to 5"]}}, "hours.mon[0]"),
        ({"hours": {"mon": ["09:00-25:00"]}}, "hours.mon[0]"),
        ({"hours": {"mon": ["09:00-17:00", "16:00-18:00"]}}, "hours"),
        ({"holidays": ["25.12.2024"]}, "holidays[0]"),
        ({"holidays": [{"from": "12:00"}]}, "holidays[0]"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"hours": None}, "hours"),
    ],
)
def test_bad_specs_are_refused_naming_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        calendar_from_spec({**SUPPORT_TEAM, **change})
    assert raised.value.details["errors"][0]["field"] == field


@given(calendars())
def test_a_calendar_survives_the_round_trip_through_its_spec(calendar: BusinessCalendar) -> None:
    assert calendar_from_spec(calendar_to_spec(calendar)) == calendar
