"""Tickets ↔ orders: links made by hand, and automatically for orders a customer names."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import orders
from opsdesk.kernel.errors import NotFound
from opsdesk.support import policy
from opsdesk.support.history import SYSTEM, Author, record
from opsdesk.support.models import (
    AuthorKind,
    Ticket,
    TicketEventKind,
    TicketMessage,
    TicketOrderLink,
)


def _linked(session: Session, ticket_id: int, order_id: int) -> TicketOrderLink | None:
    return session.get(TicketOrderLink, (ticket_id, order_id))


def link_order(
    session: Session,
    ticket: Ticket,
    order_id: int,
    author: Author,
    at: datetime,
    *,
    automatic: bool = False,
) -> bool:
    """Link an order; False when it was linked already. Unknown orders are 404."""
    if session.scalar(sa.select(orders.Order.id).where(orders.Order.id == order_id)) is None:
        raise NotFound("order", order_id)
    if _linked(session, ticket.id, order_id) is not None:
        return False
    session.add(
        TicketOrderLink(
            ticket_id=ticket.id,
            order_id=order_id,
            automatic=automatic,
            linked_by=author.actor,
            linked_at=at,
        )
    )
    record(session, ticket, TicketEventKind.ORDER_LINKED, author, at, order_id=order_id)
    return True


def unlink_order(
    session: Session, ticket: Ticket, order_id: int, author: Author, at: datetime
) -> None:
    link = _linked(session, ticket.id, order_id)
    if link is None:
        raise NotFound("ticket order link", f"{ticket.id}/{order_id}")
    session.delete(link)
    record(session, ticket, TicketEventKind.ORDER_UNLINKED, author, at, order_id=order_id)


def link_mentioned_orders(session: Session, ticket: Ticket, text: str, at: datetime) -> list[int]:
    """Link the orders ``text`` names by number that belong to the ticket's customer.

    All candidates are looked up in one query. An order of somebody else is not linked
    (an agent must not be shown a stranger's order because a number was typed), but an
    internal note tells the agent it was mentioned.
    """
    candidates = policy.order_number_candidates(text)
    if not candidates:
        return []
    rows = session.execute(
        sa.select(
            orders.Order.id, orders.Order.number, orders.Order.customer_id, orders.Order.email
        )
        .where(orders.Order.number.in_(candidates))
        .order_by(orders.Order.id)
    ).all()
    linked: list[int] = []
    for row in rows[: policy.MAX_ORDER_CANDIDATES]:
        if _belongs_to_requester(ticket, row.customer_id, row.email):
            if link_order(session, ticket, row.id, SYSTEM, at, automatic=True):
                linked.append(row.id)
        else:
            _note_foreign_order(session, ticket, row.number, at)
    return linked


def _belongs_to_requester(ticket: Ticket, customer_id: int | None, email: str) -> bool:
    if ticket.customer_id is not None and customer_id == ticket.customer_id:
        return True
    return bool(ticket.requester_email) and email.lower() == ticket.requester_email.lower()


def _note_foreign_order(session: Session, ticket: Ticket, number: str, at: datetime) -> None:
    session.add(
        TicketMessage(
            ticket_id=ticket.id,
            author_kind=AuthorKind.SYSTEM,
            author_name=SYSTEM.name,
            body_text=(
                f"The customer mentioned order {number}, which belongs to another customer; "
                "it was not linked. Link it by hand if it is really theirs."
            ),
            created_at=at,
        )
    )


def thread_ids(session: Session, ticket_id: int) -> list[str]:
    """The ticket's e-mail Message-IDs, oldest first: the References of a new reply."""
    return list(
        session.scalars(
            sa.select(TicketMessage.email_message_id)
            .where(
                TicketMessage.ticket_id == ticket_id,
                TicketMessage.email_message_id.is_not(None),
            )
            .order_by(TicketMessage.id)
        )
    )


def linked_orders(session: Session, ticket_id: int) -> list[tuple[int, str, str, bool]]:
    """(order id, number, status, automatic) of each linked order, in one query."""
    rows = session.execute(
        sa.select(
            orders.Order.id, orders.Order.number, orders.Order.status, TicketOrderLink.automatic
        )
        .join(TicketOrderLink, TicketOrderLink.order_id == orders.Order.id)
        .where(TicketOrderLink.ticket_id == ticket_id)
        .order_by(TicketOrderLink.linked_at, orders.Order.id)
    )
    return [(r.id, r.number, str(r.status.value), bool(r.automatic)) for r in rows]
