"""Round-robin assignment on both backends: fair turns, capacity, and racing tickets."""

from __future__ import annotations

import threading
from collections import Counter

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import support
from opsdesk.support.sla import TicketStatus
from tests.factories.support import AGENT, make_agent, make_ticket


def test_tickets_go_round_robin_to_online_agents_under_capacity(session: Session) -> None:
    bea = make_agent(session, "Bea", capacity=2)
    cem = make_agent(session, "Cem", capacity=1)
    make_agent(session, "Dia", online=False)
    assigned = [make_ticket(session, auto_assign=True).assignee_id for _ in range(4)]
    assert assigned == [bea, cem, bea, None]
    assert support.open_ticket_counts(session, [bea, cem]) == {bea: 2, cem: 1}


def test_a_solved_ticket_frees_capacity_for_the_next_one(session: Session) -> None:
    bea = make_agent(session, "Bea", capacity=1)
    first = make_ticket(session, auto_assign=True)
    assert make_ticket(session, auto_assign=True).assignee_id is None
    support.update_ticket(
        session, first.id, support.TicketUpdate(status=TicketStatus.SOLVED), author=AGENT
    )
    assert make_ticket(session, auto_assign=True).assignee_id == bea


def test_manual_reassignment_checks_the_agent_and_can_unassign(session: Session) -> None:
    bea = make_agent(session, "Bea")
    cem = make_agent(session, "Cem")
    ticket = make_ticket(session, assignee_id=bea)
    support.update_ticket(session, ticket.id, support.TicketUpdate(assignee_id=cem), author=AGENT)
    assert ticket.assignee_id == cem
    support.update_ticket(session, ticket.id, support.TicketUpdate(assignee_id=None), author=AGENT)
    assert ticket.assignee_id is None


def test_racing_tickets_never_push_an_agent_beyond_capacity(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as s, s.begin():
        agents = [make_agent(s, name, capacity=2) for name in ("Bea", "Cem", "Dia")]
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def arrive() -> None:
        try:
            start.wait()
            with session_factory() as s, s.begin():
                make_ticket(s, auto_assign=True)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=arrive) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with session_factory() as s:
        assignees = s.scalars(sa.select(support.Ticket.assignee_id)).all()
    load = Counter(assignees)
    assert load == {agents[0]: 2, agents[1]: 2, agents[2]: 2, None: 2}
