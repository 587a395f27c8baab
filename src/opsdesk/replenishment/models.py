"""Service-level settings: one target per ABC × XYZ class (absent: the default), and
overrides per SKU × warehouse for the few items that need another."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from opsdesk.kernel.db import Base, BigIntPK, UTCDateTime, utcnow


class ServiceLevelClass(Base):
    __tablename__ = "replenishment_class_levels"

    klass: Mapped[str] = mapped_column(sa.String(2), primary_key=True)  # "AX" … "CZ"
    level: Mapped[float] = mapped_column(sa.Float)
    updated_by: Mapped[str] = mapped_column(sa.String(120), default="system")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.CheckConstraint("level > 0 AND level < 1", name="level_in_range"),)


class ServiceLevelOverride(Base):
    __tablename__ = "replenishment_level_overrides"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    variant_id: Mapped[int] = mapped_column(sa.ForeignKey("variants.id", ondelete="CASCADE"))
    warehouse_id: Mapped[int] = mapped_column(sa.ForeignKey("warehouses.id", ondelete="CASCADE"))
    level: Mapped[float] = mapped_column(sa.Float)
    updated_by: Mapped[str] = mapped_column(sa.String(120), default="system")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("variant_id", "warehouse_id"),
        sa.CheckConstraint("level > 0 AND level < 1", name="level_in_range"),
    )
