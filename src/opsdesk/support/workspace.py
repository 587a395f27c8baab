"""Inbox views of the agent workspace: one query per refresh.

The API's ``list_tickets`` filters by one status; an agent's inbox shows every ticket
still open (new, open, pending) unless a status is chosen, sorted by what needs
attention. Each view pairs with an index of ``support.models.Ticket``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import InvalidInput
from opsdesk.support import search
from opsdesk.support.models import Ticket, TicketTag
from opsdesk.support.policy import ACTIVE_STATUSES
from opsdesk.support.queries import summary
from opsdesk.support.schemas import TicketSummary
from opsdesk.support.sla import Priority, TicketStatus

INBOX_LIMIT = 100
MAX_PAGE = 1_000  # an inbox this deep wants a filter, not paging (and OFFSET grows)


class InboxView(enum.StrEnum):
    MINE = "mine"
    UNASSIGNED = "unassigned"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    PENDING_OPERATIONS = "pending_operations"
    OPEN = "open"


class InboxSort(enum.StrEnum):
    SLA_DUE = "sla_due"  # the soonest due first; tickets without a running clock last
    UPDATED = "updated"  # most recently changed first
    OLDEST = "oldest"  # waiting longest first


@dataclass(frozen=True)
class InboxQuery:
    view: InboxView = InboxView.OPEN
    status: TicketStatus | None = None
    priority: Priority | None = None
    team_id: int | None = None
    tag: str | None = None
    q: str | None = None
    sort: InboxSort = InboxSort.SLA_DUE
    page: int = 1  # of ``INBOX_LIMIT`` rows each; clamped to 1..``MAX_PAGE``


def _view_conditions(
    view: InboxView, me: int | None, now: datetime
) -> list[sa.ColumnElement[bool]]:
    if view is InboxView.MINE:
        return [Ticket.assignee_id == me] if me is not None else [sa.false()]
    if view is InboxView.UNASSIGNED:
        return [Ticket.assignee_id.is_(None)]
    if view is InboxView.BREACHED:
        return [Ticket.sla_breach_at <= now]
    if view is InboxView.AT_RISK:
        at_risk = Ticket.sla_at_risk_at <= now
        return [at_risk, sa.or_(Ticket.sla_breach_at.is_(None), Ticket.sla_breach_at > now)]
    if view is InboxView.PENDING_OPERATIONS:
        return [Ticket.status == TicketStatus.PENDING_OPERATIONS]
    return []


def _conditions(
    session: Session, query: InboxQuery, me: int | None, now: datetime
) -> list[sa.ColumnElement[bool]]:
    conditions = _view_conditions(query.view, me, now)
    if query.status is not None:
        conditions.append(Ticket.status == query.status)
    else:
        conditions.append(Ticket.status.in_(ACTIVE_STATUSES))
    if query.priority is not None:
        conditions.append(Ticket.priority == query.priority)
    if query.team_id is not None:
        conditions.append(Ticket.team_id == query.team_id)
    if query.tag:
        tagged = sa.select(TicketTag.ticket_id).where(TicketTag.tag == query.tag.strip().lower())
        conditions.append(Ticket.id.in_(tagged))
    if query.q and query.q.strip():
        conditions.append(_searched(session, query.q))
    return conditions


def _searched(session: Session, q: str) -> sa.ColumnElement[bool]:
    """Tickets matching the search box; a query without a word (``%``, ``**``) finds
    nothing instead of failing the page."""
    try:
        return Ticket.id.in_(search.matching_ticket_ids(session, q))
    except InvalidInput:
        return sa.false()


def _ordering(sort: InboxSort) -> tuple[sa.ColumnElement[Any], ...]:
    if sort is InboxSort.UPDATED:
        return (Ticket.updated_at.desc(), Ticket.id.desc())
    if sort is InboxSort.OLDEST:
        return (Ticket.created_at.asc(), Ticket.id.asc())
    no_clock_last = sa.case((Ticket.sla_due_at.is_(None), 1), else_=0)
    return (no_clock_last, Ticket.sla_due_at.asc(), Ticket.updated_at.desc(), Ticket.id.desc())


def inbox(
    session: Session,
    query: InboxQuery,
    *,
    me: int | None,
    limit: int = INBOX_LIMIT,
    now: datetime | None = None,
) -> tuple[list[TicketSummary], bool]:
    """The ``query.page``-th ``limit`` tickets of a view (one query) and whether more exist.

    Pages are counted by offset: the views hold the active tickets, a few thousand at
    most, in the order of an index, and a page must follow its sort even when tickets
    move between refreshes (a row shifting to the next page beats a cursor that skips)."""
    at = now or utcnow()
    page = min(max(query.page, 1), MAX_PAGE)
    rows = list(
        session.scalars(
            sa.select(Ticket)
            .where(*_conditions(session, query, me, at))
            .order_by(*_ordering(query.sort))
            .offset((page - 1) * limit)
            .limit(limit + 1)
        )
    )
    return [summary(t, at) for t in rows[:limit]], len(rows) > limit
