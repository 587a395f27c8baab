"""Supplier order days, pure: when an item can next be ordered, and so how long the
stock on hand and on order must last.

A supplier that takes orders only on some weekdays (Mon and Thu) reviews each item on
those days only. Stock must then last until an order placed at the *next* chance
arrives: the reorder point covers ``wait + lead time`` days (``wait``: days from today
to the next order day after today), and an order fills up to one more ``spacing`` (the
days from that order day to the one after). Without order days the buyer may order any
day: ``wait`` is 0 and ``spacing`` the weekly default.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DEFAULT_SPACING = 7  # no order days: a buyer orders about once a week


@dataclass(frozen=True)
class Review:
    wait: int  # days until the next order day after today (0: any day)
    spacing: int  # days from that order day to the following one
    next_day: date | None  # the next order day after today (None: any day)


def parse(text: str) -> frozenset[int]:
    """ "mon,thu" → {0, 3} (Python weekdays); unknown names are ignored."""
    return frozenset(WEEKDAYS.index(d) for d in text.lower().split(",") if d in WEEKDAYS)


def label(days: Iterable[int]) -> str:
    return ", ".join(NAMES[d] for d in sorted(set(days)))


def review(today: date, days: frozenset[int]) -> Review:
    """How long today's decision must cover beyond the lead time, and the order cycle."""
    if not days:
        return Review(0, DEFAULT_SPACING, None)
    wait = _days_to_next(today, days)
    following = today + timedelta(days=wait)
    return Review(wait, _days_to_next(following, days), following)


def _days_to_next(day: date, days: frozenset[int]) -> int:
    """Days from ``day`` to the next order day strictly after it (1 to 7)."""
    return next(n for n in range(1, 8) if (day.weekday() + n) % 7 in days)
