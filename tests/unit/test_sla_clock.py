"""SLA clocks of concrete tickets against a Berlin office calendar (Mon-Fri 09-17).

June 2024: Monday the 3rd to Friday the 7th, then the weekend, then Monday the 10th.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from opsdesk.support.sla import (
    DEFAULT_POLICY,
    AgentReplied,
    AtRiskRule,
    BusinessCalendar,
    Priority,
    PriorityChanged,
    SlaPolicy,
    SlaStatus,
    StatusChanged,
    TicketCreated,
    TicketEvent,
    TicketSla,
    TicketStatus,
    compute_sla,
)

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = BusinessCalendar.office_hours("Europe/Berlin")
MINUTES = timedelta(minutes=1)
HOURS = timedelta(hours=1)


def june(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 6, day, hour, minute, tzinfo=BERLIN)


def sla_at(now: datetime, *events: TicketEvent, policy: SlaPolicy = DEFAULT_POLICY) -> TicketSla:
    return compute_sla(list(events), policy, OFFICE, now)


def test_a_new_ticket_runs_both_clocks_in_business_hours() -> None:
    sla = sla_at(june(3, 12), TicketCreated(june(3, 10), Priority.MEDIUM))
    first = sla.first_response
    assert (first.status, first.elapsed, first.remaining) == (
        SlaStatus.ON_TRACK,
        2 * HOURS,
        6 * HOURS,
    )
    assert first.due_at == june(4, 10)  # 7 h on Monday, the 8th on Tuesday
    assert first.at_risk_from == june(3, 16)  # a quarter of 8 h left
    assert sla.resolution.due_at == june(6, 10)  # 24 h: Mon 7, Tue 8, Wed 8, Thu 1
    assert not first.paused
    assert sla.next_status_change() == june(3, 16)


def test_a_ticket_created_after_hours_starts_counting_at_the_next_opening() -> None:
    sla = sla_at(june(10, 9, 10), TicketCreated(june(7, 18), Priority.URGENT))
    assert sla.first_response.elapsed == 10 * MINUTES
    assert sla.first_response.due_at == june(10, 9, 30)


def test_waiting_on_the_customer_over_a_weekend_pauses_the_resolution_clock() -> None:
    sla = sla_at(
        june(10, 12),
        TicketCreated(june(6, 15), Priority.HIGH),
        AgentReplied(june(6, 15, 30)),
        StatusChanged(june(6, 15, 30), TicketStatus.PENDING_CUSTOMER),
        StatusChanged(june(10, 11), TicketStatus.OPEN),
    )
    assert sla.first_response.status is SlaStatus.FULFILLED
    assert sla.first_response.fulfilled_at == june(6, 15, 30)
    assert sla.first_response.fulfilled_at.tzinfo is UTC  # Berlin in, UTC out
    resolution = sla.resolution
    assert resolution.elapsed == 90 * MINUTES  # Thursday 15:00-15:30, Monday 11:00-12:00
    assert resolution.pauses == ((june(6, 15, 30), june(10, 11)),)
    assert resolution.due_at == june(10, 14, 30)
    assert resolution.status is SlaStatus.ON_TRACK


def test_a_clock_paused_now_has_no_due_instant_and_waits_for_an_event() -> None:
    sla = sla_at(
        june(4, 10),
        TicketCreated(june(3, 9), Priority.MEDIUM),
        AgentReplied(june(3, 10)),
        StatusChanged(june(3, 10), TicketStatus.PENDING_CUSTOMER),
    )
    resolution = sla.resolution
    assert resolution.paused
    assert resolution.due_at is None
    assert resolution.pauses == ((june(3, 10), None),)
    assert resolution.remaining == 23 * HOURS
    assert sla.next_status_change() is None


@pytest.mark.parametrize(("pauses", "elapsed"), [(False, 6 * HOURS), (True, 1 * HOURS)])
def test_waiting_on_operations_pauses_only_when_the_policy_says_so(
    pauses: bool, elapsed: timedelta
) -> None:
    policy = SlaPolicy(name="ops-aware", pause_on_pending_operations=pauses)
    sla = sla_at(
        june(3, 15),
        TicketCreated(june(3, 9), Priority.MEDIUM),
        AgentReplied(june(3, 9, 30)),
        StatusChanged(june(3, 10), TicketStatus.PENDING_OPERATIONS),
        policy=policy,
    )
    assert sla.resolution.elapsed == elapsed
    assert sla.resolution.paused is pauses


def test_raising_the_priority_measures_the_new_target_from_creation() -> None:
    sla = sla_at(
        june(3, 10),
        TicketCreated(june(3, 9), Priority.LOW),
        PriorityChanged(june(3, 10), Priority.URGENT),
    )
    first = sla.first_response
    # An hour has passed: the urgent 30-minute target was already used up at 09:30.
    assert first.status is SlaStatus.BREACHED
    assert first.target == 30 * MINUTES
    assert first.breached_at == june(3, 9, 30)
    resolution = sla.resolution
    assert (resolution.target, resolution.remaining) == (2 * HOURS, 1 * HOURS)
    assert resolution.due_at == june(3, 11)
    assert sla.next_status_change() == june(3, 10, 30)  # resolution becomes at risk


def test_lowering_the_priority_gives_the_running_clock_more_time() -> None:
    sla = sla_at(
        june(3, 9, 40),
        TicketCreated(june(3, 9), Priority.URGENT),
        PriorityChanged(june(3, 9, 20), Priority.LOW),
    )
    assert sla.first_response.status is SlaStatus.ON_TRACK
    assert sla.first_response.due_at == june(5, 17)  # 24 business hours from Monday 09:00


def test_a_fulfilled_first_response_keeps_the_target_it_was_met_under() -> None:
    sla = sla_at(
        june(3, 10),
        TicketCreated(june(3, 9), Priority.HIGH),
        AgentReplied(june(3, 9, 45)),
        PriorityChanged(june(3, 10), Priority.URGENT),
    )
    assert sla.first_response.status is SlaStatus.FULFILLED
    assert sla.first_response.target == HOURS
    assert sla.resolution.target == 2 * HOURS


REOPENED = (
    TicketCreated(june(3, 9), Priority.HIGH),
    AgentReplied(june(3, 10)),
    StatusChanged(june(3, 11), TicketStatus.SOLVED),
    StatusChanged(june(4, 10), TicketStatus.OPEN),
)


def test_a_solved_ticket_has_a_fulfilled_resolution() -> None:
    resolution = sla_at(june(3, 15), *REOPENED).resolution
    assert resolution.status is SlaStatus.FULFILLED
    assert resolution.fulfilled_at == june(3, 11)
    assert resolution.elapsed == 2 * HOURS


def test_reopening_resumes_the_resolution_clock_where_it_stopped() -> None:
    resolution = sla_at(june(4, 11, 30), *REOPENED).resolution
    assert resolution.fulfilled_at is None
    assert resolution.elapsed == 3 * HOURS + 30 * MINUTES  # solved time does not count
    assert resolution.status is SlaStatus.AT_RISK
    assert resolution.due_at == june(4, 12)


def test_a_reopened_ticket_can_breach_after_an_earlier_solve_in_time() -> None:
    resolution = sla_at(june(4, 12, 30), *REOPENED).resolution
    assert resolution.status is SlaStatus.BREACHED
    assert resolution.breached_at == june(4, 12)
    assert resolution.remaining == -30 * MINUTES


def test_solving_without_a_reply_fulfils_the_first_response() -> None:
    sla = sla_at(
        june(3, 10),
        TicketCreated(june(3, 9), Priority.MEDIUM),
        StatusChanged(june(3, 9, 30), TicketStatus.SOLVED),
    )
    assert sla.first_response.fulfilled_at == june(3, 9, 30)
    assert sla.first_response.status is SlaStatus.FULFILLED


@pytest.mark.parametrize(
    ("reply", "status"),
    [
        (june(3, 16, 59), SlaStatus.FULFILLED),
        (june(3, 17), SlaStatus.BREACHED),
        (june(3, 17, 30), SlaStatus.BREACHED),  # after closing, though no business time passed
    ],
)
def test_a_reply_counts_as_met_only_before_the_due_instant(
    reply: datetime, status: SlaStatus
) -> None:
    sla = sla_at(june(3, 18), TicketCreated(june(3, 9), Priority.MEDIUM), AgentReplied(reply))
    assert sla.first_response.status is status
    assert sla.first_response.due_at == june(3, 17)


def test_an_absolute_margin_flags_risk_earlier_than_the_fraction() -> None:
    policy = SlaPolicy(name="cautious", at_risk=AtRiskRule(fraction=0.1, margin=3 * HOURS))
    first = sla_at(june(3, 14, 30), TicketCreated(june(3, 9), Priority.MEDIUM), policy=policy)
    assert first.first_response.status is SlaStatus.AT_RISK
    assert first.first_response.at_risk_from == june(3, 14)


def test_next_status_change_walks_from_on_track_to_at_risk_to_breached() -> None:
    created = TicketCreated(june(3, 10), Priority.URGENT)
    wake_up = sla_at(june(3, 10), created).next_status_change()
    assert wake_up == june(3, 10, 22) + 30 * timedelta(seconds=1)  # 7.5 of 30 minutes left
    assert sla_at(wake_up, created).first_response.status is SlaStatus.AT_RISK
    breach = sla_at(wake_up, created).next_status_change()
    assert breach == june(3, 10, 30)
    assert sla_at(breach, created).first_response.status is SlaStatus.BREACHED
    assert sla_at(breach - MINUTES, created).first_response.status is SlaStatus.AT_RISK


def test_events_after_now_are_ignored_so_the_past_can_be_replayed() -> None:
    events = (TicketCreated(june(3, 9), Priority.MEDIUM), AgentReplied(june(3, 11)))
    before_reply = sla_at(june(3, 10), *events).first_response
    assert before_reply.fulfilled_at is None
    assert before_reply.elapsed == HOURS


def test_the_fall_back_weekend_does_not_shift_a_due_instant() -> None:
    friday = datetime(2024, 10, 25, 16, tzinfo=BERLIN)
    sla = sla_at(friday + HOURS, TicketCreated(friday, Priority.MEDIUM))
    assert sla.first_response.due_at == datetime(2024, 10, 28, 16, tzinfo=BERLIN)


def test_a_history_must_start_with_its_creation_in_time_order() -> None:
    created = TicketCreated(june(3, 9), Priority.MEDIUM)
    with pytest.raises(ValueError, match="starts with"):
        sla_at(june(3, 10), AgentReplied(june(3, 9)))
    with pytest.raises(ValueError, match="time order"):
        sla_at(june(3, 12), created, AgentReplied(june(3, 11)), AgentReplied(june(3, 10)))
    with pytest.raises(ValueError, match="created after"):
        sla_at(june(3, 8), created)
    with pytest.raises(ValueError, match="timezone-aware"):
        sla_at(datetime(2024, 6, 3, 10), created)
