"""Discount codes waiting for approval: leads and admins see every pending code (who
asked, for whom, why, which caps it is above) and approve or reject it; agents see their
own pending codes. A decision is audited on the code and noted on its ticket."""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import promotions
from opsdesk.kernel.errors import NotFound, OpsDeskError
from opsdesk.kernel.http import DB, Principal, Role
from opsdesk.web.ui.access import staff_for_change, staff_for_page
from opsdesk.web.ui.templating import flash, now_of, render

router = APIRouter(include_in_schema=False)
PAGE = "/workspace/discount-codes"
SHOWN = 100
DESK = (Role.AGENT, Role.LEAD)


@router.get(PAGE)
def pending_codes(request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request, *DESK)
    if isinstance(principal, Response):
        return principal
    code = promotions.DiscountCode
    query = sa.select(code).where(code.status == promotions.DiscountStatus.PENDING)
    deciding = principal.role in (Role.LEAD, Role.ADMIN)
    if not deciding:
        query = query.where(code.issued_by == principal.actor)
    rows = session.scalars(query.order_by(code.id).limit(SHOWN)).all()
    recent = session.scalars(
        sa.select(code)
        .where(code.decided_at.is_not(None))
        .order_by(code.decided_at.desc())
        .limit(20)
    ).all()
    return render(
        request, "workspace/discounts.html", principal=principal, codes=rows, recent=recent,
        deciding=deciding, caps=promotions.all_caps(session),
    )  # fmt: skip


@router.post(PAGE + "/{code}/{decision}")
def decide(
    code: str,
    decision: str,
    request: Request,
    session: DB,
    csrf: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Approve or reject one pending code; a refusal is flashed, nothing changes."""
    principal = staff_for_change(session, request, csrf, Role.LEAD)
    if isinstance(principal, Response):
        return principal
    if decision not in ("approve", "reject"):
        return RedirectResponse(PAGE, status_code=303)
    flash(request, *_decided(session, request, principal, code, decision, note))
    return RedirectResponse(PAGE, status_code=303)


def _decided(
    session: Session, request: Request, principal: Principal, code: str, decision: str, note: str
) -> tuple[str, str]:
    approver = promotions.Approver(principal.actor, principal.role)
    try:
        with session.begin_nested():
            if decision == "approve":
                row = promotions.approve_code(
                    session, code, approver, note=note, now=now_of(request)
                )
                return "ok", f"Discount code {row.code} approved; it is e-mailed to the customer."
            row = promotions.reject_code(session, code, approver, note=note, now=now_of(request))
            return "ok", f"Discount code {row.code} rejected; the customer gets nothing."
    except NotFound:
        return "error", f"There is no discount code {code}."
    except OpsDeskError as error:
        return "error", f"Nothing changed: {error.message}."
