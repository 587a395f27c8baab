"""SLA reports: breach rates and median times grouped by team, priority and ISO week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from opsdesk.support.sla import (
    DEFAULT_POLICY,
    AgentReplied,
    BreachRate,
    BusinessCalendar,
    Dimension,
    Metric,
    Priority,
    SlaOutcome,
    StatusChanged,
    TicketCreated,
    TicketStatus,
    breach_rates,
    compute_sla,
    median_times,
)
from opsdesk.support.sla.reporting import group_key, median

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = BusinessCalendar.office_hours("Europe/Berlin")
NOW = datetime(2024, 6, 10, 15, tzinfo=BERLIN)
MINUTES = timedelta(minutes=1)


def june(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 6, day, hour, minute, tzinfo=BERLIN)


def outcome(
    team: str | None,
    priority: Priority,
    created: datetime,
    reply: datetime | None = None,
    solved: datetime | None = None,
) -> SlaOutcome:
    events: list[TicketCreated | AgentReplied | StatusChanged] = [TicketCreated(created, priority)]
    if reply is not None:
        events.append(AgentReplied(reply))
    if solved is not None:
        events.append(StatusChanged(solved, TicketStatus.SOLVED))
    sla = compute_sla(events, DEFAULT_POLICY, OFFICE, NOW)
    return SlaOutcome(created_at=created, priority=priority, sla=sla, team=team)


OUTCOMES = [
    # Week 23: one ticket within both targets, one late on both.
    outcome("eu", Priority.HIGH, june(3, 9), reply=june(3, 9, 30), solved=june(3, 11)),
    outcome("eu", Priority.HIGH, june(3, 9), reply=june(3, 10, 30), solved=june(3, 15)),
    # Week 24: answered in time but still open, and one nobody has touched yet.
    outcome("us", Priority.MEDIUM, june(10, 9), reply=june(10, 13)),
    outcome(None, Priority.LOW, june(10, 10)),
]


def test_breach_rate_per_team_counts_settled_targets_only() -> None:
    rates = breach_rates(OUTCOMES, Metric.FIRST_RESPONSE, by=[Dimension.TEAM])
    assert rates == {
        ("eu",): BreachRate(settled=2, breached=1),
        ("unassigned",): BreachRate(settled=0, breached=0),
        ("us",): BreachRate(settled=1, breached=0),
    }
    assert rates[("eu",)].rate == 0.5
    assert rates[("unassigned",)].rate is None


def test_breach_rate_per_iso_week_of_creation() -> None:
    rates = breach_rates(OUTCOMES, Metric.RESOLUTION, by=[Dimension.WEEK])
    assert rates == {
        ("2024-W23",): BreachRate(settled=2, breached=1),
        ("2024-W24",): BreachRate(settled=0, breached=0),
    }


def test_breach_rate_by_team_and_priority_together() -> None:
    rates = breach_rates(OUTCOMES, Metric.RESOLUTION, by=[Dimension.TEAM, Dimension.PRIORITY])
    assert list(rates) == [("eu", "high"), ("unassigned", "low"), ("us", "medium")]


def test_median_times_use_fulfilled_metrics_late_or_not() -> None:
    [(key, overall)] = median_times(OUTCOMES).items()
    assert key == ()
    assert overall.first_response == 90 * MINUTES  # of 30 min, 90 min and 4 h
    assert overall.first_responses == 3
    assert overall.resolution == 4 * 60 * MINUTES  # of 2 h and 6 h
    per_team = median_times(OUTCOMES, by=[Dimension.TEAM])
    assert per_team[("eu",)].first_response == 60 * MINUTES
    assert per_team[("unassigned",)].first_response is None


def test_the_iso_week_is_taken_in_the_reporting_time_zone() -> None:
    sunday_night_utc = datetime(2024, 6, 9, 23, 30, tzinfo=UTC)  # Monday 01:30 in Berlin
    late = SlaOutcome(sunday_night_utc, Priority.LOW, OUTCOMES[0].sla)
    assert group_key(late, [Dimension.WEEK]) == ("2024-W23",)
    assert group_key(late, [Dimension.WEEK], timezone="Europe/Berlin") == ("2024-W24",)


def test_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    assert median([3 * MINUTES, MINUTES, 10 * MINUTES, 2 * MINUTES]) == 150 * timedelta(seconds=1)
    assert median([]) is None


def test_an_answer_before_the_team_starts_costs_no_business_time_but_the_wait_shows() -> None:
    # Friday 22:00, answered Saturday 09:00: outside office hours all along.
    overnight = outcome("eu", Priority.MEDIUM, june(7, 22), reply=june(8, 9))
    [(_key, times)] = median_times([overnight]).items()
    assert times.first_response == timedelta(0)
    assert times.first_response_wait == timedelta(hours=11)


def test_outcomes_group_by_agent_with_the_unassigned_apart() -> None:
    ana = SlaOutcome(june(3, 9), Priority.HIGH, OUTCOMES[0].sla, "eu", agent="Ana")
    nobody = SlaOutcome(june(3, 9), Priority.HIGH, OUTCOMES[1].sla, "eu")
    rates = breach_rates([ana, nobody], Metric.FIRST_RESPONSE, by=[Dimension.AGENT])
    assert rates == {
        ("Ana",): BreachRate(settled=1, breached=0),
        ("unassigned",): BreachRate(settled=1, breached=1),
    }
