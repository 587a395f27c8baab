from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from opsdesk.notifications.policy import decide, in_quiet_hours, quiet_hours_end, zone

BERLIN = zone("Europe/Berlin")


@pytest.mark.parametrize(
    ("local", "expected"),
    [(time(21, 59), False), (time(22, 0), True), (time(3, 0), True), (time(7, 0), False)],
)
def test_quiet_hours_that_wrap_midnight(local: time, expected: bool) -> None:
    assert in_quiet_hours(local, time(22), time(7)) is expected


def test_a_message_at_night_waits_until_the_customer_wakes_up() -> None:
    # 23:30 in Berlin in winter is 22:30 UTC; quiet until 07:00 Berlin = 06:00 UTC next day.
    now = datetime(2026, 1, 14, 22, 30, tzinfo=UTC)
    assert quiet_hours_end(now, BERLIN, time(22), time(7)) == datetime(
        2026, 1, 15, 6, 0, tzinfo=UTC
    )


def test_after_midnight_the_wait_ends_the_same_morning() -> None:
    now = datetime(2026, 1, 15, 1, 0, tzinfo=UTC)  # 02:00 Berlin
    assert quiet_hours_end(now, BERLIN, time(22), time(7)) == datetime(
        2026, 1, 15, 6, 0, tzinfo=UTC
    )


def test_quiet_hours_follow_daylight_saving_time() -> None:
    # Night of the spring change (29 March 2026): 07:00 Berlin is already summer time (05:00 UTC).
    now = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    assert quiet_hours_end(now, BERLIN, time(22), time(7)) == datetime(
        2026, 3, 29, 5, 0, tzinfo=UTC
    )


def test_daytime_messages_go_at_once() -> None:
    now = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    assert quiet_hours_end(now, BERLIN, time(22), time(7)) == now


def test_opting_out_stops_marketing_but_never_a_transactional_message() -> None:
    now = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    common = {"opted_out": frozenset({"follow_up", "shipped"}), "quiet": None,
              "timezone": "Europe/Berlin", "now": now}  # fmt: skip
    follow_up = decide(message_type="follow_up", transactional=False, **common)  # type: ignore[arg-type]
    shipped = decide(message_type="shipped", transactional=True, **common)  # type: ignore[arg-type]
    assert (follow_up.send, follow_up.reason) == (False, "customer opted out of follow_up")
    assert shipped.send is True


def test_an_unknown_time_zone_falls_back_to_utc() -> None:
    assert zone("Mars/Olympus_Mons").key == "UTC"
