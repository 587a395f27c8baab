"""The SLA clock of one ticket, replayed from its history: pure, so it can be recomputed anytime.

Rules (ADR 0005 gives the reasoning):

* Both clocks start when the ticket is created and count business time of the team's
  calendar only.
* They run while the ticket is ``new`` or ``open``; ``pending_customer`` always pauses
  them; ``pending_operations`` pauses them when the policy says so.
* First response is fulfilled by the first agent reply (or, without one, by solving the
  ticket). Resolution is fulfilled by ``solved``/``closed``; reopening resumes it where
  it stopped (the time spent solved does not count).
* The target is the policy's target for the ticket's priority: the current priority
  while the clock runs, the priority at fulfilment once fulfilled. A priority change
  retargets a running clock as if the new priority had applied since creation: the
  business time already elapsed counts against the new target.
* A target is met only when fulfilled before its due instant; once the due instant is
  reached the metric is breached, whatever happens later.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from opsdesk.support.sla.calendar import ZERO, BusinessCalendar
from opsdesk.support.sla.policy import Metric, Priority, SlaPolicy
from opsdesk.support.sla.walltime import require_aware


class TicketStatus(enum.StrEnum):
    NEW = "new"
    OPEN = "open"
    PENDING_CUSTOMER = "pending_customer"
    PENDING_OPERATIONS = "pending_operations"
    SOLVED = "solved"
    CLOSED = "closed"


DONE_STATUSES = frozenset({TicketStatus.SOLVED, TicketStatus.CLOSED})


class SlaStatus(enum.StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    FULFILLED = "fulfilled"


@dataclass(frozen=True)
class TicketCreated:
    at: datetime
    priority: Priority
    status: TicketStatus = TicketStatus.NEW


@dataclass(frozen=True)
class PriorityChanged:
    at: datetime
    priority: Priority


@dataclass(frozen=True)
class StatusChanged:
    at: datetime
    status: TicketStatus


@dataclass(frozen=True)
class AgentReplied:
    at: datetime


TicketEvent = TicketCreated | PriorityChanged | StatusChanged | AgentReplied

Segment = tuple[datetime, datetime | None]
"""A span of wall time ``[start, end)``; ``end`` is None while it lasts at ``now``."""


@dataclass(frozen=True)
class MetricClock:
    """Where one target of a ticket stands at ``now``.

    ``elapsed`` and ``remaining`` are business time; ``due_at`` is the instant the target
    is (or was) used up, None while the clock is paused short of it (the instant then
    depends on when it resumes). ``at_risk_from`` is the instant the at-risk threshold
    is reached, on the same terms.
    """

    metric: Metric
    status: SlaStatus
    target: timedelta
    elapsed: timedelta
    remaining: timedelta
    due_at: datetime | None
    at_risk_from: datetime | None
    fulfilled_at: datetime | None
    paused: bool
    pauses: tuple[Segment, ...]

    @property
    def breached_at(self) -> datetime | None:
        return self.due_at if self.status is SlaStatus.BREACHED else None

    def next_status_change(self) -> datetime | None:
        """When this status changes if nothing else happens; None when only an event can."""
        if self.paused or self.status in (SlaStatus.BREACHED, SlaStatus.FULFILLED):
            return None
        if self.status is SlaStatus.ON_TRACK:
            return self.at_risk_from
        return self.due_at


@dataclass(frozen=True)
class TicketSla:
    first_response: MetricClock
    resolution: MetricClock

    def next_status_change(self) -> datetime | None:
        """The next instant a scheduler should re-evaluate this ticket, if any."""
        instants = [
            at
            for at in (
                self.first_response.next_status_change(),
                self.resolution.next_status_change(),
            )
            if at is not None
        ]
        return min(instants, default=None)


@dataclass(frozen=True)
class _History:
    created_at: datetime
    statuses: tuple[tuple[datetime, TicketStatus], ...]
    priorities: tuple[tuple[datetime, Priority], ...]
    first_reply_at: datetime | None

    def priority_at(self, at: datetime) -> Priority:
        return [priority for since, priority in self.priorities if since <= at][-1]

    def first_response_stop(self) -> datetime | None:
        solved = [since for since, status in self.statuses if status in DONE_STATUSES]
        stops = [at for at in (self.first_reply_at, *solved[:1]) if at is not None]
        return min(stops, default=None)

    def resolution_stop(self) -> datetime | None:
        """When the ticket last became solved or closed, if it still is."""
        done_since: datetime | None = None
        for since, status in self.statuses:
            if status not in DONE_STATUSES:
                done_since = None
            elif done_since is None:
                done_since = since
        return done_since


def compute_sla(
    events: Sequence[TicketEvent],
    policy: SlaPolicy,
    calendar: BusinessCalendar,
    now: datetime,
) -> TicketSla:
    """Both SLA clocks of a ticket at ``now``, from its events in time order.

    Events after ``now`` are ignored, so a past moment can be replayed exactly.
    """
    require_aware(now)
    now = now.astimezone(UTC)
    history = _replay(events, now)
    return TicketSla(
        first_response=_clock(
            Metric.FIRST_RESPONSE, history, history.first_response_stop(), policy, calendar, now
        ),
        resolution=_clock(
            Metric.RESOLUTION, history, history.resolution_stop(), policy, calendar, now
        ),
    )


def _replay(events: Sequence[TicketEvent], now: datetime) -> _History:
    require_aware(*(event.at for event in events))
    if not events or not isinstance(events[0], TicketCreated):
        raise ValueError("a ticket history starts with exactly one TicketCreated event")
    created = events[0]
    created_at = created.at.astimezone(UTC)
    if created_at > now:
        raise ValueError("the ticket was created after the moment asked about")
    statuses = [(created_at, created.status)]
    priorities = [(created_at, created.priority)]
    first_reply_at: datetime | None = None
    previous = created_at
    for event in events[1:]:
        at = event.at.astimezone(UTC)  # every instant leaves the clock in UTC
        if at < previous or isinstance(event, TicketCreated):
            raise ValueError("ticket events must follow creation in time order")
        previous = at
        if at > now:
            break
        if isinstance(event, StatusChanged):
            statuses.append((at, event.status))
        elif isinstance(event, PriorityChanged):
            priorities.append((at, event.priority))
        elif first_reply_at is None:
            first_reply_at = at
    return _History(created_at, tuple(statuses), tuple(priorities), first_reply_at)


def _runs(status: TicketStatus, policy: SlaPolicy) -> bool | None:
    """True when the clock runs in ``status``, False when paused, None when stopped."""
    if status in DONE_STATUSES:
        return None
    if status is TicketStatus.PENDING_CUSTOMER:
        return False
    if status is TicketStatus.PENDING_OPERATIONS:
        return not policy.pause_on_pending_operations
    return True


def _segments(
    history: _History, stop: datetime | None, policy: SlaPolicy, now: datetime
) -> tuple[list[Segment], list[Segment]]:
    """Running and paused segments up to ``stop`` (or still lasting at ``now``)."""
    horizon = stop or now
    running: list[Segment] = []
    paused: list[Segment] = []
    starts = [since for since, _ in history.statuses]
    for (start, status), next_start in zip(history.statuses, [*starts[1:], None], strict=True):
        # The last status lasts until the stop, or (end None) is still lasting at ``now``.
        end = stop if next_start is None else min(next_start, horizon)
        if end is not None and end <= start:
            continue
        runs = _runs(status, policy)
        if runs is not None:
            (running if runs else paused).append((start, end))
    return running, paused


def _instant_reaching(
    segments: list[Segment], amount: timedelta, origin: datetime, calendar: BusinessCalendar
) -> datetime | None:
    """The earliest instant the running segments add up to ``amount`` of business time."""
    if amount <= ZERO:
        return origin
    accumulated = ZERO
    for start, end in segments:
        length = None if end is None else calendar.business_time_between(start, end)
        if length is None or accumulated + length >= amount:
            return calendar.add_business_time(start, amount - accumulated)
        accumulated += length
    return None


def _clock(
    metric: Metric,
    history: _History,
    stop: datetime | None,
    policy: SlaPolicy,
    calendar: BusinessCalendar,
    now: datetime,
) -> MetricClock:
    running, paused = _segments(history, stop, policy, now)
    target = policy.target(history.priority_at(stop or now), metric)
    threshold = policy.at_risk.threshold(target)
    elapsed = sum(
        (calendar.business_time_between(start, end or now) for start, end in running), ZERO
    )
    due_at = _instant_reaching(running, target, history.created_at, calendar)
    if due_at is None and stop is not None:
        # Met in time: the instant it would have been due had the clock kept running.
        due_at = calendar.add_business_time(stop, target - elapsed)
    return MetricClock(
        metric=metric,
        status=_status(elapsed, target, threshold, stop),
        target=target,
        elapsed=elapsed,
        remaining=target - elapsed,
        due_at=due_at,
        at_risk_from=_instant_reaching(running, target - threshold, history.created_at, calendar),
        fulfilled_at=stop,
        paused=stop is None and not (running and running[-1][1] is None),
        pauses=tuple(paused),
    )


def _status(
    elapsed: timedelta, target: timedelta, threshold: timedelta, stop: datetime | None
) -> SlaStatus:
    if elapsed >= target:
        return SlaStatus.BREACHED
    if stop is not None:
        return SlaStatus.FULFILLED
    if target - elapsed <= threshold:
        return SlaStatus.AT_RISK
    return SlaStatus.ON_TRACK
