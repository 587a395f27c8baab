"""The boxes each warehouse stocks, as configured by its team (else the standard set).

Kept per warehouse because a small hub stocks three mailers and a central one a dozen
cartons; the station offers those that fit, smallest first, on keys 1 to 9."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from opsdesk import inventory
from opsdesk.fulfilment.boxes import STANDARD_BOXES, Box
from opsdesk.kernel.db import Base, BigIntPK, UTCDateTime, utcnow
from opsdesk.kernel.errors import InvalidInput, NotFound

MAX_BOXES = 40  # per warehouse: the station offers at most nine that fit


class PackingBox(Base):
    __tablename__ = "packing_boxes"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    warehouse_id: Mapped[int] = mapped_column(
        sa.ForeignKey("warehouses.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(sa.String(32))
    name: Mapped[str] = mapped_column(sa.String(80))
    length_mm: Mapped[int] = mapped_column(sa.Integer)  # inside measures
    width_mm: Mapped[int] = mapped_column(sa.Integer)
    height_mm: Mapped[int] = mapped_column(sa.Integer)
    tare_g: Mapped[int] = mapped_column(sa.Integer)  # the empty box with its padding
    max_weight_g: Mapped[int] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("warehouse_id", "code"),)

    def as_box(self) -> Box:
        return Box(self.code, self.name, self.length_mm, self.width_mm, self.height_mm,
                   self.max_weight_g, self.tare_g)  # fmt: skip


def boxes_for(session: Session, warehouse_id: int | None) -> tuple[Box, ...]:
    """The warehouse's own boxes, else the standard set (a warehouse nobody configured)."""
    if warehouse_id is None:
        return STANDARD_BOXES
    rows = session.scalars(
        sa.select(PackingBox).where(PackingBox.warehouse_id == warehouse_id).order_by(PackingBox.id)
    ).all()
    return tuple(r.as_box() for r in rows) or STANDARD_BOXES


def _check(box: Box) -> None:
    sizes = (box.length_mm, box.width_mm, box.height_mm)
    if not box.code.strip() or not box.name.strip():
        raise InvalidInput("a box needs a code and a name", details={"field": "code"})
    if min(sizes) <= 0 or box.tare_g < 0 or box.max_weight_g <= box.tare_g:
        raise InvalidInput(
            "a box needs positive inside measures and a weight limit above its own weight",
            details={"field": "max_weight_g"},
        )


def save_box(session: Session, warehouse_id: int, box: Box) -> PackingBox:
    """Add a box to the warehouse's set, or change the one with the same code."""
    inventory.get_warehouse(session, warehouse_id)
    _check(box)
    row = session.scalar(
        sa.select(PackingBox).where(
            PackingBox.warehouse_id == warehouse_id, PackingBox.code == box.code.strip()
        )
    )
    if row is None:
        count = session.scalar(
            sa.select(sa.func.count()).where(PackingBox.warehouse_id == warehouse_id)
        )
        if (count or 0) >= MAX_BOXES:
            raise InvalidInput(f"a warehouse keeps at most {MAX_BOXES} boxes")
        row = PackingBox(warehouse_id=warehouse_id, code=box.code.strip())
        session.add(row)
    row.name, row.tare_g, row.max_weight_g = box.name.strip(), box.tare_g, box.max_weight_g
    row.length_mm, row.width_mm, row.height_mm = box.length_mm, box.width_mm, box.height_mm
    session.flush()
    return row


def remove_box(session: Session, warehouse_id: int, code: str) -> None:
    deleted = session.execute(
        sa.delete(PackingBox).where(
            PackingBox.warehouse_id == warehouse_id, PackingBox.code == code
        )
    )
    if not deleted.rowcount:  # type: ignore[attr-defined]
        raise NotFound("box", code)
