"""The declare/edit form of a disruption: its fields as typed, on the store's clock.

Times are entered and shown in the store's time zone (``OPSDESK_DEFAULT_TIMEZONE``) and
stored in UTC. A time the clocks skip or repeat that night is refused beside its field
(``admin_forms.parse_local``) — except a time the form shows unchanged from the stored
disruption, which keeps its stored instant, so saving a disruption that starts in the
repeated autumn hour does not move it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from opsdesk import proactive
from opsdesk.web.ui.admin_forms import (
    DATETIME_INPUT,
    FieldProblem,
    FormRefused,
    local_input,
    parse_local,
    valid_wall,
)
from opsdesk.web.ui.formatting import when_in

TIMES = ("starts_at", "ends_at")


class DisruptionForm:
    """What the declare/edit form holds, as typed by the user (re-shown when refused)."""

    FIELDS = ("kind", "severity", "region", "carrier", "starts_at", "ends_at", "note")

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values = {field: values.get(field, "") for field in self.FIELDS}

    @classmethod
    def blank(cls, now: datetime, zone: ZoneInfo) -> DisruptionForm:
        """From the current hour on the store's clock, for a day — in hours that name one
        instant: a start in the hour the clocks repeat moves an hour earlier (so it is
        running now), an end the clocks skip or repeat an hour later."""
        hour = now.astimezone(zone).replace(tzinfo=None, minute=0, second=0, microsecond=0)
        start = valid_wall(hour, zone, later=False)
        end = valid_wall(start + timedelta(days=1), zone)
        return cls({"kind": "weather", "severity": "medium",
                    "starts_at": start.strftime(DATETIME_INPUT),
                    "ends_at": end.strftime(DATETIME_INPUT)})  # fmt: skip

    @classmethod
    def of(cls, row: proactive.Disruption, zone: ZoneInfo) -> DisruptionForm:
        return cls({"kind": row.kind.value, "severity": row.severity.value, "region": row.region,
                    "carrier": row.carrier, "starts_at": local_input(row.starts_at, zone),
                    "ends_at": local_input(row.ends_at, zone), "note": row.note})  # fmt: skip

    def data(self, zone: ZoneInfo, stored: proactive.Disruption | None = None) -> dict[str, Any]:
        """The typed fields (times in UTC), or FormRefused naming every unreadable one.
        With ``stored``, a time still shown as stored keeps the stored instant."""
        problems: list[FieldProblem] = []
        typed: dict[str, Any] = {k: self.values[k].strip() for k in self.FIELDS}
        for field in TIMES:
            kept = getattr(stored, field) if stored is not None else None
            if kept is not None and typed[field] == local_input(kept, zone):
                typed[field] = kept
                continue
            try:
                typed[field] = parse_local(field, self.values[field], zone)
            except FormRefused as refused:
                problems.extend(refused.problems)
        if problems:
            raise FormRefused(problems)
        return typed


def choices(places: proactive.Places) -> dict[str, Any]:
    """The form's lists: kinds, severities, and the regions and carriers the store knows."""
    return {
        "kinds": [k.value for k in proactive.DisruptionKind],
        "severities": [s.value for s in proactive.Severity],
        "regions": [(r.code, r.shown) for r in places.regions],
        "carriers": list(places.carriers),
    }


def step_text(zone: ZoneInfo) -> Callable[[str, Any], str]:
    """For the history: a changed value as the form shows it (a time on the store's clock,
    from the trail's ISO text)."""

    def shown(field: str, value: Any) -> str:
        if field in TIMES and isinstance(value, str):
            try:
                return when_in(datetime.fromisoformat(value), zone)
            except ValueError:
                return value
        return str(value)

    return shown
