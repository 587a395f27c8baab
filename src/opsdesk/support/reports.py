"""The SLA breach report: breach rates and median times per team, priority and ISO week,
computed by ``support.sla.reporting`` from each ticket's replayed clocks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import staff
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import InvalidInput
from opsdesk.support import sla, sla_status
from opsdesk.support.models import Team, Ticket
from opsdesk.support.schemas import BreachRateRead, SlaReport, SlaReportRow

CHUNK = 1000
MAX_TICKETS = 200_000


def _outcomes(
    session: Session, created_from: datetime, created_to: datetime, now: datetime
) -> list[sla.SlaOutcome]:
    team_names = {row.id: row.name for row in session.execute(sa.select(Team.id, Team.name))}
    users = staff.StaffUser
    agent_names = {row.id: row.name for row in session.execute(sa.select(users.id, users.name))}
    query = (
        sa.select(Ticket)
        .where(Ticket.created_at >= created_from, Ticket.created_at < created_to)
        .order_by(Ticket.id)
        .limit(MAX_TICKETS)
    )
    tickets = list(session.scalars(query))
    outcomes: list[sla.SlaOutcome] = []
    for start in range(0, len(tickets), CHUNK):
        chunk = tickets[start : start + CHUNK]
        context = sla_status.SlaContext(session, chunk)
        histories = sla_status.history_of(session, [t.id for t in chunk])
        for ticket in chunk:
            _policy, result = sla_status.compute(ticket, histories[ticket.id], context, now)
            team = team_names.get(ticket.team_id) if ticket.team_id is not None else None
            agent = agent_names.get(ticket.assignee_id) if ticket.assignee_id else None
            outcomes.append(sla.SlaOutcome(ticket.created_at, ticket.priority, result, team, agent))
    return outcomes


def _rate(rate: sla.BreachRate) -> BreachRateRead:
    return BreachRateRead(settled=rate.settled, breached=rate.breached, rate=rate.rate)


def _seconds(value: object) -> int | None:
    return None if value is None else int(value.total_seconds())  # type: ignore[attr-defined]


def _bounds_checked(created_from: datetime, created_to: datetime) -> None:
    if created_from.tzinfo is None or created_to.tzinfo is None:
        raise InvalidInput("report bounds need a time zone offset")
    if created_to <= created_from:
        raise InvalidInput("created_to must be after created_from", details={"field": "created_to"})


def sla_report(
    session: Session,
    *,
    created_from: datetime,
    created_to: datetime,
    by: Sequence[sla.Dimension] = (sla.Dimension.TEAM, sla.Dimension.PRIORITY, sla.Dimension.WEEK),
    timezone: str = "UTC",
    now: datetime | None = None,
) -> SlaReport:
    """Breach rate (settled metrics only) and median business times per group of tickets
    created in ``[created_from, created_to)``."""
    [report] = sla_reports(session, created_from=created_from, created_to=created_to,
                           groupings=[by], timezone=timezone, now=now)  # fmt: skip
    return report


def sla_reports(
    session: Session,
    *,
    created_from: datetime,
    created_to: datetime,
    groupings: Sequence[Sequence[sla.Dimension]],
    timezone: str = "UTC",
    now: datetime | None = None,
) -> list[SlaReport]:
    """One report per grouping over the same tickets, their clocks replayed once."""
    _bounds_checked(created_from, created_to)
    outcomes = _outcomes(session, created_from, created_to, now or utcnow())
    return [_report(outcomes, created_from, created_to, by, timezone) for by in groupings]


def _report(
    outcomes: list[sla.SlaOutcome],
    created_from: datetime,
    created_to: datetime,
    by: Sequence[sla.Dimension],
    timezone: str,
) -> SlaReport:
    first = sla.breach_rates(outcomes, sla.Metric.FIRST_RESPONSE, by, timezone)
    resolution = sla.breach_rates(outcomes, sla.Metric.RESOLUTION, by, timezone)
    medians = sla.median_times(outcomes, by, timezone)
    sizes = Counter(sla.group_key(o, by, timezone) for o in outcomes)
    rows = [
        SlaReportRow(
            group={d.value: part for d, part in zip(by, key, strict=True)},
            first_response=_rate(first[key]),
            resolution=_rate(resolution[key]),
            median_first_response_seconds=_seconds(medians[key].first_response),
            median_resolution_seconds=_seconds(medians[key].resolution),
            median_first_response_wait_seconds=_seconds(medians[key].first_response_wait),
            answered=medians[key].first_responses,
            tickets=sizes[key],
        )
        for key in first
    ]
    return SlaReport(
        created_from=created_from, created_to=created_to, by=[d.value for d in by], rows=rows
    )
