"""Transfers as read models: header, warehouse codes and lines with SKUs, in two statements
for any number of transfers (a list page costs what one transfer does)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from opsdesk import catalog
from opsdesk.inventory.models import StockTransfer, StockTransferLine, TransferStatus, Warehouse
from opsdesk.inventory.schemas import TransferLineRead, TransferRead
from opsdesk.kernel.errors import InvalidInput
from opsdesk.kernel.pagination import decode_cursor, encode_cursor

_source = aliased(Warehouse)
_target = aliased(Warehouse)


def read_transfers(session: Session, ids: Sequence[int]) -> list[TransferRead]:
    """The transfers with these ids, in the order given; unknown ids are left out."""
    if not ids:
        return []
    session.flush()
    headers = {
        r.id: r
        for r in session.execute(
            sa.select(StockTransfer.id, StockTransfer.number, StockTransfer.from_warehouse_id,
                      _source.code.label("from_code"), StockTransfer.to_warehouse_id,
                      _target.code.label("to_code"), StockTransfer.status,
                      StockTransfer.expected_date, StockTransfer.note, StockTransfer.created_by,
                      StockTransfer.created_at, StockTransfer.dispatched_at,
                      StockTransfer.received_at)
            .join(_source, _source.id == StockTransfer.from_warehouse_id)
            .join(_target, _target.id == StockTransfer.to_warehouse_id)
            .where(StockTransfer.id.in_(list(ids)))
        )
    }  # fmt: skip
    lines: dict[int, list[TransferLineRead]] = defaultdict(list)
    for r in session.execute(
        sa.select(StockTransferLine.transfer_id, StockTransferLine.variant_id,
                  catalog.Variant.sku, StockTransferLine.quantity)
        .join(catalog.Variant, catalog.Variant.id == StockTransferLine.variant_id)
        .where(StockTransferLine.transfer_id.in_(list(headers)))
        .order_by(StockTransferLine.id)
    ):  # fmt: skip
        lines[r.transfer_id].append(
            TransferLineRead(variant_id=r.variant_id, sku=r.sku, quantity=r.quantity)
        )
    return [_read(headers[i], lines[i]) for i in ids if i in headers]


def _read(h: Any, lines: list[TransferLineRead]) -> TransferRead:
    return TransferRead(
        id=h.id, number=h.number, from_warehouse_id=h.from_warehouse_id,
        from_warehouse_code=h.from_code, to_warehouse_id=h.to_warehouse_id,
        to_warehouse_code=h.to_code, status=h.status, expected_date=h.expected_date,
        note=h.note, created_by=h.created_by, created_at=h.created_at,
        dispatched_at=h.dispatched_at, received_at=h.received_at, lines=lines,
    )  # fmt: skip


def list_transfers(
    session: Session,
    *,
    status: TransferStatus | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[TransferRead], str | None]:
    """Newest first, keyset-paginated by id (``ix_stock_transfers_status_id``)."""
    query = sa.select(StockTransfer.id).order_by(StockTransfer.id.desc()).limit(limit + 1)
    if status is not None:
        query = query.where(StockTransfer.status == status)
    if cursor:
        before = decode_cursor(cursor).get("id")
        if not isinstance(before, int) or isinstance(before, bool):
            raise InvalidInput("malformed cursor", details={"field": "cursor"})
        query = query.where(StockTransfer.id < before)
    ids = list(session.scalars(query))
    next_cursor = encode_cursor({"id": ids[limit - 1]}) if len(ids) > limit else None
    return read_transfers(session, ids[:limit]), next_cursor
