"""Template filters: durations, money, instants and dates as agents read them."""

from __future__ import annotations

from datetime import date, datetime

from babel.numbers import format_currency, get_currency_precision


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


def money(minor: int, currency: str) -> str:
    """Minor units in the currency's own exponent (cents, yen, fils)."""
    amount = minor / 10 ** get_currency_precision(currency)
    return str(format_currency(amount, currency, locale="en_GB"))


def when(value: datetime | None) -> str:
    """An instant in UTC with the weekday: ``Tue 17 Nov 09:00 UTC``."""
    if value is None:
        return "—"
    return value.strftime("%a %d %b %H:%M UTC")


def day(value: date | None) -> str:
    return value.strftime("%a %d %b %Y") if value is not None else "—"


def words(value: str | None) -> str:
    """``pending_customer`` → ``pending customer``."""
    return (value or "").replace("_", " ")
