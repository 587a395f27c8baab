"""HTTP for actions from the ticket and for operations answering back."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from opsdesk.kernel import idempotency
from opsdesk.kernel.http import DB, Principal, Role, require, settings_of
from opsdesk.support import actions
from opsdesk.support.schemas import MessageRead
from opsdesk.support.sla import TicketStatus

router = APIRouter(tags=["tickets"])
Agent = Annotated[Principal, Depends(require(Role.AGENT))]
Operations = Annotated[Principal, Depends(require(Role.OPERATIONS))]
IDEMPOTENCY_SCOPE = "tickets.actions"


class OperationsReplyRead(BaseModel):
    ticket_id: int
    status: TicketStatus
    note: MessageRead


@router.post("/tickets/{ticket_id}/actions", response_model=actions.ActionOutcome)
def perform_action(
    ticket_id: int,
    request: Request,
    session: DB,
    principal: Agent,
    body: Annotated[actions.ActionRequest, Body()],
    idempotency_key: Annotated[str | None, Header(max_length=255)] = None,
) -> JSONResponse:
    """Act on the ticket's order (``kind`` picks the action) with an internal note, in one
    transaction. 409 names the order status that forbids it; nothing is written then.
    A retry with the same ``Idempotency-Key`` gets the first answer and acts once."""

    def act() -> tuple[int, Any]:
        settings = settings_of(request)
        outcome = actions.perform_action(
            session, ticket_id, body, principal=principal, voice=actions.voice_of(settings),
            default_timezone=settings.default_timezone,
        )  # fmt: skip
        return 200, outcome.model_dump(mode="json")

    answer = idempotency.once(
        session, scope=IDEMPOTENCY_SCOPE, key=idempotency_key,
        request={"ticket_id": ticket_id, "action": body.model_dump(mode="json")}, act=act,
    )  # fmt: skip
    return JSONResponse(answer.content, status_code=answer.status_code)


@router.post("/tickets/{ticket_id}/operations-reply", response_model=OperationsReplyRead)
def operations_reply(
    ticket_id: int, body: actions.OperationsReply, session: DB, principal: Operations
) -> OperationsReplyRead:
    """Operations say what the warehouse or carrier did; the ticket goes back to open."""
    note = actions.reply_from_operations(session, ticket_id, body, principal=principal)
    return OperationsReplyRead(
        ticket_id=ticket_id, status=TicketStatus.OPEN, note=MessageRead.model_validate(note)
    )
