"""Reading tickets: one ticket with everything the agent needs, and the inbox list.

The list is keyset-paginated on ``(updated_at, id)`` descending, or on
``(sla_due_at, id)`` ascending for the most urgent first; each filter has an index
ending in that order, so a page is one index range scan however deep.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import customers
from opsdesk.kernel.db import UTCDateTime, utcnow
from opsdesk.kernel.errors import InvalidInput, NotFound
from opsdesk.kernel.pagination import decode_cursor, encode_cursor
from opsdesk.support import linking, search, sla_status
from opsdesk.support.models import Ticket, TicketMessage, TicketOrderLink, TicketTag
from opsdesk.support.schemas import (
    LinkedOrder,
    MessageRead,
    SlaState,
    TicketRead,
    TicketSummary,
)
from opsdesk.support.sla import Priority, TicketStatus

MAX_PAGE = 200


class Sort(enum.StrEnum):
    UPDATED = "updated"  # most recently changed first
    SLA_DUE = "sla_due"  # running clocks only, the soonest due first


class SlaFilter(enum.StrEnum):
    AT_RISK = "at_risk"
    BREACHED = "breached"


@dataclass(frozen=True)
class TicketFilter:
    status: TicketStatus | None = None
    priority: Priority | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    team_id: int | None = None
    tag: str | None = None
    customer_id: int | None = None
    order_id: int | None = None
    sla: SlaFilter | None = None
    q: str | None = None


def summary(ticket: Ticket, now: datetime) -> TicketSummary:
    return TicketSummary(
        id=ticket.id,
        reference=ticket.reference,
        subject=ticket.subject,
        channel=ticket.channel,
        status=ticket.status,
        priority=ticket.priority,
        assignee_id=ticket.assignee_id,
        team_id=ticket.team_id,
        customer_id=ticket.customer_id,
        requester_email=ticket.requester_email,
        requester_name=ticket.requester_name,
        tags=list(ticket.tags or ()),
        reason=ticket.reason,
        created_at=ticket.created_at,
        updated_at=ticket.updated_at,
        first_response_at=ticket.first_response_at,
        solved_at=ticket.solved_at,
        sla_state=sla_status.state_at(ticket, now),
        sla_due_at=ticket.sla_due_at,
        sla_at_risk_at=ticket.sla_at_risk_at,
        sla_breach_at=ticket.sla_breach_at,
    )


_CUSTOMER = customers.Customer
TICKET_WITH_CUSTOMER = (
    sa.select(Ticket, _CUSTOMER.email, _CUSTOMER.first_name, _CUSTOMER.last_name,
              _CUSTOMER.locale, _CUSTOMER.timezone, _CUSTOMER.tags)
    .outerjoin(_CUSTOMER, _CUSTOMER.id == Ticket.customer_id)
    .where(Ticket.id == sa.bindparam("ticket_id"))
)  # fmt: skip
MESSAGES = (
    sa.select(TicketMessage)
    .where(TicketMessage.ticket_id == sa.bindparam("ticket_id"))
    .order_by(TicketMessage.id)
)


def read_ticket(
    session: Session, ticket_id: int, *, include_internal: bool = True, now: datetime | None = None
) -> TicketRead:
    """The ticket, its conversation, customer, linked orders and live SLA clocks."""
    at = now or utcnow()
    found = session.execute(TICKET_WITH_CUSTOMER, {"ticket_id": ticket_id}).first()
    if found is None:
        raise NotFound("ticket", ticket_id)
    ticket = found[0]
    customer, tags = None, {}
    if ticket.customer_id is not None and found.locale is not None:
        customer = customers.CustomerSummary(
            id=ticket.customer_id, email=found.email, first_name=found.first_name,
            last_name=found.last_name, locale=found.locale, timezone=found.timezone,
        )  # fmt: skip
        tags = {ticket.customer_id: frozenset(found.tags or ())}
    messages = session.scalars(MESSAGES, {"ticket_id": ticket.id})
    context = sla_status.SlaContext(session, [ticket], customer_tags=tags)
    history = sla_status.history_of(session, [ticket.id])[ticket.id]
    policy, result = sla_status.compute(ticket, history, context, at)
    return TicketRead(
        **summary(ticket, at).model_dump(),
        customer=customer,
        orders=[
            LinkedOrder(id=i, number=n, status=s, automatic=a)
            for i, n, s, a in linking.linked_orders(session, ticket.id)
        ],
        messages=[
            MessageRead.model_validate(m)
            for m in messages
            if include_internal or m.author_kind.value != "internal_note"
        ],
        sla=sla_status.sla_read(policy, context.calendar_for(ticket).timezone, result),
    )


def _filtered(
    query: sa.Select[Ticket], f: TicketFilter, session: Session, now: datetime
) -> sa.Select[Ticket]:
    conditions: list[sa.ColumnElement[bool]] = []
    if f.status is not None:
        conditions.append(Ticket.status == f.status)
    if f.priority is not None:
        conditions.append(Ticket.priority == f.priority)
    if f.unassigned:
        conditions.append(Ticket.assignee_id.is_(None))
    elif f.assignee_id is not None:
        conditions.append(Ticket.assignee_id == f.assignee_id)
    if f.team_id is not None:
        conditions.append(Ticket.team_id == f.team_id)
    if f.customer_id is not None:
        conditions.append(Ticket.customer_id == f.customer_id)
    if f.tag:
        tagged = sa.select(TicketTag.ticket_id).where(TicketTag.tag == f.tag.strip().lower())
        conditions.append(Ticket.id.in_(tagged))
    if f.order_id is not None:
        linked = sa.select(TicketOrderLink.ticket_id).where(TicketOrderLink.order_id == f.order_id)
        conditions.append(Ticket.id.in_(linked))
    if f.sla is SlaFilter.BREACHED:
        conditions.append(Ticket.sla_breach_at <= now)
    elif f.sla is SlaFilter.AT_RISK:
        conditions.append(Ticket.sla_at_risk_at <= now)
        conditions.append(sa.or_(Ticket.sla_breach_at.is_(None), Ticket.sla_breach_at > now))
    if f.q:
        conditions.append(Ticket.id.in_(search.matching_ticket_ids(session, f.q)))
    return query.where(*conditions)


def _instant(value: object) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidInput("malformed cursor", details={"field": "cursor"}) from exc
    if parsed.tzinfo is None:
        raise InvalidInput("malformed cursor", details={"field": "cursor"})
    return parsed


def _keyset(query: sa.Select[Ticket], sort: Sort, cursor: str | None) -> sa.Select[Ticket]:
    key = Ticket.sla_due_at if sort is Sort.SLA_DUE else Ticket.updated_at
    if sort is Sort.SLA_DUE:
        query = query.where(Ticket.sla_due_at.is_not(None)).order_by(key.asc(), Ticket.id.asc())
    else:
        query = query.order_by(key.desc(), Ticket.id.desc())
    if cursor:
        values = decode_cursor(cursor)
        last_id, sort_name = values.get("id"), values.get("sort")
        if not isinstance(last_id, int) or sort_name != sort.value:
            raise InvalidInput("malformed cursor", details={"field": "cursor"})
        at = sa.literal(_instant(values.get("at")), UTCDateTime())
        row = sa.tuple_(key, Ticket.id)
        query = query.where(
            row > sa.tuple_(at, last_id) if sort is Sort.SLA_DUE else row < sa.tuple_(at, last_id)
        )
    return query


def list_tickets(
    session: Session,
    filters: TicketFilter,
    *,
    sort: Sort = Sort.UPDATED,
    cursor: str | None = None,
    limit: int = 50,
    now: datetime | None = None,
) -> tuple[list[TicketSummary], str | None]:
    """One page of the inbox (one query) and the cursor of the next page."""
    at = now or utcnow()
    limit = max(1, min(limit, MAX_PAGE))
    query = _keyset(_filtered(sa.select(Ticket), filters, session, at), sort, cursor)
    rows = list(session.scalars(query.limit(limit + 1)))
    items = [summary(t, at) for t in rows[:limit]]
    if len(rows) <= limit:
        return items, None
    last = rows[limit - 1]
    key = last.sla_due_at if sort is Sort.SLA_DUE else last.updated_at
    assert key is not None
    return items, encode_cursor({"sort": sort.value, "at": key.isoformat(), "id": last.id})


def search_tickets(
    session: Session,
    query: str,
    filters: TicketFilter | None = None,
    cursor: str | None = None,
    *,
    limit: int = 50,
    now: datetime | None = None,
) -> tuple[list[TicketSummary], str | None]:
    """Full-text search (FTS5 on SQLite, ``tsvector`` on PostgreSQL) or the customer's name
    or e-mail, within the filters."""
    base = filters or TicketFilter()
    chosen = TicketFilter(**{**base.__dict__, "q": query})
    return list_tickets(session, chosen, cursor=cursor, limit=limit, now=now)


__all__ = ["MAX_PAGE", "SlaFilter", "SlaState", "Sort", "TicketFilter", "list_tickets",
           "read_ticket", "search_tickets", "summary"]  # fmt: skip
