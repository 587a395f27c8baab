"""``POST /api/v1/inbound/email``: a raw RFC 822 message from a mail gateway.

Authenticated by a bearer token of any staff role (create one for the gateway with
``opsdesk staff token``); the body is the message exactly as received. A message larger
than ``OPSDESK_MAX_INBOUND_EMAIL_BYTES`` (25 MB) is refused with 413 before it is read
(``web.body_limits``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import JSONResponse

from opsdesk.kernel.errors import InvalidInput, OpsDeskError
from opsdesk.kernel.http import DB, Principal, require
from opsdesk.support import inbound
from opsdesk.support.schemas import InboundResult

router = APIRouter(prefix="/inbound", tags=["inbound e-mail"])
AnyStaff = Annotated[Principal, Depends(require())]
MEDIA_TYPE = "message/rfc822"


class UnsupportedMediaType(OpsDeskError):
    status_code = 415
    code = "unsupported_media_type"


@router.post(
    "/email",
    response_model=InboundResult,
    responses={200: {"description": "Threaded into an existing ticket, or a duplicate"}},
    status_code=201,
)
def receive_email(
    raw: Annotated[bytes, Body(media_type=MEDIA_TYPE)],
    request: Request,
    session: DB,
    _staff: AnyStaff,
) -> JSONResponse:
    """Store the message as a new ticket (201) or a reply on the ticket it answers (200).

    The same Message-ID delivered again is recognised and answered 200 with
    ``duplicate: true``; nothing is stored twice.
    """
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != MEDIA_TYPE:
        raise UnsupportedMediaType(f"send the raw message as {MEDIA_TYPE}")
    if not raw.strip():
        raise InvalidInput("the message is empty", details={"field": "body"})
    result = inbound.receive_email(session, raw)
    status = 201 if result.created and not result.duplicate else 200
    headers = {"Location": f"/api/v1/tickets/{result.ticket_id}"}
    return JSONResponse(result.model_dump(mode="json"), status_code=status, headers=headers)
