"""Replenishment HTTP API: pages of the stored plan, recomputing it, service-level
overrides, and chosen suggestions made draft purchase orders."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse

from opsdesk.kernel import idempotency
from opsdesk.kernel.errors import InvalidInput
from opsdesk.kernel.http import DB, Principal, Role, require
from opsdesk.replenishment import level_overrides, plan_reads, plans, service
from opsdesk.replenishment.models import PlanRun
from opsdesk.replenishment.schemas import (
    CheckedLineRead,
    DraftOrdersCreate,
    DraftOrdersRead,
    KlassLetter,
    OverrideRead,
    OverrideWrite,
    PlanRunRead,
    SuggestionRead,
    SuggestionsRead,
    TransferSuggestionRead,
)

router = APIRouter(prefix="/replenishment", tags=["replenishment"])
Operations = Annotated[Principal, Depends(require(Role.OPERATIONS))]
Staff = Annotated[Principal, Depends(require())]
SCOPE = "replenishment.purchase-orders"


def now_of(request: Request) -> datetime:
    clock = getattr(request.app.state, "clock", None)
    return clock() if clock is not None else datetime.now(UTC)


def today_of(request: Request) -> date:
    return now_of(request).date()


@router.get("/suggestions", response_model=SuggestionsRead)
def suggestions(
    request: Request,
    session: DB,
    _staff: Staff,
    warehouse_id: Annotated[int | None, Query(ge=1)] = None,
    supplier_id: Annotated[int | None, Query(ge=1)] = None,
    no_supplier: bool = False,
    klass: KlassLetter | None = None,
    only_to_order: bool = True,
    after: Annotated[int | None, Query(ge=0)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = plan_reads.PAGE_SIZE,
) -> SuggestionsRead:
    """A page of the latest stored plan (``only_to_order=false``: lines with nothing to
    order too), with each line's reason, the plan's age and the transfers that would
    avoid a stockout sooner than a supplier can. Pages: pass ``next_after`` as ``after``."""
    now = now_of(request)
    plans.ensure_plan(session, today=now.date(), now=now)
    filters = plan_reads.PlanFilters(
        supplier_id=supplier_id, no_supplier=no_supplier, warehouse_id=warehouse_id,
        klass=klass or "", needs_order=only_to_order,
    )  # fmt: skip
    page = plan_reads.read_page(session, filters, after=after, limit=limit)
    run = page.run
    return SuggestionsRead(
        forecast_run=run.forecast_run_id if run else None,
        plan=PlanRunRead.model_validate(run) if run else None,
        age_seconds=_age(run, now),
        items=[SuggestionRead.of_row(r) for r in page.rows],
        next_after=page.next_after,
        transfers=[TransferSuggestionRead.of(t) for t in page.transfers],
    )


def _age(run: PlanRun | None, now: datetime) -> float | None:
    if run is None or run.finished_at is None:
        return None
    return max((now - run.finished_at).total_seconds(), 0.0)


@router.post("/plans", response_model=PlanRunRead, status_code=201)
def recompute(
    request: Request,
    session: DB,
    ops: Operations,
    idempotency_key: Annotated[str | None, Header(max_length=255)] = None,
) -> JSONResponse:
    """Compute and store the plan now (synchronously: one pass over the stock rows). A
    retry with the same ``Idempotency-Key`` gets the first run and computes nothing."""
    now = now_of(request)

    def act() -> tuple[int, object]:
        run = plans.store_plan(session, today=now.date(), requested_by=ops.actor, now=now)
        return 201, PlanRunRead.model_validate(run).model_dump(mode="json")

    answer = idempotency.once(session, scope=SCOPE + ".plans", key=idempotency_key,
                              request={}, act=act)  # fmt: skip
    return JSONResponse(answer.content, status_code=answer.status_code)


@router.get("/overrides", response_model=list[OverrideRead])
def list_overrides(session: DB, _staff: Staff) -> list[OverrideRead]:
    """Every SKU × warehouse with its own target service level."""
    return [OverrideRead.model_validate(o) for o in level_overrides.list_overrides(session)]


@router.put("/overrides", response_model=list[OverrideRead])
def put_override(body: OverrideWrite, session: DB, ops: Operations) -> list[OverrideRead]:
    """Set one SKU × warehouse's target (``level_percent``, 50 to 99.9) or clear it
    (``null``: its class's applies again). The next plan uses it."""
    level = None if body.level_percent is None else body.level_percent / 100
    level_overrides.set_for_ids(session, body.variant_id, body.warehouse_id, level,
                                actor=ops.actor)  # fmt: skip
    return list_overrides(session, ops)


@router.post("/purchase-orders", response_model=DraftOrdersRead, status_code=201)
def create_purchase_orders(
    body: DraftOrdersCreate,
    request: Request,
    session: DB,
    _ops: Operations,
    idempotency_key: Annotated[str | None, Header(max_length=255)] = None,
) -> JSONResponse:
    """Draft (not sent) purchase orders, one per supplier × warehouse, re-checked against
    live stock and open orders (``adjusted``: lines cut or skipped; 409 when nothing is
    left). A retry with the same ``Idempotency-Key`` gets the first answer."""
    wanted: dict[tuple[int, int], int] = {}
    for line in body.lines:
        key = (line.variant_id, line.warehouse_id)
        if key in wanted:
            raise InvalidInput("each SKU × warehouse may appear once", details={"field": "lines"})
        wanted[key] = line.quantity

    def act() -> tuple[int, object]:
        made = service.order_from_plan(session, wanted, today=today_of(request))
        read = DraftOrdersRead(purchase_orders=made.orders,
                               adjusted=[CheckedLineRead.of(c) for c in made.checked])  # fmt: skip
        return 201, read.model_dump(mode="json")

    answer = idempotency.once(
        session, scope=SCOPE, key=idempotency_key, request=body.model_dump(mode="json"), act=act
    )
    return JSONResponse(answer.content, status_code=answer.status_code)
