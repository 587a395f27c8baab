"""Who works a ticket: round-robin among online agents under capacity, and by hand.

Concurrency: the round-robin locks the online agents' availability rows (in id order,
``FOR UPDATE`` on PostgreSQL; SQLite serialises writers with ``BEGIN IMMEDIATE``) before
counting their open tickets, so two tickets arriving at once are assigned one after
the other and never push an agent beyond capacity.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import staff
from opsdesk.kernel import events as outbox
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import InvalidInput
from opsdesk.kernel.http import Role
from opsdesk.support import policy
from opsdesk.support.events import TicketAssigned
from opsdesk.support.history import Author, record
from opsdesk.support.models import AgentAvailability, Ticket, TicketEventKind, TicketStatus

DEFAULT_CAPACITY = 10
WORKING_ROLES = (Role.AGENT, Role.LEAD, Role.ADMIN)


def open_ticket_counts(session: Session, agent_ids: list[int]) -> dict[int, int]:
    if not agent_ids:
        return {}
    rows = session.execute(
        sa.select(Ticket.assignee_id, sa.func.count())
        .where(Ticket.assignee_id.in_(agent_ids), Ticket.status.in_(policy.ACTIVE_STATUSES))
        .group_by(Ticket.assignee_id)
    )
    counts = dict.fromkeys(agent_ids, 0)
    counts.update({row[0]: int(row[1]) for row in rows if row[0] is not None})
    return counts


def set_availability(
    session: Session, staff_user_id: int, *, online: bool, capacity: int | None = None
) -> AgentAvailability:
    """An agent goes online or offline (and may change how many tickets they take)."""
    ensure_agent(session, staff_user_id, field="staff_user_id")
    row = session.get(AgentAvailability, staff_user_id)
    if row is None:
        row = AgentAvailability(staff_user_id=staff_user_id, capacity=DEFAULT_CAPACITY)
        session.add(row)
    row.online = online
    if capacity is not None:
        row.capacity = capacity
    row.updated_at = utcnow()
    session.flush()
    return row


def ensure_agent(session: Session, staff_user_id: int, *, field: str = "assignee_id") -> None:
    """Only active agents and admins work tickets: anything else is bad input, not a 500."""
    row = session.execute(
        sa.select(staff.StaffUser.role, staff.StaffUser.active).where(
            staff.StaffUser.id == staff_user_id
        )
    ).first()
    if row is None or not row.active or row.role not in WORKING_ROLES:
        raise InvalidInput(
            f"staff user {staff_user_id} is not an active agent",
            details={"errors": [{"field": field, "reason": "not an active agent"}]},
        )


def claim_when_done(session: Session, ticket: Ticket, author: Author, at: datetime) -> bool:
    """The agent who solves or closes an unassigned ticket takes it, so the inbox, the
    reports and the customer's next reply know whose it was. True when it was claimed."""
    if ticket.assignee_id is not None or author.staff_id is None or author.automated:
        return False
    if ticket.status not in (TicketStatus.SOLVED, TicketStatus.CLOSED):
        return False
    role = session.scalar(
        sa.select(staff.StaffUser.role).where(
            staff.StaffUser.id == author.staff_id, staff.StaffUser.active.is_(True)
        )
    )
    if role not in WORKING_ROLES:
        return False
    return assign(session, ticket, author.staff_id, author, at)


def _locked_online_agents(session: Session) -> list[AgentAvailability]:
    query = (
        sa.select(AgentAvailability)
        .join(staff.StaffUser, staff.StaffUser.id == AgentAvailability.staff_user_id)
        .where(AgentAvailability.online.is_(True), staff.StaffUser.active.is_(True))
        .order_by(AgentAvailability.staff_user_id)
        .with_for_update(of=AgentAvailability)
    )
    return list(session.scalars(query).unique())


def next_agent(session: Session, now: datetime) -> int | None:
    """Pick (and book) the next agent in turn; None when everyone is full or offline."""
    agents = _locked_online_agents(session)
    counts = open_ticket_counts(session, [a.staff_user_id for a in agents])
    loads = [
        policy.AgentLoad(a.staff_user_id, counts[a.staff_user_id], a.capacity, a.last_assigned_at)
        for a in agents
    ]
    chosen = policy.choose_agent(loads)
    if chosen is not None:
        booked = next(a for a in agents if a.staff_user_id == chosen)
        booked.last_assigned_at = now
    return chosen


def assign(
    session: Session, ticket: Ticket, assignee_id: int | None, author: Author, at: datetime
) -> bool:
    """Give the ticket to ``assignee_id`` (None: unassign); False when nothing changed."""
    previous = ticket.assignee_id
    if assignee_id == previous:
        return False
    if assignee_id is not None:
        ensure_agent(session, assignee_id)
    ticket.assignee_id = assignee_id
    record(
        session,
        ticket,
        TicketEventKind.ASSIGNEE,
        author,
        at,
        **{"from": previous, "to": assignee_id},
    )
    outbox.record(
        session,
        TicketAssigned(
            ticket_id=ticket.id,
            assignee_id=assignee_id,
            previous_assignee_id=previous,
            actor=author.actor,
        ),
        now=at,
    )
    return True


def auto_assign(session: Session, ticket: Ticket, author: Author, at: datetime) -> int | None:
    """Round-robin the ticket to the next agent, if anyone can take it."""
    chosen = next_agent(session, at)
    if chosen is not None:
        assign(session, ticket, chosen, author, at)
    return chosen
