"""Form plumbing shared by the operations and admin pages: reading HTML inputs into
typed values, and turning refusals (pydantic or service) into problems shown beside
the field they are about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.numbers import get_currency_precision
from pydantic import ValidationError

from opsdesk.kernel.errors import OpsDeskError

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


@dataclass(frozen=True)
class FieldProblem:
    """One refused part of a form: ``field`` is a dotted path (``conditions.all.1.op``)."""

    field: str
    reason: str


class FormRefused(Exception):
    """The form cannot be saved; every problem is listed, nothing was written."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.reason}" for p in problems))
        self.problems = problems


def utc_input(value: datetime) -> str:
    """An instant as a ``datetime-local`` input shows it (the pages work in UTC)."""
    return value.astimezone(UTC).strftime(DATETIME_INPUT)


def parse_utc(field: str, raw: str) -> datetime:
    """A ``datetime-local`` value read as UTC, or FormRefused naming the field."""
    try:
        return datetime.strptime(raw.strip(), DATETIME_INPUT).replace(tzinfo=UTC)
    except ValueError:
        raise FormRefused([FieldProblem(field, "a date and time like 2026-11-19T15:00")]) from None


def store_zone(name: str) -> ZoneInfo:
    """The store's time zone (``OPSDESK_DEFAULT_TIMEZONE``); UTC when the name is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_input(value: datetime, zone: ZoneInfo) -> str:
    """An instant as a ``datetime-local`` input shows it on ``zone``'s clock."""
    return value.astimezone(zone).strftime(DATETIME_INPUT)


def wall_clock_problem(wall: datetime, zone: ZoneInfo) -> str:
    """Why a wall-clock time (naive) cannot name one instant in ``zone``: the hour the
    clocks skip in spring, or the hour they repeat in autumn; "" when it can."""
    first, second = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return ""
    at = f"{wall:%Y-%m-%d %H:%M} in {zone.key}"
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
        return (f"{at} does not exist: the clocks go forward that night. Pick a time "
                "before or after the skipped hour")  # fmt: skip
    return (f"{at} happens twice: the clocks go back that night. Pick a time outside "
            "the repeated hour")  # fmt: skip


def parse_local(field: str, raw: str, zone: ZoneInfo) -> datetime:
    """A ``datetime-local`` value read on ``zone``'s clock, as UTC; FormRefused naming the
    field for an unreadable time, or for one the clocks skip or repeat (which instant it
    means cannot be guessed: a storm "from 02:30" that night is 02:30 once, or never)."""
    try:
        wall = datetime.strptime(raw.strip(), DATETIME_INPUT)
    except ValueError:
        raise FormRefused([FieldProblem(field, "a date and time like 2026-11-19T15:00")]) from None
    problem = wall_clock_problem(wall, zone)
    if problem:
        raise FormRefused([FieldProblem(field, problem)])
    return wall.replace(tzinfo=zone).astimezone(UTC)


def valid_wall(wall: datetime, zone: ZoneInfo, *, later: bool = True) -> datetime:
    """``wall`` (naive), or the nearest whole hour after it (``later``) or before it that
    names one instant on ``zone``'s clock."""
    step = timedelta(hours=1 if later else -1)
    while wall_clock_problem(wall, zone):
        wall = wall.replace(minute=0) + step
    return wall


def parse_day(field: str, raw: str | None, default: date) -> date:
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise FormRefused([FieldProblem(field, "a date like 2026-11-19")]) from None


def parse_amount(field: str, raw: str, currency: str) -> int:
    """``12.50`` in the rule's currency as minor units (cents), or FormRefused."""
    digits = get_currency_precision(currency)
    try:
        amount = Decimal(raw.strip() or "0")
    except InvalidOperation:
        raise FormRefused([FieldProblem(field, f"an amount in {currency}, like 10.00")]) from None
    minor = amount * 10**digits
    if not amount.is_finite() or minor != minor.to_integral_value() or amount < 0:
        reason = f"a non-negative amount with at most {digits} decimals"
        raise FormRefused([FieldProblem(field, reason)])
    return int(minor)


def show_amount(minor: int, currency: str) -> str:
    digits = get_currency_precision(currency)
    return f"{Decimal(minor) / 10**digits:.{digits}f}"


def from_validation(error: ValidationError, prefix: str = "") -> list[FieldProblem]:
    """Pydantic's errors with their location as a dotted path."""
    problems = []
    for item in error.errors(include_url=False):
        path = ".".join(str(part) for part in item["loc"])
        field = f"{prefix}.{path}" if prefix and path else prefix or path
        problems.append(FieldProblem(field, str(item["msg"])))
    return problems


def from_service(error: OpsDeskError, default_field: str = "form") -> list[FieldProblem]:
    """A service's refusal: ``details.errors`` when it names fields, else its message."""
    listed = error.details.get("errors")
    if isinstance(listed, list) and listed:
        return [
            FieldProblem(str(item.get("field", default_field)), str(item.get("reason", "")))
            for item in listed
            if isinstance(item, dict)
        ]
    field = error.details.get("field")
    return [FieldProblem(str(field) if field else default_field, error.message)]


def problems_by_field(problems: list[FieldProblem]) -> dict[str, list[str]]:
    """For templates: the reasons of each top-level field (``conditions.all.0`` → conditions)."""
    grouped: dict[str, list[str]] = {}
    for problem in problems:
        grouped.setdefault(problem.field.split(".", 1)[0], []).append(problem.reason)
    return grouped
