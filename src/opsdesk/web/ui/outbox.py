"""The outbox for admins: how much is waiting, which events were parked after failing
every retry (with the error and attempts), and a button to give one another round."""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from opsdesk.kernel import outbox
from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.http import DB, Role
from opsdesk.web.ui.access import staff_for_change, staff_for_page
from opsdesk.web.ui.templating import flash, now_of, render

router = APIRouter(include_in_schema=False)
PARKED_SHOWN = 100
PENDING_SHOWN = 20
_PENDING = sa.and_(OutboxEvent.processed_at.is_(None), OutboxEvent.parked_at.is_(None))
_PARKED = OutboxEvent.parked_at.is_not(None)


@router.get("/workspace/outbox")
def outbox_page(request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request, Role.ADMIN)
    if isinstance(principal, Response):
        return principal
    # Parked events are never processed: both counts read only unprocessed rows (indexed).
    pending, parked = session.execute(
        sa.select(
            sa.func.count(sa.case((_PENDING, 1))), sa.func.count(sa.case((_PARKED, 1)))
        ).where(OutboxEvent.processed_at.is_(None))
    ).one()
    oldest = session.scalars(
        sa.select(OutboxEvent).where(_PENDING).order_by(OutboxEvent.id).limit(PENDING_SHOWN)
    ).all()
    stuck = session.scalars(
        sa.select(OutboxEvent).where(_PARKED).order_by(OutboxEvent.id.desc()).limit(PARKED_SHOWN)
    ).all()
    return render(
        request, "admin/outbox.html", principal=principal, pending=int(pending),
        parked=int(parked), oldest=oldest, stuck=stuck,
    )  # fmt: skip


@router.post("/workspace/outbox/{event_id}/requeue")
def requeue(
    event_id: int, request: Request, session: DB, csrf: Annotated[str, Form()] = ""
) -> Response:
    """Put a parked event back in line with its attempts reset; the worker retries it."""
    principal = staff_for_change(session, request, csrf, Role.ADMIN)
    if isinstance(principal, Response):
        return principal
    if outbox.requeue_parked(session, event_id, now=now_of(request)):
        flash(request, "ok", f"Event #{event_id} is queued again; the worker will retry it.")
    else:
        flash(request, "error", f"Event #{event_id} is not parked (any more); nothing changed.")
    return RedirectResponse("/workspace/outbox", status_code=303)
