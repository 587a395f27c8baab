"""Round-robin choice: fair turns among agents under capacity."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from opsdesk.support.policy import AgentLoad, choose_agent

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_an_agent_never_assigned_goes_first_then_the_longest_waiting() -> None:
    agents = [
        AgentLoad(1, open_tickets=1, capacity=5, last_assigned_at=T0),
        AgentLoad(2, open_tickets=0, capacity=5, last_assigned_at=None),
        AgentLoad(3, open_tickets=2, capacity=5, last_assigned_at=T0 - timedelta(minutes=5)),
    ]
    assert choose_agent(agents) == 2
    agents[1] = AgentLoad(2, 1, 5, T0 + timedelta(minutes=1))
    assert choose_agent(agents) == 3


def test_agents_at_capacity_are_skipped_and_none_when_all_are_full() -> None:
    agents = [
        AgentLoad(1, open_tickets=3, capacity=3, last_assigned_at=None),
        AgentLoad(2, open_tickets=0, capacity=1, last_assigned_at=T0),
    ]
    assert choose_agent(agents) == 2
    assert choose_agent([AgentLoad(2, 1, 1, T0), AgentLoad(1, 0, 0, None)]) is None
    assert choose_agent([]) is None


def test_taking_turns_spreads_tickets_evenly() -> None:
    last: dict[int, datetime | None] = {1: None, 2: None, 3: None}
    load = dict.fromkeys(last, 0)
    for minute in range(9):
        chosen = choose_agent(AgentLoad(a, load[a], 10, last[a]) for a in last)
        assert chosen is not None
        load[chosen] += 1
        last[chosen] = T0 + timedelta(minutes=minute)
    assert load == {1: 3, 2: 3, 3: 3}


def test_ties_in_waiting_time_go_to_the_lower_id() -> None:
    agents = [AgentLoad(5, 0, 2, T0), AgentLoad(4, 1, 2, T0)]
    assert choose_agent(agents) == 4
