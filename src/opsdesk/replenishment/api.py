"""Replenishment HTTP API: today's suggestions, and chosen ones made draft purchase orders."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse

from opsdesk.kernel import idempotency
from opsdesk.kernel.errors import InvalidInput
from opsdesk.kernel.http import DB, Principal, Role, require
from opsdesk.replenishment import service
from opsdesk.replenishment.schemas import (
    DraftOrdersCreate,
    DraftOrdersRead,
    SuggestionRead,
    SuggestionsRead,
    TransferSuggestionRead,
)

router = APIRouter(prefix="/replenishment", tags=["replenishment"])
Operations = Annotated[Principal, Depends(require(Role.OPERATIONS))]
Staff = Annotated[Principal, Depends(require())]
SCOPE = "replenishment.purchase-orders"


def today_of(request: Request) -> date:
    clock = getattr(request.app.state, "clock", None)
    return clock().date() if clock is not None else date.today()


@router.get("/suggestions", response_model=SuggestionsRead)
def suggestions(
    request: Request,
    session: DB,
    _staff: Staff,
    warehouse_id: Annotated[int | None, Query(ge=1)] = None,
    supplier_id: Annotated[int | None, Query(ge=1)] = None,
    only_to_order: bool = True,
) -> SuggestionsRead:
    """Every SKU × warehouse to order now (``only_to_order=false``: all of them), with
    the reason, and the transfers that would avoid a stockout sooner than a supplier can."""
    plan = service.build_plan(session, today=today_of(request))
    rows = [
        s for s in plan.suggestions
        if (not only_to_order or s.quantity > 0)
        and (warehouse_id is None or s.item.warehouse_id == warehouse_id)
        and (supplier_id is None or s.item.supplier_id == supplier_id)
    ]  # fmt: skip
    return SuggestionsRead(
        forecast_run=plan.forecast_run,
        items=[SuggestionRead.of(s) for s in rows],
        transfers=[TransferSuggestionRead.of(t) for t in plan.transfers],
    )


@router.post("/purchase-orders", response_model=DraftOrdersRead, status_code=201)
def create_purchase_orders(
    body: DraftOrdersCreate,
    request: Request,
    session: DB,
    _ops: Operations,
    idempotency_key: Annotated[str | None, Header(max_length=255)] = None,
) -> JSONResponse:
    """Draft (not sent) purchase orders, one per supplier × warehouse. A retried request
    with the same ``Idempotency-Key`` gets the first answer and creates nothing more."""
    wanted: dict[tuple[int, int], int] = {}
    for line in body.lines:
        key = (line.variant_id, line.warehouse_id)
        if key in wanted:
            raise InvalidInput("each SKU × warehouse may appear once", details={"field": "lines"})
        wanted[key] = line.quantity

    def act() -> tuple[int, object]:
        orders = service.create_draft_orders(session, wanted, today=today_of(request))
        return 201, DraftOrdersRead(purchase_orders=orders).model_dump(mode="json")

    answer = idempotency.once(
        session, scope=SCOPE, key=idempotency_key, request=body.model_dump(mode="json"), act=act
    )
    return JSONResponse(answer.content, status_code=answer.status_code)
