"""Inventory HTTP API: warehouses, stock, adjustments, reservations, purchase orders.

Operations staff and admins change stock; every staff member reads it (agents need to
see where an order's units are). POSTs that change stock honour ``Idempotency-Key`` so a
retried receipt or adjustment is booked once.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, cast

from fastapi import APIRouter, Depends, Header, Query, Response
from fastapi.responses import JSONResponse

from opsdesk.inventory import (
    purchasing,
    reservations,
    stock,
    stock_transit,
    transfer_reads,
    transfers,
    warehouses,
)
from opsdesk.inventory.models import PurchaseOrderStatus, TransferStatus
from opsdesk.inventory.schemas import (
    AdjustmentResult,
    PurchaseOrderCreate,
    PurchaseOrderRead,
    ReceiptCreate,
    ReceiptRead,
    ReservationRead,
    StockAdjustmentCreate,
    StockRead,
    TransferCreate,
    TransferRead,
    WarehouseCreate,
    WarehouseRead,
    WarehouseUpdate,
)
from opsdesk.kernel.http import DB, Principal, Role, created_once, require
from opsdesk.kernel.pagination import Page

router = APIRouter(tags=["inventory"])
Operations = Annotated[Principal, Depends(require(Role.OPERATIONS))]
Staff = Annotated[Principal, Depends(require())]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=255)]


@router.post("/warehouses", response_model=WarehouseRead, status_code=201)
def create_warehouse(
    body: WarehouseCreate, session: DB, _ops: Operations, response: Response
) -> WarehouseRead:
    warehouse = warehouses.create_warehouse(session, body)
    response.headers["Location"] = f"/api/v1/warehouses/{warehouse.id}"
    return WarehouseRead.model_validate(warehouse)


@router.get("/warehouses", response_model=list[WarehouseRead])
def list_warehouses(session: DB, _staff: Staff) -> list[WarehouseRead]:
    return [WarehouseRead.model_validate(w) for w in warehouses.list_warehouses(session)]


@router.get("/warehouses/{warehouse_id}", response_model=WarehouseRead)
def get_warehouse(warehouse_id: int, session: DB, _staff: Staff) -> WarehouseRead:
    return WarehouseRead.model_validate(warehouses.get_warehouse(session, warehouse_id))


@router.patch("/warehouses/{warehouse_id}", response_model=WarehouseRead)
def update_warehouse(
    warehouse_id: int, body: WarehouseUpdate, session: DB, _ops: Operations
) -> WarehouseRead:
    return WarehouseRead.model_validate(warehouses.update_warehouse(session, warehouse_id, body))


@router.get("/stock/{sku}", response_model=StockRead)
def get_stock(sku: str, session: DB, _staff: Staff) -> StockRead:
    """On hand, reserved, available and dated incoming per warehouse: open purchase
    orders under ``incoming``, transfers on their way under ``in_transit``; both count in
    ``totals.incoming``."""
    return stock_transit.stock_with_transit(session, sku)


@router.post("/stock/adjustments", response_model=AdjustmentResult, status_code=201)
def adjust_stock(
    body: StockAdjustmentCreate, session: DB, ops: Operations, key: IdempotencyKey = None
) -> Any:
    return created_once(
        session, scope="stock-adjustment", key=key, body=body,
        act=lambda: stock.adjust(
            session, sku=body.sku, warehouse_id=body.warehouse_id, delta=body.delta,
            reason=body.reason, actor=ops.actor,
        ),
    )  # fmt: skip


@router.get("/reservations", response_model=list[ReservationRead])
def list_reservations(
    session: DB, _staff: Staff, order_id: Annotated[int, Query()]
) -> list[ReservationRead]:
    return reservations.reservations_for_order(session, order_id)


@router.post("/purchase-orders", response_model=PurchaseOrderRead, status_code=201)
def create_purchase_order(
    body: PurchaseOrderCreate, session: DB, _ops: Operations, response: Response
) -> PurchaseOrderRead:
    order = purchasing.create_purchase_order(session, body)
    response.headers["Location"] = f"/api/v1/purchase-orders/{order.id}"
    return order


@router.get("/purchase-orders", response_model=Page[PurchaseOrderRead])
def list_purchase_orders(
    session: DB,
    _staff: Staff,
    status: PurchaseOrderStatus | None = None,
    warehouse_id: int | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Page[PurchaseOrderRead]:
    orders, next_cursor = purchasing.list_purchase_orders(
        session, status=status, warehouse_id=warehouse_id, cursor=cursor, limit=limit
    )
    return Page[PurchaseOrderRead](items=orders, next_cursor=next_cursor)


@router.get("/purchase-orders/{purchase_order_id}", response_model=PurchaseOrderRead)
def get_purchase_order(purchase_order_id: int, session: DB, _staff: Staff) -> PurchaseOrderRead:
    return purchasing.get_purchase_order(session, purchase_order_id)


@router.post(
    "/purchase-orders/{purchase_order_id}/receipts", response_model=ReceiptRead, status_code=201
)
def receive_goods(
    purchase_order_id: int,
    body: ReceiptCreate,
    session: DB,
    ops: Operations,
    key: IdempotencyKey = None,
) -> Any:
    lines = [purchasing.ReceiptLine(quantity=ln.quantity, sku=ln.sku) for ln in body.lines]
    return created_once(
        session, scope=f"receipt:{purchase_order_id}", key=key, body=body,
        act=lambda: purchasing.receive(
            session, purchase_order_id=purchase_order_id, lines=lines, actor=ops.actor
        ),
    )  # fmt: skip


@router.post("/transfers", response_model=TransferRead, status_code=201)
def create_transfer(
    body: TransferCreate,
    session: DB,
    ops: Operations,
    response: Response,
    key: IdempotencyKey = None,
) -> Any:
    """A draft transfer between two warehouses; nothing moves until it is dispatched."""
    made = created_once(
        session, scope="stock-transfer", key=key, body=body,
        act=lambda: transfers.create_transfer(session, body, actor=ops.actor),
    )  # fmt: skip
    transfer_id = _id_of(made) if isinstance(made, JSONResponse) else cast(TransferRead, made).id
    location = f"/api/v1/transfers/{transfer_id}"
    if isinstance(made, JSONResponse):
        made.headers["Location"] = location
    response.headers["Location"] = location
    return made


@router.get("/transfers", response_model=Page[TransferRead])
def list_transfers(
    session: DB,
    _staff: Staff,
    status: TransferStatus | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Page[TransferRead]:
    items, next_cursor = transfer_reads.list_transfers(
        session, status=status, cursor=cursor, limit=limit
    )
    return Page[TransferRead](items=items, next_cursor=next_cursor)


@router.get("/transfers/{transfer_id}", response_model=TransferRead)
def get_transfer(transfer_id: int, session: DB, _staff: Staff) -> TransferRead:
    return transfers.get_transfer(session, transfer_id)


@router.post("/transfers/{transfer_id}/dispatch", response_model=TransferRead)
def dispatch_transfer(transfer_id: int, session: DB, ops: Operations) -> TransferRead:
    """Units leave the source (409 if any line is short); a repeat is a 409, never a
    second dispatch."""
    return transfers.dispatch(session, transfer_id, actor=ops.actor)


@router.post("/transfers/{transfer_id}/receive", response_model=TransferRead)
def receive_transfer(transfer_id: int, session: DB, ops: Operations) -> TransferRead:
    return transfers.receive(session, transfer_id, actor=ops.actor)


@router.post("/transfers/{transfer_id}/cancel", response_model=TransferRead)
def cancel_transfer(transfer_id: int, session: DB, _ops: Operations) -> TransferRead:
    return transfers.cancel(session, transfer_id)


def _id_of(answer: JSONResponse) -> int:
    return int(json.loads(bytes(answer.body))["id"])
