"""Business calendars as plain JSON-ready data, for storage and for admins editing hours.

    {"timezone": "Europe/Berlin",
     "hours": {"mon": ["09:00-12:00", "13:00-17:00"], "sun": ["22:00-06:00"]},
     "holidays": ["2024-12-25", {"date": "2024-12-24", "from": "12:00", "name": "Eve"}]}

Bad input raises ``InvalidInput`` (422) naming the offending field.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import Any

from opsdesk.kernel.errors import InvalidInput
from opsdesk.support.sla.calendar import BusinessCalendar, Holiday, OpenInterval

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _invalid(field_name: str, reason: str) -> InvalidInput:
    return InvalidInput(
        f"{field_name}: {reason}", details={"errors": [{"field": field_name, "reason": reason}]}
    )


def _parse_time(text: Any, field_name: str) -> time:
    try:
        return time.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise _invalid(field_name, f"expected a time like 09:00, got {text!r}") from exc


def _parse_interval(text: Any, field_name: str) -> OpenInterval:
    if not isinstance(text, str) or text.count("-") != 1:
        raise _invalid(field_name, f"expected hours like 09:00-17:00, got {text!r}")
    opens, closes = text.split("-")
    return OpenInterval(
        _parse_time(opens.strip(), field_name), _parse_time(closes.strip(), field_name)
    )


def _parse_holiday(item: Any, field_name: str) -> Holiday:
    entry = {"date": item} if isinstance(item, str) else item
    if not isinstance(entry, Mapping) or "date" not in entry:
        raise _invalid(field_name, "expected a date or {date, from, until, name}")
    try:
        day = date.fromisoformat(entry["date"])
    except (TypeError, ValueError) as exc:
        raise _invalid(
            field_name, f"expected a date like 2024-12-25, got {entry['date']!r}"
        ) from exc
    closed_from = _parse_time(entry.get("from", "00:00"), field_name)
    until = entry.get("until")
    closed_until = None if until is None else _parse_time(until, field_name)
    return Holiday(day, closed_from, closed_until, str(entry.get("name", "")))


def calendar_from_spec(spec: Mapping[str, Any]) -> BusinessCalendar:
    """Build a calendar from its JSON form; unknown weekday keys are refused."""
    hours = spec.get("hours")
    if not isinstance(hours, Mapping):
        raise _invalid("hours", "expected an object of weekday to opening hours")
    unknown = sorted(set(hours) - set(WEEKDAYS))
    if unknown:
        raise _invalid("hours", f"unknown weekdays {', '.join(map(str, unknown))}")
    week = tuple(
        tuple(
            _parse_interval(text, f"hours.{name}[{index}]")
            for index, text in enumerate(hours.get(name, ()))
        )
        for name in WEEKDAYS
    )
    holidays = tuple(
        _parse_holiday(item, f"holidays[{index}]")
        for index, item in enumerate(spec.get("holidays", ()))
    )
    return BusinessCalendar(str(spec.get("timezone", "")), week, holidays)


def _format_time(moment: time) -> str:
    return moment.isoformat(timespec="minutes" if not moment.second else "seconds")


def _holiday_spec(holiday: Holiday) -> dict[str, str]:
    entry = {"date": holiday.day.isoformat()}
    if holiday.closed_from != time(0):
        entry["from"] = _format_time(holiday.closed_from)
    if holiday.closed_until is not None:
        entry["until"] = _format_time(holiday.closed_until)
    if holiday.name:
        entry["name"] = holiday.name
    return entry


def calendar_to_spec(calendar: BusinessCalendar) -> dict[str, Any]:
    """The JSON form that :func:`calendar_from_spec` reads back to an equal calendar."""
    return {
        "timezone": calendar.timezone,
        "hours": {
            name: [f"{_format_time(iv.opens)}-{_format_time(iv.closes)}" for iv in intervals]
            for name, intervals in zip(WEEKDAYS, calendar.week, strict=True)
            if intervals
        },
        "holidays": [_holiday_spec(holiday) for holiday in calendar.holidays],
    }
