"""Ticket volume and backlog per ISO week: what came in, what was solved, what was left.

A breach rate says how well targets were met; it does not say how much work there was.
These figures do: tickets created and solved in each week of the period, and the open
backlog at each week's end (created before it, not solved by then).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.kernel.errors import InvalidInput
from opsdesk.support.models import Team, Ticket
from opsdesk.support.sla.walltime import load_zone


@dataclass(frozen=True)
class Week:
    label: str  # ISO week, "2026-W49"
    start: datetime  # inclusive, clipped to the period
    end: datetime  # exclusive, clipped to the period


@dataclass(frozen=True)
class WeekLoad:
    week: str
    created: int
    solved: int
    open_at_end: int


def weeks_between(start: datetime, end: datetime, timezone: str) -> list[Week]:
    """The ISO weeks (Monday 00:00 on the store's clock) that ``[start, end)`` touches."""
    zone = load_zone(timezone)
    local = start.astimezone(zone)
    monday = datetime.combine(local.date() - timedelta(days=local.weekday()), time(), zone)
    weeks = []
    while monday < end:
        following = datetime.combine(monday.date() + timedelta(days=7), time(), zone)
        year, number, _ = monday.isocalendar()
        weeks.append(Week(f"{year}-W{number:02d}", max(monday, start), min(following, end)))
        monday = following
    return weeks


def weekly_load(
    tickets: Iterable[tuple[datetime, datetime | None]], weeks: Sequence[Week]
) -> list[WeekLoad]:
    """Count (created_at, solved_at) pairs into ``weeks``."""
    pairs = list(tickets)
    return [
        WeekLoad(
            week=w.label,
            created=sum(w.start <= created < w.end for created, _ in pairs),
            solved=sum(solved is not None and w.start <= solved < w.end for _, solved in pairs),
            open_at_end=sum(
                created < w.end and (solved is None or solved >= w.end) for created, solved in pairs
            ),
        )
        for w in weeks
    ]


def ticket_load(
    session: Session,
    *,
    created_from: datetime,
    created_to: datetime,
    timezone: str = "UTC",
    team: str | None = None,
) -> list[WeekLoad]:
    """Tickets created, solved and left open per week of ``[created_from, created_to)``."""
    if created_from.tzinfo is None or created_to.tzinfo is None or created_to <= created_from:
        raise InvalidInput("the period needs time zone offsets and an end after its start")
    query = sa.select(Ticket.created_at, Ticket.solved_at).where(
        Ticket.created_at < created_to,
        sa.or_(Ticket.solved_at.is_(None), Ticket.solved_at >= created_from),
    )
    if team is not None:
        query = query.join(Team, Team.id == Ticket.team_id).where(Team.name == team)
    rows = [(r.created_at, r.solved_at) for r in session.execute(query)]
    return weekly_load(rows, weeks_between(created_from, created_to, timezone))
