"""Template filters: durations, money, instants and dates as agents read them."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.numbers import format_currency, get_currency_precision
from jinja2 import pass_context
from markupsafe import Markup, escape


def duration(seconds: float | int | None) -> str:
    """``1 d 4 h``, ``2 h 05 min``, ``12 min``, ``< 1 min``; the sign is dropped."""
    if seconds is None:
        return "—"
    total = abs(int(seconds)) // 60
    days, rest = divmod(total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min" if minutes else "< 1 min"


_EN_GB = Locale.parse("en_GB")  # parsed once: by name, Babel parses it on every call


@lru_cache(maxsize=4096)
def money(minor: int, currency: str) -> str:
    """Minor units in the currency's own exponent (cents, yen, fils).

    Cached: a page shows dozens of amounts, Babel takes ~0.1 ms for each, and a store's
    prices and totals repeat."""
    amount = minor / 10 ** get_currency_precision(currency)
    return str(format_currency(amount, currency, locale=_EN_GB))


def when_in(value: datetime | None, zone: tzinfo) -> str:
    """An instant on a zone's clock with the weekday: ``Tue 17 Nov 10:00 CET``."""
    if value is None:
        return "—"
    local = value.astimezone(zone)
    # By hand, not ``%a %d %b``: strftime takes most of the time of a page's ~100 instants.
    return (
        f"{_WEEKDAYS[local.weekday()]} {local.day:02d} {_MONTHS[local.month - 1]} "
        f"{local.hour:02d}:{local.minute:02d} {local.tzname()}"
    )


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@lru_cache(maxsize=32)
def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


@pass_context
def when(context: Any, value: datetime | None) -> Markup | str:
    """An instant on the store's clock (``OPSDESK_DEFAULT_TIMEZONE``), which is the clock
    the desk works by (UTC where a template is rendered outside a request), as a
    ``<time>`` element: ``workspace.js`` rewrites it to the agent's own clock when the
    browser's time zone is another one, and keeps the store's in its title."""
    if value is None:
        return "—"
    request = context.get("request")
    settings = getattr(getattr(request, "app", None), "state", None)
    name = getattr(getattr(settings, "settings", None), "default_timezone", "UTC")
    # An f-string of escaped parts: ``Markup.format`` costs several times as much (the
    # ticket page formats ~100 instants).
    stamp, shown = escape(value.astimezone(UTC).isoformat()), escape(when_in(value, _zone(name)))
    return Markup(f'<time datetime="{stamp}" data-store-clock>{shown}</time>')


def day(value: date | None) -> str:
    return value.strftime("%a %d %b %Y") if value is not None else "—"


def words(value: str | None) -> str:
    """``pending_customer`` → ``pending customer``."""
    return (value or "").replace("_", " ")
