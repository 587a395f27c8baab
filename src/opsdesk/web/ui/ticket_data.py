"""What the ticket view shows: the ticket, its clocks, the customer panel, the choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import staff, support
from opsdesk.kernel.http import Role
from opsdesk.support import overview
from opsdesk.web.ui.timers import Timer, clock_timer


@dataclass(frozen=True)
class Panel:
    """The customer panel: the Customer 360, or only the linked orders when the ticket
    has no known customer."""

    customer: overview.CustomerOverview | None
    orders: list[overview.OrderView]


@dataclass(frozen=True)
class TicketPage:
    ticket: support.TicketRead
    first_response: Timer
    resolution: Timer
    panel: Panel
    agents: list[tuple[int, str]]
    macros: list[tuple[int, str]]


def panel_for(session: Session, ticket: support.TicketRead, now: datetime) -> Panel:
    linked = [o.id for o in ticket.orders]
    if ticket.customer_id is None:
        return Panel(None, overview.linked_orders_overview(session, linked, now=now))
    found = overview.customer_overview(
        session, ticket.customer_id, linked_order_ids=linked, now=now
    )
    return Panel(found, found.orders)


def assignable_agents(session: Session) -> list[tuple[int, str]]:
    user = staff.StaffUser
    rows = session.execute(
        sa.select(user.id, user.name)
        .where(user.active.is_(True), user.role.in_([Role.AGENT, Role.LEAD, Role.ADMIN]))
        .order_by(user.name)
    )
    return [(int(i), str(n)) for i, n in rows]


def ticket_page(session: Session, ticket_id: int, now: datetime) -> TicketPage:
    """Everything the view renders, in a fixed number of queries (NotFound for no ticket)."""
    ticket = support.read_ticket(session, ticket_id, now=now)
    return TicketPage(
        ticket=ticket,
        first_response=clock_timer(ticket.sla.first_response, now),
        resolution=clock_timer(ticket.sla.resolution, now),
        panel=panel_for(session, ticket, now),
        agents=assignable_agents(session),
        macros=[
            (m.id, f"{m.name} ({m.locale})")
            for m in support.list_macros(session, team_id=ticket.team_id)
        ],
    )
