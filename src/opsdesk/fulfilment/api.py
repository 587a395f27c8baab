"""Pick lists, packing and shipping over HTTP: staff read, operations act."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from opsdesk import shipping
from opsdesk.fulfilment import box_store, labels, packing, picking, reports
from opsdesk.fulfilment.boxes import Box
from opsdesk.fulfilment.models import Fulfilment, PickList
from opsdesk.fulfilment.schemas import (
    BoxRead,
    BoxWrite,
    ErrorRateRead,
    ErrorRateReportRead,
    FulfilmentErrorCreate,
    FulfilmentErrorRead,
    FulfilmentRead,
    PickFor,
    PickItem,
    PickListCreate,
    PickListRead,
    ScanCreate,
    ScanRead,
    ShipCreate,
)
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.http import DB, Principal, Role, created_once, require

router = APIRouter(tags=["fulfilment"])
Staff = Annotated[Principal, Depends(require())]
Operations = Annotated[Principal, Depends(require(Role.OPERATIONS))]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=255)]


def _pick_list_read(pick_list: PickList, fulfilments: list[Fulfilment]) -> PickListRead:
    """The walk through the warehouse: one entry per SKU, in SKU order."""
    items: dict[str, PickItem] = {}
    for fulfilment in fulfilments:
        for line in fulfilment.lines:
            item = items.setdefault(
                line.sku, PickItem(sku=line.sku, variant_id=line.variant_id, quantity=0, picks=[])
            )
            item.quantity += line.quantity
            item.picks.append(
                PickFor(
                    fulfilment_id=fulfilment.id,
                    order_id=fulfilment.order_id,
                    quantity=line.quantity,
                )
            )
    return PickListRead(
        id=pick_list.id,
        warehouse_id=pick_list.warehouse_id,
        created_by=pick_list.created_by,
        created_at=pick_list.created_at,
        items=[items[sku] for sku in sorted(items)],
        fulfilments=[FulfilmentRead.model_validate(f) for f in fulfilments],
    )


@router.post("/pick-lists", response_model=PickListRead, status_code=201)
def create_pick_list(
    body: PickListCreate, session: DB, ops: Operations, response: Response,
    key: IdempotencyKey = None,
) -> Any:  # fmt: skip
    def act() -> PickListRead:
        pick_list = picking.create_pick_list(
            session, warehouse_id=body.warehouse_id, actor=ops.actor
        )
        response.headers["Location"] = f"/api/v1/pick-lists/{pick_list.id}"
        return _pick_list_read(*picking.get_pick_list(session, pick_list.id))

    return created_once(session, scope="pick-list", key=key, body=body, act=act)


@router.get("/pick-lists/{pick_list_id}", response_model=PickListRead)
def get_pick_list(pick_list_id: int, session: DB, _staff: Staff) -> PickListRead:
    return _pick_list_read(*picking.get_pick_list(session, pick_list_id))


@router.get("/fulfilments/{fulfilment_id}", response_model=FulfilmentRead)
def get_fulfilment(fulfilment_id: int, session: DB, _staff: Staff) -> FulfilmentRead:
    return FulfilmentRead.model_validate(packing.get_fulfilment(session, fulfilment_id))


@router.post(
    "/fulfilments/{fulfilment_id}/scans",
    response_model=ScanRead,
    responses={409: {"description": "scan refused and recorded as a fulfilment error"}},
)
def scan_item(fulfilment_id: int, body: ScanCreate, session: DB, ops: Operations) -> Any:
    result = packing.scan(
        session, fulfilment_id, code=body.code, quantity=body.quantity,
        packer=body.packer, actor=ops.actor,
    )  # fmt: skip
    if result.error is not None:
        # Returned, not raised: the request still commits, so the error stays recorded.
        details = FulfilmentErrorRead.model_validate(result.error).model_dump(mode="json")
        error = {"code": "scan_refused", "message": result.message, "details": details}
        return JSONResponse({"error": error}, status_code=409)
    return ScanRead(
        accepted=True,
        sku=result.sku,
        message=result.message,
        fulfilment=FulfilmentRead.model_validate(result.fulfilment),
    )


@router.post(
    "/fulfilments/{fulfilment_id}/errors", response_model=FulfilmentErrorRead, status_code=201
)
def report_error(
    fulfilment_id: int, body: FulfilmentErrorCreate, session: DB, ops: Operations
) -> FulfilmentErrorRead:
    error = packing.report_error(
        session, fulfilment_id, kind=body.kind, sku=body.sku, quantity=body.quantity,
        packer=body.packer, detail=body.detail, actor=ops.actor,
    )  # fmt: skip
    return FulfilmentErrorRead.model_validate(error)


@router.post(
    "/fulfilments/{fulfilment_id}/ship", response_model=shipping.ShipmentRead, status_code=201
)
def ship(
    fulfilment_id: int, body: ShipCreate, request: Request, session: DB, ops: Operations,
    response: Response,
) -> shipping.ShipmentRead:  # fmt: skip
    """Buy the label once per parcel (a retried or doubled request reuses or waits for the
    first purchase, keyed by the parcel's reference) and record the shipment."""
    carrier = shipping.resolve_carrier(shipping.carriers_of(request.app.state), body.carrier)
    packages = [shipping.Package(**p.model_dump()) for p in body.packages]
    session.commit()  # the purchase books in its own transactions: hold none meanwhile
    paid = labels.buy_parcel_label(
        request.app.state.sessionmaker, fulfilment_id, carrier=carrier,
        service_level=body.service_level, packages=packages,
    )  # fmt: skip
    shipment = packing.ship_fulfilment(
        session, fulfilment_id, carrier=carrier, service_level=paid.service_level,
        packages=paid.packages, actor=ops.actor, label=paid.label,
        purchase_reference=paid.reference,
    )  # fmt: skip
    response.headers["Location"] = f"/api/v1/shipments/{shipment.id}"
    late = shipping.is_shipment_late(shipment, utcnow().date())
    return shipping.ShipmentRead.of(shipping.get_shipment(session, shipment.id), is_late=late)


@router.get(
    "/reports/fulfilment-errors",
    response_model=ErrorRateReportRead,
    response_model_by_alias=True,
)
def fulfilment_error_report(
    session: DB,
    _staff: Staff,
    group_by: reports.GroupBy = reports.GroupBy.WAREHOUSE,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> ErrorRateReportRead:
    """Errors per 100 fulfilments, per ISO week; the last 8 weeks unless told otherwise."""
    end = end or utcnow().date()
    start = start or end - timedelta(weeks=8)
    report = reports.fulfilment_error_rates(session, group_by=group_by, start=start, end=end)

    def row(rate: Any) -> ErrorRateRead:
        return ErrorRateRead(
            group=rate.group, week=rate.week, fulfilments=rate.fulfilments,
            errors=rate.errors, errors_per_100=rate.per_100,
        )  # fmt: skip

    return ErrorRateReportRead(
        group_by=report.group_by.value,
        start=report.start,
        end=report.end,
        weeks=[row(r) for r in report.weeks],
        totals=[row(r) for r in report.totals],
    )


@router.get("/warehouses/{warehouse_id}/boxes", response_model=list[BoxRead])
def list_boxes(warehouse_id: int, session: DB, _staff: Staff) -> list[BoxRead]:
    """The boxes the packing station offers at this warehouse (the standard set until the
    warehouse has its own)."""
    return [BoxRead.model_validate(b) for b in box_store.boxes_for(session, warehouse_id)]


@router.put("/warehouses/{warehouse_id}/boxes/{code}", response_model=BoxRead)
def put_box(
    warehouse_id: int, code: Annotated[str, Path(min_length=1, max_length=32)], body: BoxWrite,
    session: DB, _ops: Operations,
) -> BoxRead:  # fmt: skip
    """Add the box ``code`` to the warehouse's own set, or change it."""
    box = Box(code, body.name, body.length_mm, body.width_mm, body.height_mm,
              body.max_weight_g, body.tare_g)  # fmt: skip
    return BoxRead.model_validate(box_store.save_box(session, warehouse_id, box))


@router.delete("/warehouses/{warehouse_id}/boxes/{code}", status_code=204)
def delete_box(warehouse_id: int, code: str, session: DB, _ops: Operations) -> Response:
    box_store.remove_box(session, warehouse_id, code)
    return Response(status_code=204)
