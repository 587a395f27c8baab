"""Local wall-clock times to UTC instants, defined even where daylight saving bends the clock.

Business hours are written in wall time ("09:00-17:00, Europe/Berlin"), but SLA clocks
count real elapsed time. The mapping here is monotonic (a later wall time never maps to
an earlier instant), which keeps the open intervals of a calendar ordered and disjoint
across every daylight-saving transition.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from opsdesk.kernel.errors import InvalidInput

WallSpan = tuple[datetime, datetime]
"""A half-open span ``[start, end)`` of naive local wall times."""


def load_zone(key: str) -> ZoneInfo:
    """The IANA time zone ``key`` (``Europe/Berlin``), or a 422 naming the bad value."""
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(
            f"unknown time zone {key!r}",
            details={"errors": [{"field": "timezone", "reason": "not an IANA time zone"}]},
        ) from exc


def require_aware(*instants: datetime) -> None:
    """Refuse naive datetimes: a naive value has no defined place on the SLA clock."""
    for instant in instants:
        if instant.tzinfo is None or instant.utcoffset() is None:
            raise ValueError(f"expected a timezone-aware datetime, got naive {instant!r}")


def to_instant(wall: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant of the naive wall time ``wall`` in ``zone``.

    A wall time that occurs twice (the fall-back hour) means its first occurrence. A wall
    time skipped by a spring-forward gap means the instant the clocks jump: a shift that
    "opens at 02:30" on that night opens when 03:00 arrives.
    """
    candidate = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if candidate.astimezone(zone).replace(tzinfo=None) == wall:
        return candidate
    return _gap_jump_instant(wall, zone)


def _gap_jump_instant(wall: datetime, zone: ZoneInfo) -> datetime:
    """The transition instant of the gap around ``wall``, found by bisection on whole seconds.

    zoneinfo does not expose its transitions; inside a gap ``fold=1`` reads ``wall`` with
    the offset after the jump (an instant before it) and ``fold=0`` with the offset before
    it (an instant after it), so the jump lies between the two. Transitions fall on whole
    seconds, which makes the bisection exact.
    """
    before = math.floor(wall.replace(tzinfo=zone, fold=1).timestamp())
    after = math.ceil(wall.replace(tzinfo=zone, fold=0).timestamp())
    offset_before = _offset_at(before, zone)
    while after - before > 1:
        middle = (before + after) // 2
        if _offset_at(middle, zone) == offset_before:
            before = middle
        else:
            after = middle
    return datetime.fromtimestamp(after, UTC)


def _offset_at(timestamp: int, zone: ZoneInfo) -> timedelta | None:
    return datetime.fromtimestamp(timestamp, zone).utcoffset()


def subtract(spans: list[WallSpan], cut: WallSpan) -> list[WallSpan]:
    """``spans`` with the part inside ``cut`` removed (spans keep their order)."""
    cut_start, cut_end = cut
    kept: list[WallSpan] = []
    for start, end in spans:
        if end <= cut_start or start >= cut_end:
            kept.append((start, end))
            continue
        if start < cut_start:
            kept.append((start, cut_start))
        if end > cut_end:
            kept.append((cut_end, end))
    return kept
