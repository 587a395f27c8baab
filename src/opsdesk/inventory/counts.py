"""Counted stock: a shelf count (or an imported stock level) becomes the adjustment that
makes the books agree, so the ledger keeps saying why on-hand changed."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog
from opsdesk.inventory import ledger, stock, stock_policy
from opsdesk.inventory.models import StockLevel
from opsdesk.inventory.schemas import AdjustmentResult
from opsdesk.kernel.errors import InvalidInput, NotFound


def set_counted(
    session: Session,
    *,
    sku: str,
    warehouse_id: int,
    counted: int,
    reason: str,
    actor: str,
    now: datetime | None = None,
) -> AdjustmentResult | None:
    """Book the difference between the books and the count; None when they agree."""
    variant_id = session.scalar(sa.select(catalog.Variant.id).where(catalog.Variant.sku == sku))
    if variant_id is None:
        raise NotFound("variant", sku)
    level = ledger.level(session, variant_id, warehouse_id)
    on_hand, reserved = (level.on_hand, level.reserved) if level else (0, 0)
    delta = stock_policy.count_delta(on_hand, reserved, counted)
    if delta == 0:
        return None
    return stock.adjust(
        session, sku=sku, warehouse_id=warehouse_id, delta=delta, reason=reason, actor=actor,
        now=now,
    )  # fmt: skip


def set_reorder_point(
    session: Session, *, variant_id: int, warehouse_id: int, reorder_point: int | None
) -> None:
    """Below this (available) the row is low stock; None goes back to the store default."""
    if reorder_point is not None and not 0 <= reorder_point <= 1_000_000:
        raise InvalidInput(
            "the reorder point must be 0 to 1,000,000", details={"field": "reorder_point"}
        )
    level = ledger.level(session, variant_id, warehouse_id)
    if level is None:
        raise NotFound("stock level", f"{variant_id}@{warehouse_id}")
    session.execute(
        sa.update(StockLevel)
        .where(StockLevel.id == level.id)
        .values(reorder_point=reorder_point)
        .execution_options(synchronize_session=False)
    )
