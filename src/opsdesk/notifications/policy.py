"""Pure decisions: may this message go, and when (opt-outs, quiet hours)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True)
class Decision:
    send: bool
    send_after: datetime
    reason: str = ""


def in_quiet_hours(local: time, start: time, end: time) -> bool:
    """Quiet hours may wrap midnight (22:00–07:00)."""
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def quiet_hours_end(now: datetime, tz: ZoneInfo, start: time, end: time) -> datetime:
    """The first instant at or after ``now`` outside the quiet hours, as aware UTC."""
    local = now.astimezone(tz)
    if not in_quiet_hours(local.time(), start, end):
        return now
    day = local.date() if local.time() < end else local.date() + timedelta(days=1)
    wake = datetime.combine(day, end, tzinfo=tz)
    return wake.astimezone(now.tzinfo)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def decide(
    *,
    message_type: str,
    transactional: bool,
    opted_out: frozenset[str],
    quiet: tuple[time, time] | None,
    timezone: str,
    now: datetime,
) -> Decision:
    if not transactional and message_type in opted_out:
        return Decision(False, now, f"customer opted out of {message_type}")
    if quiet is None:
        return Decision(True, now)
    return Decision(True, quiet_hours_end(now, zone(timezone), *quiet))
