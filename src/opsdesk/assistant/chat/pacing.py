"""How fast a chat may go: a person typing is never stopped, a script flooding is.

A customer who types a short answer every few seconds sends about a dozen messages a
minute at the most; a script sends dozens a second. Two sliding windows tell them apart:
a burst window (a handful within seconds, faster than anyone types) and a minute window
well above a brisk conversation. Pure: the caller reads the times of the chat's recent
customer messages and asks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Window:
    span: timedelta
    most: int


BURST = Window(timedelta(seconds=10), 6)
MINUTE = Window(timedelta(minutes=1), 20)
WINDOWS = (BURST, MINUTE)
LONGEST = max(w.span for w in WINDOWS)


def wait_before_next(recent: Sequence[datetime], now: datetime) -> int:
    """Whole seconds until one more message is within every window (0: send now).

    ``recent`` holds the times of the chat's customer messages in the last ``LONGEST``.
    """
    wait = 0.0
    ordered = sorted(t for t in recent if t > now - LONGEST)
    for window in WINDOWS:
        inside = [t for t in ordered if t > now - window.span]
        if len(inside) >= window.most:
            # the oldest message that must leave the window before one more fits
            leaving = inside[len(inside) - window.most]
            wait = max(wait, (leaving + window.span - now).total_seconds())
    return math.ceil(wait) if wait > 0 else 0
