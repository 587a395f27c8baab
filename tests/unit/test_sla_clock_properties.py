"""Properties of SLA clocks over generated calendars and ticket histories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from opsdesk.support.sla import (
    AgentReplied,
    AtRiskRule,
    BusinessCalendar,
    MetricClock,
    Priority,
    PriorityChanged,
    SlaPolicy,
    SlaStatus,
    StatusChanged,
    TicketCreated,
    TicketEvent,
    TicketStatus,
    compute_sla,
)
from tests.unit.test_business_hours_properties import calendars

gaps = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=6))
creations = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2025, 12, 31), timezones=st.just(UTC)
)
policies = st.builds(
    SlaPolicy,
    name=st.just("generated"),
    pause_on_pending_operations=st.booleans(),
    at_risk=st.builds(
        AtRiskRule,
        fraction=st.floats(0, 0.9),
        margin=st.timedeltas(timedelta(0), timedelta(hours=10)),
    ),
)
STATUS_RANK = {SlaStatus.ON_TRACK: 0, SlaStatus.AT_RISK: 1, SlaStatus.BREACHED: 2}


@st.composite
def histories(
    draw: st.DrawFn, kinds: tuple[str, ...] = ("reply", "priority", "status")
) -> list[TicketEvent]:
    """A ticket created at a random instant, then up to eight events of ``kinds`` in order."""
    at = draw(creations)
    events: list[TicketEvent] = [TicketCreated(at, draw(st.sampled_from(Priority)))]
    for kind in draw(st.lists(st.sampled_from(kinds), max_size=8)):
        at += draw(gaps)
        if kind == "reply":
            events.append(AgentReplied(at))
        elif kind == "priority":
            events.append(PriorityChanged(at, draw(st.sampled_from(Priority))))
        else:
            events.append(StatusChanged(at, draw(st.sampled_from(TicketStatus))))
    return events


def clocks(
    events: list[TicketEvent], policy: SlaPolicy, calendar: BusinessCalendar, now: datetime
) -> tuple[MetricClock, MetricClock]:
    sla = compute_sla(events, policy, calendar, now)
    return sla.first_response, sla.resolution


@settings(deadline=None, max_examples=150)
@given(calendars(), policies, histories(kinds=("reply", "priority")), gaps, gaps, gaps)
def test_pausing_never_makes_a_due_instant_earlier(
    calendar: BusinessCalendar,
    policy: SlaPolicy,
    events: list[TicketEvent],
    pause_after: timedelta,
    pause_length: timedelta,
    afterwards: timedelta,
) -> None:
    pause_from = events[0].at + pause_after
    pause_until = pause_from + pause_length
    now = max(events[-1].at, pause_until) + afterwards
    paused = sorted(
        [
            *events,
            StatusChanged(pause_from, TicketStatus.PENDING_CUSTOMER),
            StatusChanged(pause_until, TicketStatus.OPEN),
        ],
        key=lambda event: (event.at, not isinstance(event, TicketCreated)),
    )
    plain_clocks = clocks(events, policy, calendar, now)
    paused_clocks = clocks(paused, policy, calendar, now)
    # Nothing solves these tickets, so the pause takes exactly its business time off.
    paused_business_time = calendar.business_time_between(pause_from, pause_until)
    assert paused_clocks[1].elapsed == plain_clocks[1].elapsed - paused_business_time
    for plain, with_pause in zip(plain_clocks, paused_clocks, strict=True):
        assert with_pause.elapsed <= plain.elapsed
        assert plain.due_at is not None
        assert with_pause.due_at is not None
        assert with_pause.due_at >= plain.due_at


@settings(deadline=None, max_examples=150)
@given(calendars(), policies, histories(), gaps, gaps)
def test_elapsed_time_grows_with_now_and_stays_within_business_time(
    calendar: BusinessCalendar,
    policy: SlaPolicy,
    events: list[TicketEvent],
    first_wait: timedelta,
    second_wait: timedelta,
) -> None:
    earlier = events[-1].at + first_wait
    later = earlier + second_wait
    since_creation = calendar.business_time_between(events[0].at, later)
    for before, after in zip(
        clocks(events, policy, calendar, earlier),
        clocks(events, policy, calendar, later),
        strict=True,
    ):
        assert before.elapsed <= after.elapsed <= since_creation
        assert after.remaining == after.target - after.elapsed


@settings(deadline=None, max_examples=150)
@given(calendars(), policies, histories(kinds=("reply",)), gaps, gaps)
def test_without_status_changes_a_clock_only_moves_towards_breach(
    calendar: BusinessCalendar,
    policy: SlaPolicy,
    events: list[TicketEvent],
    first_wait: timedelta,
    second_wait: timedelta,
) -> None:
    earlier = events[-1].at + first_wait
    later = earlier + second_wait
    _, before = clocks(events, policy, calendar, earlier)
    _, after = clocks(events, policy, calendar, later)
    assert STATUS_RANK[before.status] <= STATUS_RANK[after.status]


@settings(deadline=None, max_examples=150)
@given(calendars(), policies, histories(), gaps, st.floats(0.01, 0.99))
def test_the_status_holds_until_the_announced_change_and_then_changes(
    calendar: BusinessCalendar,
    policy: SlaPolicy,
    events: list[TicketEvent],
    wait: timedelta,
    fraction: float,
) -> None:
    now = events[-1].at + wait
    sla = compute_sla(events, policy, calendar, now)
    for metric_now in (sla.first_response, sla.resolution):
        change = metric_now.next_status_change()
        if change is None:
            continue
        assert change > now
        between = now + (change - now) * fraction
        later_clocks = clocks(events, policy, calendar, between) + clocks(
            events, policy, calendar, change
        )
        in_between, at_change = (
            clock for clock in later_clocks if clock.metric is metric_now.metric
        )
        if between < change:
            assert in_between.status is metric_now.status
        assert at_change.status is not metric_now.status
