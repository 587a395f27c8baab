"""The return-reasons period starts at midnight UTC, so units sold come from whole days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from opsdesk.returns.summary import window_start


def test_the_window_starts_at_midnight_utc_the_given_days_back() -> None:
    now = datetime(2026, 12, 7, 15, 42, tzinfo=UTC)
    assert window_start(now, 30) == datetime(2026, 11, 7, tzinfo=UTC)


def test_a_local_time_counts_by_its_utc_day() -> None:
    # 00:30 on 8 Dec in UTC+2 is still 7 Dec in UTC.
    now = datetime(2026, 12, 8, 0, 30, tzinfo=timezone(timedelta(hours=2)))
    assert window_start(now, 90) == datetime(2026, 9, 8, tzinfo=UTC)
