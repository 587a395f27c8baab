"""Business hours of a team: when it is at work, and how much work time lies between instants.

A calendar is a weekly schedule in a team's own time zone plus holiday closures. All
arithmetic takes and returns aware datetimes (returned in UTC) and counts real elapsed
time, so an hour of business time is an hour on any clock, across daylight saving.

Long spans are not walked minute by minute: open intervals are generated day by day, and
whole weeks without holidays or clock changes are added as one precomputed total.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from opsdesk.kernel.errors import InvalidInput
from opsdesk.support.sla.walltime import (
    WallSpan,
    load_zone,
    require_aware,
    subtract,
    to_instant,
)

DAY = timedelta(days=1)
WEEK = timedelta(days=7)
ZERO = timedelta(0)
Span = tuple[datetime, datetime]
"""A half-open span ``[start, end)`` of aware UTC instants."""


def _invalid(field_name: str, reason: str) -> InvalidInput:
    return InvalidInput(
        f"{field_name}: {reason}", details={"errors": [{"field": field_name, "reason": reason}]}
    )


def _since_midnight(moment: time) -> timedelta:
    return timedelta(
        hours=moment.hour,
        minutes=moment.minute,
        seconds=moment.second,
        microseconds=moment.microsecond,
    )


@dataclass(frozen=True, order=True)
class OpenInterval:
    """Opening hours on one weekday in local wall time.

    A ``closes`` at or before ``opens`` runs past midnight into the next day: 22:00-06:00
    is a night shift, 00:00-00:00 a whole day.
    """

    opens: time
    closes: time

    def __post_init__(self) -> None:
        if self.opens.tzinfo is not None or self.closes.tzinfo is not None:
            raise _invalid("hours", "opening hours are local wall times without a time zone")

    @property
    def crosses_midnight(self) -> bool:
        return self.closes <= self.opens

    @property
    def length(self) -> timedelta:
        """Wall-clock length (the real length differs only on a daylight-saving night)."""
        length = _since_midnight(self.closes) - _since_midnight(self.opens)
        return length if length > ZERO else length + DAY

    def wall_span(self, day: date) -> WallSpan:
        start = datetime.combine(day, self.opens)
        return start, start + self.length


@dataclass(frozen=True)
class Holiday:
    """A closure on one local date: the whole day, or from ``closed_from`` to ``closed_until``."""

    day: date
    closed_from: time = time(0)
    closed_until: time | None = None  # None: until the end of the day
    name: str = ""

    def __post_init__(self) -> None:
        if self.closed_until is not None and self.closed_until <= self.closed_from:
            raise _invalid("holidays", f"closure on {self.day} ends before it starts")

    def wall_span(self) -> WallSpan:
        start = datetime.combine(self.day, self.closed_from)
        if self.closed_until is None:
            return start, datetime.combine(self.day + DAY, time(0))
        return start, datetime.combine(self.day, self.closed_until)


Week = tuple[tuple[OpenInterval, ...], ...]
"""Open intervals per weekday, Monday (0) to Sunday (6), as ``date.weekday()`` numbers them."""


def _check_week(week: Week) -> timedelta:
    """Validate the weekly schedule and return its total open wall time."""
    if len(week) != 7:
        raise _invalid("hours", "a weekly schedule has exactly seven days")
    spans = sorted(
        (weekday * DAY + _since_midnight(iv.opens), iv.length)
        for weekday, intervals in enumerate(week)
        for iv in intervals
    )
    if not spans:
        raise _invalid("hours", "a business calendar needs at least one open interval")
    # The week is a cycle: Sunday night may run into Monday morning.
    cyclic = [*spans, (spans[0][0] + WEEK, spans[0][1])]
    for (start, length), (next_start, _) in itertools.pairwise(cyclic):
        if start + length > next_start:
            raise _invalid("hours", "open intervals overlap")
    return sum((length for _, length in spans), ZERO)


@dataclass(frozen=True)
class BusinessCalendar:
    """When a team is at work: a weekly schedule in its time zone, minus holidays."""

    timezone: str
    week: Week
    holidays: tuple[Holiday, ...] = ()
    _zone: ZoneInfo = field(init=False, repr=False, compare=False)
    _week_total: timedelta = field(init=False, repr=False, compare=False)
    _closures: Mapping[date, tuple[Holiday, ...]] = field(init=False, repr=False, compare=False)
    _closure_days: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        week = tuple(tuple(sorted(day)) for day in self.week)
        object.__setattr__(self, "week", week)
        object.__setattr__(self, "_zone", load_zone(self.timezone))
        object.__setattr__(self, "_week_total", _check_week(week))
        closures: dict[date, tuple[Holiday, ...]] = {}
        for holiday in self.holidays:
            closures[holiday.day] = (*closures.get(holiday.day, ()), holiday)
        object.__setattr__(self, "_closures", closures)
        object.__setattr__(self, "_closure_days", tuple(sorted(closures)))

    # -- construction -------------------------------------------------------------------

    @classmethod
    def weekly(
        cls,
        timezone: str,
        hours: Mapping[int, Iterable[OpenInterval | tuple[time, time]]],
        holidays: Iterable[Holiday | date] = (),
    ) -> BusinessCalendar:
        """A calendar from ``{weekday: [(opens, closes), ...]}``; missing weekdays are closed."""
        if any(weekday not in range(7) for weekday in hours):
            raise _invalid("hours", "weekdays are numbered 0 (Monday) to 6 (Sunday)")
        week = tuple(
            tuple(_as_interval(item) for item in hours.get(weekday, ())) for weekday in range(7)
        )
        return cls(timezone, week, tuple(_as_holiday(item) for item in holidays))

    @classmethod
    def office_hours(
        cls,
        timezone: str,
        opens: time = time(9),
        closes: time = time(17),
        weekdays: Iterable[int] = range(5),
        holidays: Iterable[Holiday | date] = (),
    ) -> BusinessCalendar:
        """The same hours on each of ``weekdays`` (Monday to Friday unless told)."""
        return cls.weekly(timezone, {day: [(opens, closes)] for day in weekdays}, holidays)

    @classmethod
    def always_open(
        cls, timezone: str = "UTC", holidays: Iterable[Holiday | date] = ()
    ) -> BusinessCalendar:
        """Around the clock, every day: business time equals elapsed time (less holidays)."""
        return cls.office_hours(timezone, time(0), time(0), range(7), holidays)

    # -- queries ------------------------------------------------------------------------

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    def local_date(self, at: datetime) -> date:
        require_aware(at)
        return at.astimezone(self._zone).date()

    def open_spans(self, day: date) -> list[Span]:
        """The open spans that begin on local ``day``, as UTC instants, holidays removed."""
        wall_spans = [iv.wall_span(day) for iv in self.week[day.weekday()]]
        # An interval may run into the next day, so that day's closures apply too.
        for closure_day in (day, day + DAY):
            for holiday in self._closures.get(closure_day, ()):
                wall_spans = subtract(wall_spans, holiday.wall_span())
        spans = []
        for wall_start, wall_end in wall_spans:
            start, end = to_instant(wall_start, self._zone), to_instant(wall_end, self._zone)
            if start < end:  # empty when both ends fall into one spring-forward gap
                spans.append((start, end))
        return spans

    def spans_from(self, at: datetime) -> Iterator[Span]:
        """Open spans in time order, clipped to start no earlier than ``at``; endless."""
        at = _utc(at)
        day = self.local_date(at) - DAY  # yesterday's night shift may still be running
        while True:
            for start, end in self.open_spans(day):
                if end > at:
                    yield max(start, at), end
            day += DAY

    def is_open(self, at: datetime) -> bool:
        day = self.local_date(at)
        return any(start <= at < end for d in (day - DAY, day) for start, end in self.open_spans(d))

    def next_open(self, at: datetime) -> datetime:
        """``at`` itself when open, else the instant the calendar next opens (in UTC)."""
        start, _ = next(self.spans_from(at))
        return start

    def business_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Open time within ``[start, end)``; negative when ``end`` is before ``start``.

        Additive: ``between(a, b) + between(b, c) == between(a, c)`` for any a, b, c.
        """
        # Aware datetimes sharing a tzinfo subtract as wall times; UTC keeps it real time.
        start, end = _utc(start), _utc(end)
        if end < start:
            return -self.business_time_between(end, start)
        first_day, last_day = self.local_date(start), self.local_date(end)
        total = ZERO
        day = first_day - DAY
        while day <= last_day:
            # A whole week lies inside the range when it starts after start's day and its
            # last night shift ends (at the latest the Tuesday after) by end's day.
            if day.weekday() == 0 and first_day < day and day + 8 * DAY <= last_day:
                total += self._total_of_week(day)
                day += WEEK
                continue
            total += sum((_overlap(span, start, end) for span in self.open_spans(day)), ZERO)
            day += DAY
        return total

    def add_business_time(self, start: datetime, duration: timedelta) -> datetime:
        """The earliest instant (UTC) by which ``duration`` of business time has elapsed."""
        start = _utc(start)
        if duration < ZERO:
            raise ValueError("business time to add must not be negative")
        if duration == ZERO:
            return start
        first_day = self.local_date(start)
        remaining, day = duration, first_day - DAY
        while True:
            if day.weekday() == 0 and first_day < day:
                week_total = self._total_of_week(day)
                if remaining > week_total:
                    remaining, day = remaining - week_total, day + WEEK
                    continue
            for span_start, span_end in self.open_spans(day):
                span_start = max(span_start, start)
                if span_end <= span_start:
                    continue
                if remaining <= span_end - span_start:
                    return span_start + remaining
                remaining -= span_end - span_start
            day += DAY

    # -- internals ----------------------------------------------------------------------

    def _total_of_week(self, monday: date) -> timedelta:
        """Open time of the spans beginning Monday..Sunday, arithmetic when the week is plain."""
        if self._is_plain_week(monday):
            return self._week_total
        return sum(
            (
                end - start
                for offset in range(7)
                for start, end in self.open_spans(monday + offset * DAY)
            ),
            ZERO,
        )

    def _is_plain_week(self, monday: date) -> bool:
        """No closure and no clock change between Monday 00:00 and the Tuesday after."""
        index = bisect.bisect_left(self._closure_days, monday)
        if index < len(self._closure_days) and self._closure_days[index] <= monday + WEEK:
            return False
        midnight = datetime.combine(monday, time(0))
        offsets = {self._zone.utcoffset(midnight + offset * DAY) for offset in range(9)}
        return len(offsets) == 1


def _utc(at: datetime) -> datetime:
    require_aware(at)
    return at.astimezone(UTC)


def _overlap(span: Span, start: datetime, end: datetime) -> timedelta:
    return max(ZERO, min(span[1], end) - max(span[0], start))


def _as_interval(item: OpenInterval | tuple[time, time]) -> OpenInterval:
    return item if isinstance(item, OpenInterval) else OpenInterval(*item)


def _as_holiday(item: Holiday | date) -> Holiday:
    return item if isinstance(item, Holiday) else Holiday(item)
