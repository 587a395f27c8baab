"""Per SKU × warehouse service levels as the screen and the API edit them: by SKU and
warehouse, listed with their names, refused with the field at fault."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog, inventory
from opsdesk.kernel.errors import InvalidInput, NotFound
from opsdesk.replenishment.models import ServiceLevelOverride
from opsdesk.replenishment.service import set_override


@dataclass(frozen=True)
class OverrideView:
    variant_id: int
    sku: str
    warehouse_id: int
    warehouse_code: str
    level: float
    updated_by: str
    updated_at: datetime


def list_overrides(session: Session) -> list[OverrideView]:
    """Every override, by SKU then warehouse (a store keeps tens of them, not millions)."""
    o, v, w = ServiceLevelOverride, catalog.Variant, inventory.Warehouse
    rows = session.execute(
        sa.select(o, v.sku, w.code)
        .join(v, v.id == o.variant_id)
        .join(w, w.id == o.warehouse_id)
        .order_by(v.sku, w.code)
    )
    return [OverrideView(r.variant_id, sku, r.warehouse_id, code, r.level, r.updated_by,
                         r.updated_at) for r, sku, code in rows]  # fmt: skip


def set_for_sku(
    session: Session, sku: str, warehouse_id: int, level: float | None, *, actor: str
) -> int:
    """Set (``level``) or clear (None) one SKU × warehouse's target; the variant id.
    An unknown SKU or warehouse is a field error, not a 404: it was typed."""
    variant_id = session.scalar(sa.select(catalog.Variant.id).where(catalog.Variant.sku == sku))
    if variant_id is None:
        raise InvalidInput(f"no SKU {sku!r}", details={"field": "sku"})
    if session.get(inventory.Warehouse, warehouse_id) is None:
        raise InvalidInput("no such warehouse", details={"field": "warehouse_id"})
    set_override(session, variant_id, warehouse_id, level, actor=actor)
    return int(variant_id)


def set_for_ids(
    session: Session, variant_id: int, warehouse_id: int, level: float | None, *, actor: str
) -> None:
    """The API's form: by ids; unknown ones are 404."""
    if session.get(catalog.Variant, variant_id) is None:
        raise NotFound("variant", variant_id)
    if session.get(inventory.Warehouse, warehouse_id) is None:
        raise NotFound("warehouse", warehouse_id)
    set_override(session, variant_id, warehouse_id, level, actor=actor)
