"""Bin locations: where each variant sits in a warehouse, so a pick list walks the aisles
in order instead of by SKU."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog, inventory
from opsdesk.fulfilment.models import BinLocation
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import InvalidInput, NotFound

BIN_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/-]{0,31}")


def set_bin(
    session: Session, *, warehouse_id: int, sku: str, bin_code: str, now: datetime | None = None
) -> BinLocation:
    """Put ``sku`` in ``bin_code`` in one warehouse (one bin per variant and warehouse)."""
    code = bin_code.strip().upper()
    if not BIN_PATTERN.fullmatch(code):
        raise InvalidInput(
            "a bin is 1 to 32 letters, digits, spaces or . _ / - (like A-03-2)",
            details={"field": "bin"},
        )
    inventory.get_warehouse(session, warehouse_id)
    variant_id = session.scalar(sa.select(catalog.Variant.id).where(catalog.Variant.sku == sku))
    if variant_id is None:
        raise NotFound("variant", sku)
    row = session.scalar(
        sa.select(BinLocation).where(
            BinLocation.warehouse_id == warehouse_id, BinLocation.variant_id == variant_id
        )
    )
    if row is None:
        row = BinLocation(warehouse_id=warehouse_id, variant_id=variant_id, bin=code)
        session.add(row)
    row.bin = code
    row.updated_at = now or utcnow()
    session.flush()
    return row


def bins_for(session: Session, warehouse_id: int, variant_ids: Iterable[int]) -> dict[int, str]:
    """The bin of each variant in the warehouse; variants without one are left out."""
    wanted = set(variant_ids)
    if not wanted:
        return {}
    rows = session.execute(
        sa.select(BinLocation.variant_id, BinLocation.bin).where(
            BinLocation.warehouse_id == warehouse_id, BinLocation.variant_id.in_(wanted)
        )
    ).all()
    return {row.variant_id: row.bin for row in rows}


def bin_sort_key(code: str) -> tuple[int, tuple[tuple[int, int | str], ...]]:
    """Aisle order: ``A-2`` before ``A-10`` (numbers compare as numbers); no bin last."""
    if not code:
        return (1, ())
    parts = re.findall(r"\d+|[^\d]+", code.upper())
    return (0, tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts))
