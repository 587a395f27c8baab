"""Ticket volume and backlog per ISO week on the store's clock."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from opsdesk.support.load import WeekLoad, weekly_load, weeks_between

BERLIN = ZoneInfo("Europe/Berlin")


def at(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=BERLIN)


def test_weeks_start_on_monday_in_the_store_zone_and_are_clipped_to_the_period() -> None:
    weeks = weeks_between(at(3, 25), at(4, 3), "Europe/Berlin")  # across the DST change
    assert [w.label for w in weeks] == ["2026-W13", "2026-W14"]
    assert weeks[0].start == at(3, 25)
    assert weeks[0].end == datetime(2026, 3, 30, 0, tzinfo=BERLIN)
    assert weeks[0].end.astimezone(UTC).hour == 22  # Monday 00:00 summer time
    assert weeks[1].end == at(4, 3)


def test_created_solved_and_open_at_each_weeks_end() -> None:
    weeks = weeks_between(at(11, 30, 0), at(12, 14, 0), "Europe/Berlin")  # W49, W50
    tickets = [
        (at(11, 20), None),  # from before the period, still open: backlog in both weeks
        (at(12, 1), at(12, 2)),  # created and solved in W49
        (at(12, 3), at(12, 9)),  # created W49, solved W50
        (at(12, 10), None),  # created W50, open
    ]
    assert weekly_load(tickets, weeks) == [
        WeekLoad("2026-W49", created=2, solved=1, open_at_end=2),
        WeekLoad("2026-W50", created=1, solved=1, open_at_end=2),
    ]
