"""Transfers between warehouses: a draft, then in transit (out of the source's stock, incoming
at the destination by its expected date), then received (into the destination's stock).

Each stock change goes through the ledger's conditional updates, rows in a fixed order
(variant id), so a dispatch can never take units that orders hold, and two dispatches of
the same SKU cannot deadlock.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from opsdesk import catalog
from opsdesk.inventory import backorders, ledger, stock_policy
from opsdesk.inventory.models import (
    MovementKind,
    StockTransfer,
    StockTransferLine,
    TransferStatus,
    Warehouse,
)
from opsdesk.inventory.schemas import InTransitRead, TransferCreate, TransferRead
from opsdesk.inventory.transfer_events import TransferDispatched, TransferReceived
from opsdesk.inventory.transfer_reads import read_transfers
from opsdesk.kernel import events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import InsufficientStock, InvalidInput, NotFound


def create_transfer(
    session: Session, data: TransferCreate, *, actor: str, now: datetime | None = None
) -> TransferRead:
    """A draft: nothing moves until it is dispatched."""
    for warehouse_id in (data.from_warehouse_id, data.to_warehouse_id):
        if session.get(Warehouse, warehouse_id) is None:
            raise NotFound("warehouse", warehouse_id)
    skus = [line.sku for line in data.lines]
    if len(set(skus)) < len(skus):
        raise InvalidInput("each SKU may appear once per transfer", details={"field": "lines"})
    ids = dict(
        session.execute(
            sa.select(catalog.Variant.sku, catalog.Variant.id).where(catalog.Variant.sku.in_(skus))
        ).all()
    )
    unknown = [s for s in skus if s not in ids]
    if unknown:
        raise NotFound("variant", unknown[0])
    transfer = StockTransfer(
        number=f"TR-{uuid.uuid4().hex[:10].upper()}", from_warehouse_id=data.from_warehouse_id,
        to_warehouse_id=data.to_warehouse_id, status=TransferStatus.DRAFT,
        expected_date=data.expected_date, note=data.note, created_by=actor[:120],
        created_at=now or utcnow(),
        lines=[StockTransferLine(variant_id=ids[ln.sku], quantity=ln.quantity) for ln in data.lines],
    )  # fmt: skip
    session.add(transfer)
    session.flush()
    return get_transfer(session, transfer.id)


def get_transfer(session: Session, transfer_id: int) -> TransferRead:
    found = read_transfers(session, [transfer_id])
    if not found:
        raise NotFound("transfer", transfer_id)
    return found[0]


def dispatch(
    session: Session, transfer_id: int, *, actor: str, now: datetime | None = None
) -> TransferRead:
    """Take the units off the source's shelves; refused whole if any line is short."""
    now = now or utcnow()
    transfer = _locked(session, transfer_id)
    stock_policy.check_transfer_move(transfer.status, TransferStatus.IN_TRANSIT)
    source = transfer.from_warehouse_id
    lines = sorted(transfer.lines, key=lambda ln: ln.variant_id)
    ledger.ensure_stock_rows(session, [(ln.variant_id, source) for ln in lines], now)
    for line in lines:
        if not ledger.change_on_hand(
            session, variant_id=line.variant_id, warehouse_id=source, delta=-line.quantity, now=now
        ):
            raise _short(session, transfer, line)
    _record(session, transfer, MovementKind.TRANSFER_OUT, source, -1, actor, now)
    transfer.status = TransferStatus.IN_TRANSIT
    transfer.dispatched_at = now
    session.flush()
    events.record(session, TransferDispatched.of(transfer), now=now)
    return get_transfer(session, transfer_id)


def receive(
    session: Session, transfer_id: int, *, actor: str, now: datetime | None = None
) -> TransferRead:
    """Book the units in at the destination; orders waiting for them are served first."""
    now = now or utcnow()
    transfer = _locked(session, transfer_id)
    stock_policy.check_transfer_move(transfer.status, TransferStatus.RECEIVED)
    target = transfer.to_warehouse_id
    pairs = sorted((ln.variant_id, target) for ln in transfer.lines)
    ledger.ensure_stock_rows(session, pairs, now)
    for line in sorted(transfer.lines, key=lambda ln: ln.variant_id):
        ledger.change_on_hand(
            session, variant_id=line.variant_id, warehouse_id=target, delta=line.quantity, now=now
        )
    _record(session, transfer, MovementKind.TRANSFER_IN, target, 1, actor, now)
    transfer.status = TransferStatus.RECEIVED
    transfer.received_at = now
    session.flush()
    backorders.fill_backorders(session, pairs, actor=actor, now=now)
    events.record(session, TransferReceived.of(transfer), now=now)
    return get_transfer(session, transfer_id)


def cancel(session: Session, transfer_id: int) -> TransferRead:
    """Drop a draft; a transfer on its way must be received instead."""
    transfer = _locked(session, transfer_id)
    stock_policy.check_transfer_move(transfer.status, TransferStatus.CANCELLED)
    transfer.status = TransferStatus.CANCELLED
    session.flush()
    return get_transfer(session, transfer_id)


def in_transit(session: Session, variant_ids: Iterable[int]) -> dict[int, list[InTransitRead]]:
    """Units on their way to each warehouse, by variant, earliest expected first."""
    ids = sorted(set(variant_ids))
    found: dict[int, list[InTransitRead]] = defaultdict(list)
    if not ids:
        return found
    rows = session.execute(
        sa.select(StockTransferLine.variant_id, StockTransfer.id, StockTransfer.number,
                  StockTransfer.to_warehouse_id, StockTransferLine.quantity,
                  StockTransfer.expected_date)
        .join(StockTransfer)
        .where(StockTransferLine.variant_id.in_(ids),
               StockTransfer.status == TransferStatus.IN_TRANSIT)
        .order_by(StockTransfer.expected_date, StockTransfer.id)
    )  # fmt: skip
    for r in rows:
        found[r.variant_id].append(
            InTransitRead(transfer_id=r.id, number=r.number, warehouse_id=r.to_warehouse_id,
                          quantity=r.quantity, expected_date=r.expected_date)
        )  # fmt: skip
    return found


def _locked(session: Session, transfer_id: int) -> StockTransfer:
    transfer = session.scalar(
        sa.select(StockTransfer)
        .options(selectinload(StockTransfer.lines))
        .where(StockTransfer.id == transfer_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if transfer is None:
        raise NotFound("transfer", transfer_id)
    return transfer


def _record(
    session: Session,
    transfer: StockTransfer,
    kind: MovementKind,
    warehouse_id: int,
    sign: int,
    actor: str,
    now: datetime,
) -> None:
    reason = f"transfer {transfer.number}"
    ledger.record(
        session,
        [
            ledger.Movement(ln.variant_id, warehouse_id, kind, on_hand_delta=sign * ln.quantity,
                            reason=reason, reference=f"transfer:{transfer.id}")
            for ln in sorted(transfer.lines, key=lambda ln: ln.variant_id)
        ],
        actor=actor,
        now=now,
    )  # fmt: skip


def _short(session: Session, transfer: StockTransfer, line: StockTransferLine) -> InsufficientStock:
    level = ledger.level(session, line.variant_id, transfer.from_warehouse_id)
    available = level.on_hand - level.reserved if level else 0
    sku = session.scalar(
        sa.select(catalog.Variant.sku).where(catalog.Variant.id == line.variant_id)
    )
    return InsufficientStock(
        f"cannot send {line.quantity} of {sku}: {available} available in the source warehouse",
        details={"sku": sku, "requested": line.quantity, "available": available},
    )
