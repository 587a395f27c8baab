"""``--clock-at``: the named moments land where a date bug shows, and bad values are refused."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.support.clock import resolve

MONDAY = date(2026, 12, 7)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("name", "today", "expected"),
    [
        ("dst-spring", MONDAY, datetime(2027, 3, 28, 0, 59, 30, tzinfo=UTC)),
        ("dst-autumn", MONDAY, datetime(2027, 10, 31, 0, 59, 30, tzinfo=UTC)),
        ("dst-autumn", date(2026, 10, 1), datetime(2026, 10, 25, 0, 59, 30, tzinfo=UTC)),
        ("weekend", MONDAY, datetime(2026, 12, 12, 10, 30, tzinfo=UTC)),
        ("weekend", date(2026, 12, 12), datetime(2026, 12, 19, 10, 30, tzinfo=UTC)),
        ("store-midnight", MONDAY, datetime(2026, 12, 8, 22, 58, tzinfo=UTC)),
        ("new-year", MONDAY, datetime(2026, 12, 31, 22, 58, tzinfo=UTC)),
        ("year-ahead", MONDAY, datetime(2027, 12, 7, 9, 0, tzinfo=UTC)),
    ],
)
def test_named_moments(name: str, today: date, expected: datetime) -> None:
    assert resolve(name, today) == expected


def test_the_dst_moments_are_half_a_minute_before_berlin_changes_its_offset() -> None:
    for name in ("dst-spring", "dst-autumn"):
        before = resolve(name, MONDAY)
        after = before.replace(second=0, minute=0, hour=1)
        assert before.astimezone(BERLIN).utcoffset() != after.astimezone(BERLIN).utcoffset()


def test_an_instant_is_taken_as_utc_unless_it_says_otherwise() -> None:
    assert resolve("2027-06-05T21:59:30", MONDAY) == datetime(2027, 6, 5, 21, 59, 30, tzinfo=UTC)
    assert resolve("2027-06-05T23:59:30+02:00", MONDAY) == datetime(
        2027, 6, 5, 21, 59, 30, tzinfo=UTC
    )


def test_anything_else_is_a_usage_error_naming_the_scenarios() -> None:
    with pytest.raises(pytest.UsageError, match="year-ahead, weekend"):
        resolve("next tuesday", MONDAY)
