"""HTTP for actions from the ticket and for operations answering back."""

from __future__ import annotations

from typing import Annotated

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
    claim = None
    if idempotency_key is not None:
        payload = {"ticket_id": ticket_id, "action": body.model_dump(mode="json")}
        fingerprint = idempotency.fingerprint(payload)
        claim = idempotency.claim(session, IDEMPOTENCY_SCOPE, idempotency_key, fingerprint)
        if claim.status_code is not None:
            return JSONResponse(claim.response or {}, status_code=claim.status_code)
    settings = settings_of(request)
    outcome = actions.perform_action(
        session, ticket_id, body, principal=principal, voice=actions.voice_of(settings),
        default_timezone=settings.default_timezone,
    )  # fmt: skip
    content = outcome.model_dump(mode="json")
    if claim is not None:
        idempotency.remember(claim, 200, content)
    return JSONResponse(content, status_code=200)


@router.post("/tickets/{ticket_id}/operations-reply", response_model=OperationsReplyRead)
def operations_reply(
    ticket_id: int, body: actions.OperationsReply, session: DB, principal: Operations
) -> OperationsReplyRead:
    """Operations say what the warehouse or carrier did; the ticket goes back to open."""
    note = actions.reply_from_operations(session, ticket_id, body, principal=principal)
    return OperationsReplyRead(
        ticket_id=ticket_id, status=TicketStatus.OPEN, note=MessageRead.model_validate(note)
    )
