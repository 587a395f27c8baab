"""SLA reports over computed clocks: breach rates and median times, grouped as asked."""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from opsdesk.support.sla.clock import MetricClock, SlaStatus, TicketSla
from opsdesk.support.sla.policy import Metric, Priority
from opsdesk.support.sla.walltime import load_zone, require_aware

UNASSIGNED = "unassigned"


class Dimension(enum.StrEnum):
    TEAM = "team"
    AGENT = "agent"  # the ticket's assignee now
    PRIORITY = "priority"
    WEEK = "week"  # ISO week of creation, "2026-W07"


@dataclass(frozen=True)
class SlaOutcome:
    """One ticket's clocks with the facts reports group by."""

    created_at: datetime
    priority: Priority
    sla: TicketSla
    team: str | None = None
    agent: str | None = None

    def clock(self, metric: Metric) -> MetricClock:
        if metric is Metric.FIRST_RESPONSE:
            return self.sla.first_response
        return self.sla.resolution


GroupKey = tuple[str, ...]


@dataclass(frozen=True)
class BreachRate:
    """Breaches among settled metrics; a target still running is not settled yet."""

    settled: int
    breached: int

    @property
    def rate(self) -> float | None:
        return self.breached / self.settled if self.settled else None


@dataclass(frozen=True)
class MedianTimes:
    """Median business time to first response and to resolution, over fulfilled metrics,
    and the median the customer felt: calendar time from creation to the first response.

    Business time leaves out nights and weekends, so a ticket answered before the team's
    day starts counts 0 business seconds; the calendar wait shows how long it really was.
    """

    first_response: timedelta | None
    resolution: timedelta | None
    first_responses: int
    resolutions: int
    first_response_wait: timedelta | None = None


def group_key(outcome: SlaOutcome, by: Sequence[Dimension], timezone: str = "UTC") -> GroupKey:
    """The key of ``outcome`` under ``by``; ISO weeks are taken in ``timezone``."""
    zone = load_zone(timezone)
    parts: list[str] = []
    for dimension in by:
        if dimension is Dimension.TEAM:
            parts.append(outcome.team or UNASSIGNED)
        elif dimension is Dimension.AGENT:
            parts.append(outcome.agent or UNASSIGNED)
        elif dimension is Dimension.PRIORITY:
            parts.append(outcome.priority.value)
        else:
            require_aware(outcome.created_at)
            year, week, _ = outcome.created_at.astimezone(zone).isocalendar()
            parts.append(f"{year}-W{week:02d}")
    return tuple(parts)


def _grouped(
    outcomes: Iterable[SlaOutcome], by: Sequence[Dimension], timezone: str
) -> dict[GroupKey, list[SlaOutcome]]:
    groups: dict[GroupKey, list[SlaOutcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[group_key(outcome, by, timezone)].append(outcome)
    return dict(sorted(groups.items()))


def breach_rates(
    outcomes: Iterable[SlaOutcome],
    metric: Metric,
    by: Sequence[Dimension] = (),
    timezone: str = "UTC",
) -> dict[GroupKey, BreachRate]:
    """Breach rate of ``metric`` per group (one group, keyed ``()``, when ``by`` is empty).

    A metric counts once it is settled: fulfilled, or breached (a breach is final even
    while the ticket is still open).
    """
    rates: dict[GroupKey, BreachRate] = {}
    for key, members in _grouped(outcomes, by, timezone).items():
        statuses = [member.clock(metric).status for member in members]
        rates[key] = BreachRate(
            settled=sum(s in (SlaStatus.FULFILLED, SlaStatus.BREACHED) for s in statuses),
            breached=sum(s is SlaStatus.BREACHED for s in statuses),
        )
    return rates


def median(values: Sequence[timedelta]) -> timedelta | None:
    """The middle value (the mean of the two middle ones for an even count); None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _waits(members: Iterable[SlaOutcome]) -> list[timedelta]:
    """Calendar time from creation to the first response, for answered tickets."""
    answered = (m for m in members if m.sla.first_response.fulfilled_at is not None)
    return [m.sla.first_response.fulfilled_at - m.created_at for m in answered]  # type: ignore[operator]


def _fulfilled_elapsed(members: Iterable[SlaOutcome], metric: Metric) -> list[timedelta]:
    clocks = (member.clock(metric) for member in members)
    return [clock.elapsed for clock in clocks if clock.fulfilled_at is not None]


def median_times(
    outcomes: Iterable[SlaOutcome], by: Sequence[Dimension] = (), timezone: str = "UTC"
) -> dict[GroupKey, MedianTimes]:
    """Median business time to first response and to resolution per group.

    Only fulfilled metrics count, late or not; a ticket still waiting has no time yet.
    """
    medians: dict[GroupKey, MedianTimes] = {}
    for key, members in _grouped(outcomes, by, timezone).items():
        responses = _fulfilled_elapsed(members, Metric.FIRST_RESPONSE)
        resolutions = _fulfilled_elapsed(members, Metric.RESOLUTION)
        medians[key] = MedianTimes(
            first_response=median(responses),
            resolution=median(resolutions),
            first_responses=len(responses),
            resolutions=len(resolutions),
            first_response_wait=median(_waits(members)),
        )
    return medians
