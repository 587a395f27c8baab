"""Properties of business-time arithmetic over generated calendars, zones and instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from opsdesk.support.sla import BusinessCalendar, Holiday

ZONES = (
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "America/Santiago",
    "Asia/Kolkata",
)
QUARTER_HOURS_PER_WEEK = 7 * 24 * 4
MICROSECOND = timedelta(microseconds=1)
FIRST_DAY, LAST_DAY = date(2023, 1, 1), date(2026, 12, 31)

instants = st.datetimes(
    min_value=datetime(2023, 1, 1), max_value=datetime(2026, 6, 30), timezones=st.just(UTC)
)
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=120))


def _interval_on_its_day(start_q: int, end_q: int) -> tuple[int, tuple[time, time]]:
    """Quarter-hours from Monday 00:00 to (weekday, (opens, closes)) in wall time."""
    weekday, start_in_day = divmod(start_q, 96)
    end_in_day = end_q % 96
    as_time = [time(q // 4, (q % 4) * 15) for q in (start_in_day, end_in_day)]
    return weekday, (as_time[0], as_time[1])


@st.composite
def weekly_hours(draw: st.DrawFn) -> dict[int, list[tuple[time, time]]]:
    """Disjoint open intervals of at most 24 hours anywhere in the week, some overnight."""
    marks = draw(
        st.lists(
            st.integers(0, QUARTER_HOURS_PER_WEEK),
            min_size=2,
            max_size=16,
            unique=True,
        ).map(sorted)
    )
    hours: dict[int, list[tuple[time, time]]] = {}
    for start_q, end_q in zip(marks[::2], marks[1::2], strict=False):
        end_q = min(end_q, start_q + 96)
        weekday, interval = _interval_on_its_day(start_q, end_q)
        hours.setdefault(weekday, []).append(interval)
    return hours


@st.composite
def holidays(draw: st.DrawFn) -> list[Holiday]:
    days = draw(st.lists(st.dates(FIRST_DAY, LAST_DAY), max_size=12))
    closures = []
    for day in days:
        if draw(st.booleans()):
            closures.append(Holiday(day))
        else:
            start, end = sorted(
                draw(st.lists(st.integers(0, 23), min_size=2, max_size=2, unique=True))
            )
            closures.append(Holiday(day, time(start), time(end)))
    return closures


@st.composite
def calendars(draw: st.DrawFn) -> BusinessCalendar:
    zone = draw(st.sampled_from(ZONES))
    if draw(st.integers(0, 4)) == 0:
        return BusinessCalendar.office_hours(zone, holidays=draw(holidays()))
    return BusinessCalendar.weekly(zone, draw(weekly_hours()), draw(holidays()))


def reference_between(calendar: BusinessCalendar, start: datetime, end: datetime) -> timedelta:
    """Day by day, no week skipping: what the fast path must agree with."""
    total = timedelta(0)
    day = calendar.local_date(start) - timedelta(days=1)
    while day <= calendar.local_date(end):
        for span_start, span_end in calendar.open_spans(day):
            total += max(timedelta(0), min(span_end, end) - max(span_start, start))
        day += timedelta(days=1)
    return total


@settings(deadline=None)
@given(calendars(), instants, instants, instants)
def test_business_time_is_additive(
    calendar: BusinessCalendar, a: datetime, b: datetime, c: datetime
) -> None:
    between = calendar.business_time_between
    assert between(a, b) + between(b, c) == between(a, c)


@settings(deadline=None)
@given(calendars(), instants, instants)
def test_week_skipping_agrees_with_counting_day_by_day(
    calendar: BusinessCalendar, a: datetime, b: datetime
) -> None:
    start, end = sorted((a, b))
    assert calendar.business_time_between(start, end) == reference_between(calendar, start, end)


@settings(deadline=None)
@given(calendars(), instants, instants, instants)
def test_business_time_grows_with_the_end_of_the_span(
    calendar: BusinessCalendar, start: datetime, a: datetime, b: datetime
) -> None:
    early, late = sorted((a, b))
    between = calendar.business_time_between
    assert between(start, early) <= between(start, late)
    assert timedelta(0) <= between(early, late) <= late - early


@settings(deadline=None)
@given(calendars(), instants, durations, durations)
def test_adding_more_business_time_never_gives_an_earlier_instant(
    calendar: BusinessCalendar, start: datetime, a: timedelta, b: timedelta
) -> None:
    shorter, longer = sorted((a, b))
    assert calendar.add_business_time(start, shorter) <= calendar.add_business_time(start, longer)


@settings(deadline=None)
@given(calendars(), instants, durations)
def test_adding_business_time_then_measuring_it_gives_it_back(
    calendar: BusinessCalendar, start: datetime, duration: timedelta
) -> None:
    due = calendar.add_business_time(start, duration)
    assert due >= start
    assert calendar.business_time_between(start, due) == duration


@settings(deadline=None)
@given(calendars(), instants, instants)
def test_adding_the_measured_time_lands_on_or_before_the_end(
    calendar: BusinessCalendar, a: datetime, b: datetime
) -> None:
    start, end = sorted((a, b))
    landed = calendar.add_business_time(start, calendar.business_time_between(start, end))
    assert landed <= end
    assert calendar.business_time_between(landed, end) == timedelta(0)
    if end > start and calendar.is_open(end) and calendar.is_open(end - MICROSECOND):
        assert landed == end


@settings(deadline=None)
@given(calendars(), instants)
def test_is_open_means_business_time_passes_right_now(
    calendar: BusinessCalendar, at: datetime
) -> None:
    passing = calendar.business_time_between(at, at + MICROSECOND) > timedelta(0)
    assert calendar.is_open(at) == passing


@settings(deadline=None)
@given(calendars(), instants)
def test_next_open_is_open_and_nothing_opens_before_it(
    calendar: BusinessCalendar, at: datetime
) -> None:
    opening = calendar.next_open(at)
    assert opening >= at
    assert calendar.is_open(opening)
    assert calendar.business_time_between(at, opening) == timedelta(0)


@settings(deadline=None)
@given(st.sampled_from(ZONES), instants, instants, durations)
def test_a_round_the_clock_calendar_is_plain_utc_arithmetic(
    zone: str, a: datetime, b: datetime, duration: timedelta
) -> None:
    calendar = BusinessCalendar.always_open(zone)
    assert calendar.business_time_between(a, b) == b - a
    assert calendar.add_business_time(a, duration) == a + duration
    # Local inputs must not fall into wall-clock subtraction (same tzinfo on both sides).
    local_a, local_b = a.astimezone(ZoneInfo(zone)), b.astimezone(ZoneInfo(zone))
    assert calendar.business_time_between(local_a, local_b) == b - a
