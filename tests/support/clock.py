"""Run the tests at another moment: ``pytest --clock-at SCENARIO|ISO-INSTANT``.

The whole test process — every xdist worker, every thread, the app served to the browser
— then reads a wall clock that starts at that instant and ticks on from there
(time-machine patches ``datetime.now``, ``time.time`` and friends in C). Monotonic clocks
are left alone, so timeouts and SMTP waits behave as usual.

The named scenarios are the moments where a date bug shows: a year ahead, a Saturday, two
minutes before midnight on the store's clock (the run crosses midnight), the spring and
autumn daylight-saving changes and the turn of the year in the store's time zone. They
are computed from today, so they always lie in the future. The instant is printed in the
pytest header, so a failure can be replayed with ``--clock-at`` and that ISO instant.

Children the tests start (``opsdesk worker``, ``opsdesk serve``) run on the same shifted
clock when started with ``opsdesk_command(...)`` (``tests/support/opsdesk_at.py``).

Tests that need one fixed moment freeze it themselves with time-machine's
``time_machine`` fixture (``time_machine.move_to(instant, tick=False)``): never a fixed
calendar date beside the running wall clock.
"""

from __future__ import annotations

import os
import sys
import time as walltime
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.support.opsdesk_at import OFFSET_ENV

STORE_ZONE = ZoneInfo("Europe/Berlin")  # Settings.timezone's default, the demo store's clock
ENV = "OPSDESK_TEST_CLOCK_AT"
LAUNCHER = Path(__file__).with_name("opsdesk_at.py")


def _store_instant(day: date, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), STORE_ZONE).astimezone(UTC)


def _last_sunday(year: int, month: int) -> date:
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() + 1) % 7)


def _next_dst_change(today: date, month: int) -> datetime:
    """30 s before the EU change (01:00 UTC on March's or October's last Sunday)."""
    for year in (today.year, today.year + 1):
        change = datetime.combine(_last_sunday(year, month), time(1, 0), UTC)
        if change.date() > today:
            return change - timedelta(seconds=30)
    raise AssertionError("unreachable")  # pragma: no cover


def _year_ahead(today: date) -> datetime:
    return _store_instant(today + timedelta(days=365), 10, 0)


def _weekend(today: date) -> datetime:
    return _store_instant(today + timedelta(days=(5 - today.weekday()) % 7 or 7), 11, 30)


def _store_midnight(today: date) -> datetime:
    return _store_instant(today + timedelta(days=1), 23, 58)


def _new_year(today: date) -> datetime:
    return _store_instant(date(today.year, 12, 31), 23, 58)


SCENARIOS: dict[str, Callable[[date], datetime]] = {
    "year-ahead": _year_ahead,
    "weekend": _weekend,
    "store-midnight": _store_midnight,
    "dst-spring": lambda today: _next_dst_change(today, 3),
    "dst-autumn": lambda today: _next_dst_change(today, 10),
    "new-year": _new_year,
}


def resolve(value: str, today: date) -> datetime:
    """A scenario's name or an ISO 8601 instant (naive means UTC) as an aware UTC instant."""
    if value in SCENARIOS:
        return SCENARIOS[value](today)
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        names = ", ".join(SCENARIOS)
        raise pytest.UsageError(
            f"--clock-at: {value!r} is neither a scenario ({names}) nor an ISO 8601 instant"
        ) from None
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock-at",
        default=os.environ.get(ENV) or None,
        metavar="SCENARIO|INSTANT",
        help=(
            "run the tests with the wall clock starting at this instant: "
            f"{', '.join(SCENARIOS)} or an ISO 8601 instant (env {ENV})"
        ),
    )


_travel: time_machine.travel | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _travel
    value = config.getoption("--clock-at")
    if not value:
        return
    # Every xdist worker resolves the same instant: the controller hands it on as ISO.
    instant = resolve(value, datetime.now(UTC).date())
    config.option.clock_at = instant.isoformat()
    os.environ[OFFSET_ENV] = repr(instant.timestamp() - walltime.time())
    _travel = time_machine.travel(instant, tick=True)
    _travel.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    global _travel
    if _travel is not None:
        _travel.stop()
        _travel = None
        os.environ.pop(OFFSET_ENV, None)


def shifted_clock() -> bool:
    """Whether this process runs under ``--clock-at``."""
    return _travel is not None


def opsdesk_command(*args: str) -> list[str]:
    """The command line of ``opsdesk ARGS`` in a child process, on the run's clock."""
    if _travel is None:
        return [sys.executable, "-m", "opsdesk", *args]
    return [sys.executable, str(LAUNCHER), *args]


def pytest_report_header(config: pytest.Config) -> str | None:
    value = config.getoption("--clock-at")
    if not value:
        return None
    return f"clock: the wall clock started at {value} (replay with --clock-at {value})"
