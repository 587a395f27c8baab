"""HTTP for the service desk. Agents and admins work tickets; operations see tickets
pending operations and answer into them with internal notes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlparse

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse

from opsdesk.customers import TimeZone
from opsdesk.kernel import idempotency
from opsdesk.kernel.errors import Forbidden, InvalidInput
from opsdesk.kernel.http import DB, Principal, Role, require, settings_of
from opsdesk.kernel.inputs import IsoDateTime
from opsdesk.kernel.pagination import Page
from opsdesk.support import assignment, changes, queries, reports, sla, tickets
from opsdesk.support.history import Author, get_ticket
from opsdesk.support.models import AgentAvailability
from opsdesk.support.schemas import (
    AvailabilityRead,
    AvailabilityUpdate,
    MessageCreate,
    MessageRead,
    SlaReport,
    TicketCreate,
    TicketRead,
    TicketSummary,
    TicketUpdate,
)
from opsdesk.support.sla import Priority, TicketStatus

router = APIRouter(tags=["tickets"])
Agent = Annotated[Principal, Depends(require(Role.AGENT))]
Staff = Annotated[Principal, Depends(require(Role.AGENT, Role.OPERATIONS))]
IDEMPOTENCY_SCOPE = "tickets.create"


def author_of(principal: Principal) -> Author:
    return Author(actor=principal.actor, staff_id=principal.user_id, name=principal.name)


def mail_domain(request: Request) -> str:
    return urlparse(settings_of(request).public_url).hostname or tickets.DEFAULT_MAIL_DOMAIN


def _location(ticket_id: int) -> dict[str, str]:
    return {"Location": f"/api/v1/tickets/{ticket_id}"}


def _ops_may_see(session: DB, principal: Principal, ticket_id: int) -> None:
    """Operations work only the tickets that wait on them."""
    if principal.role is Role.OPERATIONS:
        ticket = get_ticket(session, ticket_id)
        if ticket.status is not TicketStatus.PENDING_OPERATIONS:
            raise Forbidden("operations see only tickets pending operations")


@router.post("/tickets", response_model=TicketRead, status_code=201)
def create_ticket(
    body: TicketCreate,
    session: DB,
    principal: Agent,
    idempotency_key: Annotated[str | None, Header(max_length=255)] = None,
) -> JSONResponse:
    """Open a ticket. A retry with the same ``Idempotency-Key`` gets the first answer."""

    def act() -> tuple[int, Any]:
        ticket = tickets.create_ticket(session, body, author=author_of(principal))
        return 201, queries.read_ticket(session, ticket.id).model_dump(mode="json")

    answer = idempotency.once(
        session, scope=IDEMPOTENCY_SCOPE, key=idempotency_key,
        request=body.model_dump(mode="json"), act=act,
    )  # fmt: skip
    return JSONResponse(
        answer.content, status_code=answer.status_code, headers=_location(answer.content["id"])
    )


def _assignee(value: str | None, principal: Principal) -> tuple[int | None, bool]:
    """``me``, ``none`` or a staff id → (assignee id, unassigned only)."""
    if value is None:
        return None, False
    if value == "none":
        return None, True
    if value == "me":
        if principal.user_id is None:
            raise InvalidInput("this token belongs to no staff user", details={"field": "assignee"})
        return principal.user_id, False
    if value.isdigit():
        return int(value), False
    raise InvalidInput("assignee is me, none or a staff id", details={"field": "assignee"})


@router.get("/tickets", response_model=Page[TicketSummary])
def list_tickets(
    session: DB,
    principal: Staff,
    status: TicketStatus | None = None,
    priority: Priority | None = None,
    assignee: Annotated[str | None, Query(max_length=20, description="me | none | id")] = None,
    team_id: int | None = None,
    tag: Annotated[str | None, Query(max_length=64)] = None,
    customer_id: int | None = None,
    order_id: int | None = None,
    sla_filter: Annotated[queries.SlaFilter | None, Query(alias="sla")] = None,
    q: Annotated[
        str | None,
        Query(max_length=200, description="Full-text search, or the customer's name or e-mail"),
    ] = None,
    sort: queries.Sort = queries.Sort.UPDATED,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_PAGE)] = 50,
) -> Page[TicketSummary]:
    if principal.role is Role.OPERATIONS:
        if status not in (None, TicketStatus.PENDING_OPERATIONS):
            raise Forbidden("operations see only tickets pending operations")
        status = TicketStatus.PENDING_OPERATIONS
    assignee_id, unassigned = _assignee(assignee, principal)
    filters = queries.TicketFilter(
        status=status, priority=priority, assignee_id=assignee_id, unassigned=unassigned,
        team_id=team_id, tag=tag, customer_id=customer_id, order_id=order_id,
        sla=sla_filter, q=q if q and q.strip() else None,
    )  # fmt: skip
    items, next_cursor = queries.list_tickets(
        session, filters, sort=sort, cursor=cursor, limit=limit
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get("/tickets/{ticket_id}", response_model=TicketRead)
def get_ticket_view(ticket_id: int, session: DB, principal: Staff) -> TicketRead:
    _ops_may_see(session, principal, ticket_id)
    return queries.read_ticket(session, ticket_id)


@router.post("/tickets/{ticket_id}/messages", response_model=MessageRead, status_code=201)
def post_message(
    ticket_id: int, body: MessageCreate, request: Request, session: DB, principal: Staff
) -> MessageRead:
    """A reply (e-mailed to the customer after commit) or an internal note."""
    if principal.role is Role.OPERATIONS:
        _ops_may_see(session, principal, ticket_id)
        if not body.internal:
            raise Forbidden("operations answer with internal notes; agents reply to customers")
    message = tickets.add_staff_message(
        session, ticket_id, body, author=author_of(principal), mail_domain=mail_domain(request)
    )
    return MessageRead.model_validate(message)


@router.patch("/tickets/{ticket_id}", response_model=TicketRead)
def patch_ticket(ticket_id: int, body: TicketUpdate, session: DB, principal: Agent) -> TicketRead:
    changes.update_ticket(session, ticket_id, body, author=author_of(principal))
    return queries.read_ticket(session, ticket_id)


@router.post("/tickets/{ticket_id}/orders/{order_id}", response_model=TicketRead)
def link_order(ticket_id: int, order_id: int, session: DB, principal: Agent) -> TicketRead:
    changes.link_order(session, ticket_id, order_id, author=author_of(principal))
    return queries.read_ticket(session, ticket_id)


@router.delete("/tickets/{ticket_id}/orders/{order_id}", response_model=TicketRead)
def unlink_order(ticket_id: int, order_id: int, session: DB, principal: Agent) -> TicketRead:
    changes.unlink_order(session, ticket_id, order_id, author=author_of(principal))
    return queries.read_ticket(session, ticket_id)


@router.get("/reports/sla", response_model=SlaReport)
def sla_report(
    session: DB,
    _agent: Agent,
    created_from: IsoDateTime | None = None,
    created_to: IsoDateTime | None = None,
    by: Annotated[list[sla.Dimension] | None, Query()] = None,
    timezone: Annotated[TimeZone, Query()] = "UTC",
) -> SlaReport:
    """Breach rates and median times; defaults: the last 28 days by team, priority, week."""
    end = created_to or datetime.now(UTC)
    start = created_from or end - timedelta(days=28)
    dimensions = by or [sla.Dimension.TEAM, sla.Dimension.PRIORITY, sla.Dimension.WEEK]
    return reports.sla_report(
        session, created_from=start, created_to=end, by=dimensions, timezone=timezone
    )


def _availability(session: DB, row: AgentAvailability) -> AvailabilityRead:
    counts = assignment.open_ticket_counts(session, [row.staff_user_id])
    return AvailabilityRead(
        staff_user_id=row.staff_user_id,
        online=row.online,
        capacity=row.capacity,
        open_tickets=counts[row.staff_user_id],
    )


@router.put("/agents/me/availability", response_model=AvailabilityRead)
def put_availability(body: AvailabilityUpdate, session: DB, principal: Agent) -> AvailabilityRead:
    """Go online (take round-robin tickets up to ``capacity``) or offline."""
    if principal.user_id is None:
        raise Forbidden("this token belongs to no staff user; log in as the agent")
    row = assignment.set_availability(
        session, principal.user_id, online=body.online, capacity=body.capacity
    )
    return _availability(session, row)
