"""Returns and refunds over HTTP: staff read, operations act."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from opsdesk.kernel.errors import InvalidInput
from opsdesk.kernel.http import DB, Principal, Role, require
from opsdesk.kernel.inputs import IsoDateTime
from opsdesk.kernel.pagination import Page
from opsdesk.returns import inspection, queries, refunds, service
from opsdesk.returns.models import ReturnReason, ReturnStatus
from opsdesk.returns.schemas import (
    Decision,
    Inspection,
    Receipt,
    RefundCreate,
    RefundRead,
    ReturnCreate,
    ReturnRead,
    ReturnRefundCreate,
)

router = APIRouter(tags=["returns"])
Staff = Annotated[Principal, Depends(require())]
Operations = Annotated[Principal, Depends(require(Role.OPERATIONS))]


@router.post("/returns", response_model=ReturnRead, status_code=201)
def request_return(
    body: ReturnCreate, session: DB, ops: Operations, response: Response
) -> ReturnRead:
    lines: dict[int, int] = {}
    for line in body.lines:
        lines[line.order_line_id] = lines.get(line.order_line_id, 0) + line.quantity
    rma = service.request_return(
        session, order_id=body.order_id, lines=lines, reason=body.reason, note=body.note,
        actor=ops.actor,
    )  # fmt: skip
    response.headers["Location"] = f"/api/v1/returns/{rma.id}"
    return ReturnRead.model_validate(rma)


@router.get("/returns", response_model=Page[ReturnRead])
def list_returns(
    session: DB,
    _staff: Staff,
    status: ReturnStatus | None = None,
    reason: ReturnReason | None = None,
    since: Annotated[IsoDateTime | None, Query(description="Created at or after")] = None,
    sku: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
    warehouse_id: Annotated[int | None, Query(gt=0, lt=2**63)] = None,
    order_id: Annotated[int | None, Query(gt=0, lt=2**63)] = None,
    q: Annotated[
        str | None, Query(max_length=254, description="RMA number, order number or e-mail")
    ] = None,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_PAGE)] = 50,
) -> Page[ReturnRead]:
    """Returns across orders, newest first, one page at a time (``next_cursor``)."""
    if since is not None and since.tzinfo is None:
        raise InvalidInput("since needs a time zone offset", details={"field": "since"})
    filters = queries.ReturnFilter(
        status=status, reason=reason, since=since, sku=sku, warehouse_id=warehouse_id,
        order_id=order_id, search=q,
    )  # fmt: skip
    rows, next_cursor = queries.list_returns(session, filters, cursor=cursor, limit=limit)
    return Page(items=[ReturnRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/returns/{return_id}", response_model=ReturnRead)
def get_return(return_id: int, session: DB, _staff: Staff) -> ReturnRead:
    return ReturnRead.model_validate(service.get_return(session, return_id))


@router.post("/returns/{return_id}/approve", response_model=ReturnRead)
def approve(return_id: int, body: Decision, session: DB, ops: Operations) -> ReturnRead:
    rma = service.decide(session, return_id, approve=True, note=body.note, actor=ops.actor)
    return ReturnRead.model_validate(rma)


@router.post("/returns/{return_id}/reject", response_model=ReturnRead)
def reject(return_id: int, body: Decision, session: DB, ops: Operations) -> ReturnRead:
    rma = service.decide(session, return_id, approve=False, note=body.note, actor=ops.actor)
    return ReturnRead.model_validate(rma)


@router.post("/returns/{return_id}/receive", response_model=ReturnRead)
def receive(return_id: int, body: Receipt, session: DB, ops: Operations) -> ReturnRead:
    rma = service.receive(session, return_id, warehouse_id=body.warehouse_id, actor=ops.actor)
    return ReturnRead.model_validate(rma)


@router.post("/returns/{return_id}/lines/{line_id}/inspection", response_model=ReturnRead)
def inspect(
    return_id: int, line_id: int, body: Inspection, session: DB, ops: Operations
) -> ReturnRead:
    rma = inspection.inspect_line(
        session, return_id, line_id, disposition=body.disposition, note=body.note,
        grade=body.condition_grade, reason_confirmed=body.reason_confirmed, actor=ops.actor,
    )  # fmt: skip
    return ReturnRead.model_validate(rma)


@router.post("/returns/{return_id}/refund", response_model=RefundRead, status_code=201)
def refund_return(
    return_id: int, body: ReturnRefundCreate, session: DB, ops: Operations
) -> RefundRead:
    refund = refunds.refund_return(
        session, return_id, amount_minor=body.amount_minor, reason=body.reason, actor=ops.actor
    )
    return RefundRead.model_validate(refund)


@router.post("/orders/{order_id}/refunds", response_model=RefundRead, status_code=201)
def refund_order(
    order_id: int, body: RefundCreate, session: DB, ops: Operations, response: Response
) -> RefundRead:
    refund = refunds.record_refund(
        session, order_id=order_id, amount_minor=body.amount_minor, currency=body.currency,
        reason=body.reason, external_id=body.external_id, actor=ops.actor,
    )  # fmt: skip
    response.headers["Location"] = f"/api/v1/orders/{order_id}/refunds"
    return RefundRead.model_validate(refund)


@router.get("/orders/{order_id}/refunds", response_model=list[RefundRead])
def refunds_of_order(order_id: int, session: DB, _staff: Staff) -> list[RefundRead]:
    return [RefundRead.model_validate(r) for r in refunds.refunds_for_order(session, order_id)]
