"""Business calendars with concrete dates: weekends, holidays, night shifts and DST nights."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from opsdesk.kernel.errors import InvalidInput
from opsdesk.support.sla import BusinessCalendar, Holiday, OpenInterval

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")
SANTIAGO = ZoneInfo("America/Santiago")
HOURS = timedelta(hours=1)

OFFICE_BERLIN = BusinessCalendar.office_hours("Europe/Berlin")
# German public holidays of 2024 that fall on a weekday.
GERMAN_WEEKDAY_HOLIDAYS_2024 = [
    date(2024, 1, 1),
    date(2024, 3, 29),
    date(2024, 4, 1),
    date(2024, 5, 1),
    date(2024, 5, 9),
    date(2024, 5, 20),
    date(2024, 10, 3),
    date(2024, 12, 25),
    date(2024, 12, 26),
]


def at(zone: ZoneInfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# -- weekends and holidays ---------------------------------------------------------------


def test_a_weekend_adds_no_business_time() -> None:
    friday_afternoon = at(BERLIN, 2024, 6, 7, 16, 0)
    monday_morning = at(BERLIN, 2024, 6, 10, 10, 0)
    assert OFFICE_BERLIN.business_time_between(friday_afternoon, monday_morning) == 2 * HOURS


def test_adding_past_closing_time_continues_on_monday_morning() -> None:
    due = OFFICE_BERLIN.add_business_time(at(BERLIN, 2024, 6, 7, 16, 30), HOURS)
    assert due == at(BERLIN, 2024, 6, 10, 9, 30)
    assert due.tzinfo is UTC


def test_the_easter_holidays_push_the_due_time_to_tuesday() -> None:
    easter = BusinessCalendar.office_hours(
        "Europe/Berlin", holidays=[date(2024, 3, 29), date(2024, 4, 1)]
    )
    due = easter.add_business_time(at(BERLIN, 2024, 3, 28, 16, 0), 2 * HOURS)
    # Thursday 16-17, then Tuesday 9-10; the clocks went forward on the way.
    assert due == utc(2024, 4, 2, 8, 0)


def test_a_half_day_closure_keeps_the_morning_open() -> None:
    christmas = BusinessCalendar.office_hours(
        "Europe/Berlin",
        holidays=[
            Holiday(date(2024, 12, 24), closed_from=time(12), name="Christmas Eve"),
            date(2024, 12, 25),
            date(2024, 12, 26),
        ],
    )
    span = christmas.business_time_between(
        at(BERLIN, 2024, 12, 24, 8, 0), at(BERLIN, 2024, 12, 27, 10, 0)
    )
    assert span == 4 * HOURS  # 09-12 on the 24th, 09-10 on the 27th
    assert christmas.is_open(at(BERLIN, 2024, 12, 24, 11, 59))
    assert not christmas.is_open(at(BERLIN, 2024, 12, 24, 12, 0))


def test_a_year_of_office_hours_counts_every_working_day_but_holidays() -> None:
    calendar = BusinessCalendar.office_hours("Europe/Berlin", holidays=GERMAN_WEEKDAY_HOLIDAYS_2024)
    new_year, next_new_year = at(BERLIN, 2024, 1, 1), at(BERLIN, 2025, 1, 1)
    working_days = 262 - len(GERMAN_WEEKDAY_HOLIDAYS_2024)
    assert calendar.business_time_between(new_year, next_new_year) == working_days * 8 * HOURS
    last_close = calendar.add_business_time(new_year, working_days * 8 * HOURS)
    assert last_close == at(BERLIN, 2024, 12, 31, 17, 0)


def test_a_span_backwards_is_the_negative_of_the_span_forwards() -> None:
    start, end = at(BERLIN, 2024, 6, 3, 10), at(BERLIN, 2024, 6, 4, 11)
    assert OFFICE_BERLIN.business_time_between(end, start) == -9 * HOURS


# -- shifts ------------------------------------------------------------------------------


def test_a_split_shift_skips_the_lunch_break() -> None:
    split = BusinessCalendar.weekly(
        "Europe/Berlin", {day: [(time(9), time(12)), (time(13), time(17))] for day in range(5)}
    )
    due = split.add_business_time(at(BERLIN, 2024, 6, 3, 10), timedelta(hours=3, minutes=30))
    assert due == at(BERLIN, 2024, 6, 3, 14, 30)
    assert not split.is_open(at(BERLIN, 2024, 6, 3, 12, 30))


NIGHT_SHIFT = BusinessCalendar.weekly(
    "Europe/Berlin", {day: [(time(22), time(6))] for day in (6, 0, 1, 2, 3)}
)


def test_a_night_shift_runs_past_midnight_into_the_next_day() -> None:
    assert NIGHT_SHIFT.is_open(at(BERLIN, 2024, 6, 3, 2, 0))  # Sunday's shift, Monday 02:00
    assert NIGHT_SHIFT.is_open(at(BERLIN, 2024, 6, 7, 5, 59))  # Thursday's, Friday morning
    assert not NIGHT_SHIFT.is_open(at(BERLIN, 2024, 6, 8, 2, 0))  # no Friday night shift
    monday_evening, tuesday_morning = at(BERLIN, 2024, 6, 3, 21), at(BERLIN, 2024, 6, 4, 7)
    assert NIGHT_SHIFT.business_time_between(monday_evening, tuesday_morning) == 8 * HOURS


def test_a_holiday_cuts_the_night_shift_at_midnight() -> None:
    cut = BusinessCalendar.weekly(
        "Europe/Berlin", {0: [(time(22), time(6))]}, holidays=[date(2024, 6, 4)]
    )
    span = cut.business_time_between(at(BERLIN, 2024, 6, 3, 21), at(BERLIN, 2024, 6, 4, 7))
    assert span == 2 * HOURS


def test_a_holiday_monday_cuts_a_sunday_night_shift_inside_a_skipped_week() -> None:
    sundays = BusinessCalendar.weekly(
        "Europe/Berlin", {6: [(time(22), time(6))]}, holidays=[date(2024, 6, 10)]
    )
    june = sundays.business_time_between(at(BERLIN, 2024, 6, 1), at(BERLIN, 2024, 7, 1))
    # Five Sunday shifts: the one before the holiday and the one cut by the range end
    # last until midnight only.
    assert june == (3 * 8 + 2 + 2) * HOURS


def test_next_open_is_the_instant_itself_while_open_and_the_next_opening_otherwise() -> None:
    saturday = at(BERLIN, 2024, 6, 8, 11)
    assert OFFICE_BERLIN.next_open(saturday) == at(BERLIN, 2024, 6, 10, 9)
    tuesday = at(BERLIN, 2024, 6, 4, 11)
    assert OFFICE_BERLIN.next_open(tuesday) == tuesday
    assert OFFICE_BERLIN.is_open(at(BERLIN, 2024, 6, 4, 9))
    assert not OFFICE_BERLIN.is_open(at(BERLIN, 2024, 6, 4, 17))


def test_next_open_skips_a_holiday_monday() -> None:
    easter = BusinessCalendar.office_hours("Europe/Berlin", holidays=[date(2024, 4, 1)])
    assert easter.next_open(at(BERLIN, 2024, 3, 30, 12)) == at(BERLIN, 2024, 4, 2, 9)


# -- daylight saving ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "hours"),
    [
        (BERLIN, date(2024, 3, 31), 23),
        (BERLIN, date(2024, 10, 27), 25),
        (NEW_YORK, date(2024, 3, 10), 23),
        (NEW_YORK, date(2024, 11, 3), 25),
        (SYDNEY, date(2024, 4, 7), 25),  # southern autumn: the clocks go back
        (SYDNEY, date(2024, 10, 6), 23),
        (SANTIAGO, date(2024, 9, 8), 23),  # here local midnight itself is skipped
        (SANTIAGO, date(2024, 4, 6), 25),
    ],
)
def test_a_round_the_clock_day_lasts_as_long_as_the_clock_says(
    zone: ZoneInfo, day: date, hours: int
) -> None:
    calendar = BusinessCalendar.always_open(str(zone))
    [(start, end)] = calendar.open_spans(day)
    assert end - start == hours * HOURS
    noon_before = datetime.combine(day - timedelta(days=1), time(12), tzinfo=zone)
    noon_after = datetime.combine(day + timedelta(days=1), time(12), tzinfo=zone)
    assert calendar.business_time_between(noon_before, noon_after) == (24 + hours) * HOURS


def test_a_round_the_clock_calendar_counts_the_spring_forward_night_as_23_hours() -> None:
    calendar = BusinessCalendar.always_open("Europe/Berlin")
    saturday_noon, sunday_noon = at(BERLIN, 2024, 3, 30, 12), at(BERLIN, 2024, 3, 31, 12)
    assert calendar.business_time_between(saturday_noon, sunday_noon) == 23 * HOURS
    assert calendar.add_business_time(saturday_noon, 24 * HOURS) == at(BERLIN, 2024, 3, 31, 13)


def test_a_round_the_clock_calendar_counts_the_fall_back_night_as_25_hours() -> None:
    calendar = BusinessCalendar.always_open("America/New_York")
    saturday_noon, sunday_noon = at(NEW_YORK, 2024, 11, 2, 12), at(NEW_YORK, 2024, 11, 3, 12)
    assert calendar.business_time_between(saturday_noon, sunday_noon) == 25 * HOURS


@pytest.mark.parametrize(("saturday", "hours"), [(date(2024, 3, 30), 7), (date(2024, 10, 26), 9)])
def test_a_night_shift_over_a_dst_change_lasts_the_real_time(saturday: date, hours: int) -> None:
    shift = BusinessCalendar.weekly("Europe/Berlin", {5: [(time(22), time(6))]})
    evening = datetime.combine(saturday, time(21), tzinfo=BERLIN)
    morning = datetime.combine(saturday + timedelta(days=1), time(7), tzinfo=BERLIN)
    assert shift.business_time_between(evening, morning) == hours * HOURS


@pytest.mark.parametrize(
    ("friday", "monday_utc"),
    [
        (date(2024, 3, 8), utc(2024, 3, 11, 14)),  # Monday 10:00 EDT
        (date(2024, 11, 1), utc(2024, 11, 4, 15)),  # Monday 10:00 EST
    ],
)
def test_office_hours_in_new_york_keep_local_opening_times_across_dst(
    friday: date, monday_utc: datetime
) -> None:
    office = BusinessCalendar.office_hours("America/New_York")
    due = office.add_business_time(datetime.combine(friday, time(16), tzinfo=NEW_YORK), 2 * HOURS)
    assert due == monday_utc


def test_office_hours_in_sydney_follow_the_southern_autumn_change() -> None:
    office = BusinessCalendar.office_hours("Australia/Sydney")
    friday = at(SYDNEY, 2024, 4, 5, 16)  # AEDT, UTC+11
    assert office.add_business_time(friday, 2 * HOURS) == utc(2024, 4, 8, 0)  # 10:00 AEST


def test_a_shift_opening_inside_the_spring_forward_gap_opens_when_the_clocks_jump() -> None:
    early = BusinessCalendar.weekly("America/New_York", {6: [(time(2, 30), time(5))]})
    assert early.open_spans(date(2024, 3, 10)) == [(utc(2024, 3, 10, 7), utc(2024, 3, 10, 9))]


def test_a_shift_in_the_repeated_fall_back_hour_lasts_both_occurrences() -> None:
    early = BusinessCalendar.weekly("America/New_York", {6: [(time(1), time(2))]})
    assert early.open_spans(date(2024, 11, 3)) == [(utc(2024, 11, 3, 5), utc(2024, 11, 3, 7))]


# -- validation --------------------------------------------------------------------------


def test_overlapping_hours_are_refused_with_a_clear_error() -> None:
    with pytest.raises(InvalidInput, match="overlap"):
        BusinessCalendar.weekly("Europe/Berlin", {0: [(time(9), time(13)), (time(12), time(17))]})


def test_a_sunday_night_shift_may_not_run_into_monday_hours() -> None:
    with pytest.raises(InvalidInput, match="overlap"):
        BusinessCalendar.weekly("UTC", {6: [(time(22), time(6))], 0: [(time(5), time(9))]})


def test_a_calendar_that_never_opens_is_refused() -> None:
    with pytest.raises(InvalidInput, match="at least one open interval"):
        BusinessCalendar.weekly("UTC", {})


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(InvalidInput, match="unknown time zone") as raised:
        BusinessCalendar.office_hours("Europe/Atlantis")
    assert raised.value.status_code == 422


def test_a_holiday_closure_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidInput, match="ends before it starts"):
        Holiday(date(2024, 12, 24), closed_from=time(14), closed_until=time(12))


def test_opening_hours_with_a_time_zone_are_refused() -> None:
    with pytest.raises(InvalidInput, match="local wall times"):
        OpenInterval(time(9, tzinfo=UTC), time(17))


def test_naive_datetimes_and_negative_durations_are_programming_errors() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        OFFICE_BERLIN.business_time_between(datetime(2024, 6, 3, 9), utc(2024, 6, 4))
    with pytest.raises(ValueError, match="negative"):
        OFFICE_BERLIN.add_business_time(utc(2024, 6, 3), -HOURS)
