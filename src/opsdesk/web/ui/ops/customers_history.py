"""One customer's history: orders, tickets and ticket messages in one list, newest first,
a page at a time.

A ``UNION ALL`` of three selects, each on its own index (orders by customer and time,
tickets by customer, messages by ticket), paged by keyset on (time, kind, id) so the
next page starts where the last one ended even when an order and a message share a
second."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import orders, support
from opsdesk.web.ui.ops.listing import PAGE_SIZE, Page, SortKey, page_of

KINDS = ("order", "ticket", "message")
SNIPPET = 240


@dataclass(frozen=True)
class HistoryItem:
    kind: str  # order / ticket / message
    id: int
    at: datetime
    title: str  # order number, ticket subject, the message's ticket subject
    status: str  # order or ticket status, message author kind
    amount_minor: int | None
    currency: str | None
    ticket_id: int | None
    text: str  # the start of a message


_NO_INT = sa.cast(sa.null(), sa.BigInteger)
_NO_TEXT = sa.cast(sa.null(), sa.String)
_COLUMNS = ("kind", "id", "at", "title", "status", "amount_minor", "currency", "ticket_id", "text")


def _labelled(*values: Any) -> sa.Select[Any]:
    """One part of the union, its columns named alike so any part can come first."""
    return sa.select(*(v.label(n) for v, n in zip(values, _COLUMNS, strict=True)))


def _orders(customer_id: int) -> sa.Select[Any]:
    o = orders.Order
    return _labelled(
        sa.literal("order"), o.id, o.placed_at, o.number, sa.cast(o.status, sa.String),
        o.total_minor, o.currency, _NO_INT, sa.literal(""),
    ).where(o.customer_id == customer_id)  # fmt: skip


def _tickets(customer_id: int) -> sa.Select[Any]:
    t = support.Ticket
    return _labelled(
        sa.literal("ticket"), t.id, t.created_at, t.subject, sa.cast(t.status, sa.String),
        _NO_INT, _NO_TEXT, t.id, sa.literal(""),
    ).where(t.customer_id == customer_id)  # fmt: skip


def _messages(customer_id: int) -> sa.Select[Any]:
    t, m = support.Ticket, support.TicketMessage
    part = _labelled(
        sa.literal("message"), m.id, m.created_at, t.subject, sa.cast(m.author_kind, sa.String),
        _NO_INT, _NO_TEXT, t.id, sa.func.substr(m.body_text, 1, SNIPPET),
    )  # fmt: skip
    return part.join_from(m, t, m.ticket_id == t.id).where(t.customer_id == customer_id)


_PARTS = {"order": _orders, "ticket": _tickets, "message": _messages}


def customer_history(
    session: Session,
    customer_id: int,
    cursor: str | None,
    kinds: tuple[str, ...] = KINDS,
    *,
    size: int = PAGE_SIZE,
) -> Page[HistoryItem]:
    """The customer's history of ``kinds``, newest first."""
    parts = [_PARTS[k](customer_id) for k in KINDS if k in kinds]
    history = (sa.union_all(*parts) if len(parts) > 1 else parts[0]).subquery("history")
    keys = [
        SortKey(history.c.at, descending=True),
        SortKey(history.c.kind, descending=True),
        SortKey(history.c.id, descending=True),
    ]
    page = page_of(session, sa.select(history), keys, cursor, size=size, scalars=False)
    items = [HistoryItem(*row) for row in page.rows]
    return Page(rows=items, next_cursor=page.next_cursor, is_first=page.is_first)


__all__ = ["KINDS", "HistoryItem", "customer_history"]
