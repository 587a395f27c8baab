"""Purchase orders and receipts: incoming supply, and stock arriving against it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from opsdesk import catalog
from opsdesk.inventory import backorders, ledger
from opsdesk.inventory.events import PurchaseOrderReceived
from opsdesk.inventory.models import (
    MovementKind,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    Warehouse,
)
from opsdesk.inventory.schemas import (
    FilledBackorderRead,
    PurchaseOrderCreate,
    PurchaseOrderLineRead,
    PurchaseOrderRead,
    ReceiptRead,
)
from opsdesk.kernel import events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import AlreadyExists, Conflict, IllegalTransition, InvalidInput, NotFound
from opsdesk.kernel.pagination import decode_cursor, encode_cursor

RECEIVABLE = (PurchaseOrderStatus.OPEN, PurchaseOrderStatus.PARTIALLY_RECEIVED)


@dataclass(frozen=True)
class ReceiptLine:
    """Units received of one variant, named by id (``ReceiptLine(7, 3)``) or by SKU."""

    variant_id: int | None = None
    quantity: int = 0
    sku: str | None = None


def create_purchase_order(session: Session, data: PurchaseOrderCreate) -> PurchaseOrderRead:
    warehouse = session.get(Warehouse, data.warehouse_id)
    if warehouse is None:
        raise NotFound("warehouse", data.warehouse_id)
    number = data.number or f"PO-{uuid.uuid4().hex[:10].upper()}"
    if session.scalar(sa.select(PurchaseOrder.id).where(PurchaseOrder.number == number)):
        raise AlreadyExists(
            f"a purchase order numbered {number} exists",
            details={"field": "number", "value": number},
        )
    ids = _variant_ids(session, [line.sku for line in data.lines])
    if len(set(ids.values())) < len(data.lines):
        raise InvalidInput(
            "each SKU may appear once per purchase order", details={"field": "lines"}
        )
    order = PurchaseOrder(
        number=number, supplier=data.supplier, warehouse_id=warehouse.id,
        status=PurchaseOrderStatus.OPEN, expected_date=data.expected_date,
        lines=[PurchaseOrderLine(variant_id=ids[ln.sku], quantity_ordered=ln.quantity,
                                 quantity_received=0) for ln in data.lines],
    )  # fmt: skip
    try:
        with session.begin_nested():
            session.add(order)
            session.flush()
    except IntegrityError as exc:
        raise AlreadyExists(f"a purchase order numbered {number} exists") from exc
    return get_purchase_order(session, order.id)


def get_purchase_order(session: Session, purchase_order_id: int) -> PurchaseOrderRead:
    orders = _reads(session, sa.select(PurchaseOrder).where(PurchaseOrder.id == purchase_order_id))
    if not orders:
        raise NotFound("purchase order", purchase_order_id)
    return orders[0]


def list_purchase_orders(
    session: Session,
    *,
    status: PurchaseOrderStatus | None = None,
    warehouse_id: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[PurchaseOrderRead], str | None]:
    """Newest first, keyset-paginated by id."""
    query = sa.select(PurchaseOrder).order_by(PurchaseOrder.id.desc()).limit(limit + 1)
    if status is not None:
        query = query.where(PurchaseOrder.status == status)
    if warehouse_id is not None:
        query = query.where(PurchaseOrder.warehouse_id == warehouse_id)
    if cursor:
        before = decode_cursor(cursor).get("id")
        if not isinstance(before, int) or isinstance(before, bool):
            raise InvalidInput("malformed cursor", details={"field": "cursor"})
        query = query.where(PurchaseOrder.id < before)
    orders = _reads(session, query)
    next_cursor = encode_cursor({"id": orders[limit - 1].id}) if len(orders) > limit else None
    return orders[:limit], next_cursor


def receive(
    session: Session,
    *,
    purchase_order_id: int,
    lines: Sequence[ReceiptLine],
    actor: str,
    now: datetime | None = None,
) -> ReceiptRead:
    """Book goods in, then hand them to waiting reservations, oldest first."""
    now = now or utcnow()
    order = _lock_for_receipt(session, purchase_order_id)
    received = _book_lines(session, order, lines, actor=actor, now=now)
    outstanding = [ln for ln in order.lines if ln.quantity_received < ln.quantity_ordered]
    order.status = (
        PurchaseOrderStatus.PARTIALLY_RECEIVED if outstanding else PurchaseOrderStatus.RECEIVED
    )
    session.flush()
    filled = backorders.fill_backorders(
        session, [(v, order.warehouse_id) for v in received], actor=actor, now=now
    )
    skus = _skus(session, list(received))
    by_sku = {skus[v]: q for v, q in received.items()}
    events.record(
        session,
        PurchaseOrderReceived(
            purchase_order_id=order.id, warehouse_id=order.warehouse_id,
            status=order.status.value, received=by_sku,
        ),
        now=now,
    )  # fmt: skip
    return ReceiptRead(
        purchase_order_id=order.id,
        status=order.status,
        received=by_sku,
        backorders_filled=[FilledBackorderRead(**vars(f)) for f in filled],
    )


def _lock_for_receipt(session: Session, purchase_order_id: int) -> PurchaseOrder:
    # Locking the purchase order serialises receipts against it: two clerks booking the
    # same delivery cannot both pass the over-receipt check.
    order = session.scalar(
        sa.select(PurchaseOrder)
        .where(PurchaseOrder.id == purchase_order_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if order is None:
        raise NotFound("purchase order", purchase_order_id)
    if order.status not in RECEIVABLE:
        raise IllegalTransition(
            "purchase order", order.status.value, "received", reason="nothing left to receive"
        )
    return order


def _book_lines(
    session: Session,
    order: PurchaseOrder,
    lines: Sequence[ReceiptLine],
    *,
    actor: str,
    now: datetime,
) -> dict[int, int]:
    quantities = _resolve(session, lines)
    by_variant = {ln.variant_id: ln for ln in order.lines}
    for variant_id, quantity in sorted(quantities.items()):
        line = by_variant.get(variant_id)
        if line is None:
            raise InvalidInput(
                f"variant {variant_id} is not on purchase order {order.number}",
                details={"field": "lines", "variant_id": variant_id},
            )
        left = line.quantity_ordered - line.quantity_received
        if quantity > left:
            raise Conflict(
                f"over-receipt: {quantity} received but only {left} outstanding",
                details={"variant_id": variant_id, "received": quantity, "outstanding": left},
            )
        line.quantity_received += quantity
    pairs = [(v, order.warehouse_id) for v in quantities]
    ledger.ensure_stock_rows(session, pairs, now)
    for variant_id, quantity in sorted(quantities.items()):
        ledger.change_on_hand(
            session, variant_id=variant_id, warehouse_id=order.warehouse_id, delta=quantity,
            now=now,
        )  # fmt: skip
    movements = [
        ledger.Movement(v, order.warehouse_id, MovementKind.RECEIPT, on_hand_delta=q,
                        reason=f"received on {order.number}", reference=f"po:{order.id}")
        for v, q in sorted(quantities.items())
    ]  # fmt: skip
    ledger.record(session, movements, actor=actor, now=now)
    return quantities


def _resolve(session: Session, lines: Sequence[ReceiptLine]) -> dict[int, int]:
    if not lines:
        raise InvalidInput("a receipt needs at least one line", details={"field": "lines"})
    ids = _variant_ids(session, [ln.sku for ln in lines if ln.variant_id is None and ln.sku])
    quantities: dict[int, int] = {}
    for ln in lines:
        variant_id = ln.variant_id if ln.variant_id is not None else ids.get(ln.sku or "")
        if variant_id is None or ln.quantity <= 0:
            raise InvalidInput(
                "each receipt line needs a variant (id or SKU) and a positive quantity",
                details={"field": "lines"},
            )
        quantities[variant_id] = quantities.get(variant_id, 0) + ln.quantity
    return quantities


def _variant_ids(session: Session, skus: Sequence[str]) -> dict[str, int]:
    found = {f.sku: f.variant_id for f in catalog.variant_facts(session, skus=skus)}
    missing = sorted(set(skus) - set(found))
    if missing:
        raise NotFound("variant", missing[0])
    return found


def _skus(session: Session, variant_ids: Sequence[int]) -> dict[int, str]:
    return {f.variant_id: f.sku for f in catalog.variant_facts(session, variant_ids=variant_ids)}


def _reads(session: Session, query: sa.Select[PurchaseOrder]) -> list[PurchaseOrderRead]:
    orders = list(session.scalars(query.options(selectinload(PurchaseOrder.lines))))
    skus = _skus(session, sorted({ln.variant_id for o in orders for ln in o.lines}))
    return [
        PurchaseOrderRead(
            id=o.id, number=o.number, supplier=o.supplier, warehouse_id=o.warehouse_id,
            status=o.status, expected_date=o.expected_date, created_at=o.created_at,
            lines=[
                PurchaseOrderLineRead(
                    id=ln.id, variant_id=ln.variant_id, sku=skus[ln.variant_id],
                    quantity_ordered=ln.quantity_ordered, quantity_received=ln.quantity_received,
                )
                for ln in o.lines
            ],
        )
        for o in orders
    ]  # fmt: skip
