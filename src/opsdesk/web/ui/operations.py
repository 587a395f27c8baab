"""The operations view: tickets waiting on the warehouse or the carrier, what they need,
and a form to answer back into the ticket and hand it back to the agents."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import orders, support
from opsdesk.kernel.errors import Conflict, NotFound, OpsDeskError
from opsdesk.kernel.http import DB, Role
from opsdesk.support.api import author_of
from opsdesk.support.models import TicketOrderLink
from opsdesk.support.schemas import MAX_BODY
from opsdesk.support.workspace import InboxQuery, InboxSort, InboxView, inbox
from opsdesk.web.ui.access import not_found, staff_for_change, staff_for_page
from opsdesk.web.ui.templating import flash, now_of, render

router = APIRouter(include_in_schema=False)
ROLES = (Role.OPERATIONS, Role.AGENT)
WAITING = InboxQuery(view=InboxView.PENDING_OPERATIONS, sort=InboxSort.OLDEST)


def _latest_asks(session: Session, ticket_ids: list[int]) -> dict[int, support.TicketMessage]:
    """The newest internal note of each ticket: what the agent asked operations for."""
    if not ticket_ids:
        return {}
    message = support.TicketMessage
    newest = (
        sa.select(sa.func.max(message.id))
        .where(
            message.ticket_id.in_(ticket_ids),
            message.author_kind == support.AuthorKind.INTERNAL_NOTE,
        )
        .group_by(message.ticket_id)
    )
    return {
        m.ticket_id: m for m in session.scalars(sa.select(message).where(message.id.in_(newest)))
    }


def _linked_orders(
    session: Session, ticket_ids: list[int]
) -> dict[int, list[tuple[int, str, str]]]:
    result: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    if not ticket_ids:
        return result
    order = orders.Order
    rows = session.execute(
        sa.select(TicketOrderLink.ticket_id, order.id, order.number, order.status)
        .join(order, order.id == TicketOrderLink.order_id)
        .where(TicketOrderLink.ticket_id.in_(ticket_ids))
        .order_by(TicketOrderLink.ticket_id, order.id)
    )
    for ticket_id, order_id, number, status in rows:
        result[ticket_id].append((order_id, number, status.value))
    return result


@router.get("/workspace/operations")
def operations_view(request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request, *ROLES)
    if isinstance(principal, Response):
        return principal
    tickets, more = inbox(session, WAITING, me=principal.user_id, now=now_of(request))
    ids = [t.id for t in tickets]
    return render(
        request, "workspace/operations.html", principal=principal, tickets=tickets, more=more,
        asks=_latest_asks(session, ids), linked=_linked_orders(session, ids),
    )  # fmt: skip


@router.post("/workspace/operations/{ticket_id}/answer")
def answer(
    ticket_id: int, request: Request, session: DB,
    body: Annotated[str, Form(max_length=MAX_BODY)] = "", csrf: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """An internal note with what operations did, and the ticket back to open: both or
    neither."""
    principal = staff_for_change(session, request, csrf, *ROLES)
    if isinstance(principal, Response):
        return principal
    back = RedirectResponse("/workspace/operations", status_code=303)
    if not body.strip():
        flash(request, "error", "Write what was done or found first: the answer was empty.")
        return back
    author = author_of(principal)
    try:
        with session.begin_nested():
            _hand_back(session, ticket_id, body.strip(), author)
    except NotFound:
        return not_found(request, principal, "ticket")
    except OpsDeskError as error:
        flash(request, "error", f"Nothing was changed: {error.message}")
        return back
    flash(request, "ok", f"Answered T-{ticket_id}; it is back with the agents.")
    return back


def _hand_back(session: Session, ticket_id: int, body: str, author: support.Author) -> None:
    ticket = session.get(support.Ticket, ticket_id)
    if ticket is None:
        raise NotFound("ticket", ticket_id)
    if ticket.status is not support.sla.TicketStatus.PENDING_OPERATIONS:
        raise Conflict(f"{ticket.reference} is no longer pending operations; it was answered")
    note = support.MessageCreate(body=body, internal=True)
    support.add_staff_message(session, ticket_id, note, author=author)
    reopen = support.TicketUpdate(status=support.sla.TicketStatus.OPEN)
    support.update_ticket(session, ticket_id, reopen, author=author)
