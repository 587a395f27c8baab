"""Pick lists, scan-verified packing and fulfilment errors."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsdesk.kernel.db import Base, BigIntPK, UTCDateTime, str_enum, utcnow


class FulfilmentStatus(enum.StrEnum):
    PENDING = "pending"
    PICKING = "picking"
    PICKED = "picked"
    PACKED = "packed"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"


class PickList(Base):
    __tablename__ = "pick_lists"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    warehouse_id: Mapped[int] = mapped_column(sa.ForeignKey("warehouses.id"), index=True)
    created_by: Mapped[str] = mapped_column(sa.String(120), default="system")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    # The fulfilment screen lists a warehouse's pick lists newest first (keyset).
    __table_args__ = (
        sa.Index("ix_pick_lists_warehouse_created", "warehouse_id", "created_at", "id"),
        sa.Index("ix_pick_lists_created", "created_at", "id"),
    )


class Fulfilment(Base):
    """The part of an order that one warehouse ships (an order may split into several)."""

    __tablename__ = "fulfilments"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(
        sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    warehouse_id: Mapped[int] = mapped_column(sa.ForeignKey("warehouses.id"))
    pick_list_id: Mapped[int | None] = mapped_column(sa.ForeignKey("pick_lists.id"), nullable=True)
    status: Mapped[FulfilmentStatus] = mapped_column(
        str_enum(FulfilmentStatus), default=FulfilmentStatus.PENDING
    )
    # The tote the picker filled for this order (printed on the pick list, scanned at the
    # packing station) and the box it was packed in.
    tote_code: Mapped[str | None] = mapped_column(sa.String(32), nullable=True, index=True)
    box_code: Mapped[str | None] = mapped_column(sa.String(32), nullable=True)
    packed_by: Mapped[str | None] = mapped_column(sa.String(120), nullable=True)
    packed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lines: Mapped[list[FulfilmentLine]] = relationship(
        back_populates="fulfilment", order_by="FulfilmentLine.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.Index("ix_fulfilments_warehouse_status", "warehouse_id", "status"),
        # error rates count parcels packed in a date range per packer or warehouse: the
        # grouped columns ride in the index, so the count is an index-only scan (eight
        # weeks of a large store: ~400 -> ~120 ms, bench/ops_pages.py "pick lists")
        sa.Index("ix_fulfilments_packed_at_by", "packed_at", "packed_by", "warehouse_id"),
    )


class FulfilmentLine(Base):
    __tablename__ = "fulfilment_lines"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    fulfilment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("fulfilments.id", ondelete="CASCADE"), index=True
    )
    order_line_id: Mapped[int] = mapped_column(sa.ForeignKey("order_lines.id"))
    variant_id: Mapped[int] = mapped_column(sa.ForeignKey("variants.id"))
    sku: Mapped[str] = mapped_column(sa.String(64))
    quantity: Mapped[int] = mapped_column(sa.Integer)
    quantity_packed: Mapped[int] = mapped_column(sa.Integer, default=0)

    fulfilment: Mapped[Fulfilment] = relationship(back_populates="lines")


class FulfilmentErrorKind(enum.StrEnum):
    WRONG_ITEM = "wrong_item"
    MISSING_ITEM = "missing_item"
    DAMAGED = "damaged"
    OTHER = "other"


class FulfilmentError(Base):
    __tablename__ = "fulfilment_errors"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(
        sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    fulfilment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("fulfilments.id"), nullable=True
    )
    warehouse_id: Mapped[int] = mapped_column(sa.ForeignKey("warehouses.id"))
    kind: Mapped[FulfilmentErrorKind] = mapped_column(str_enum(FulfilmentErrorKind))
    sku: Mapped[str] = mapped_column(sa.String(64), default="")
    expected_sku: Mapped[str] = mapped_column(sa.String(64), default="")
    quantity: Mapped[int] = mapped_column(sa.Integer, default=0)
    packer: Mapped[str] = mapped_column(sa.String(120), default="")
    detail: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.Index("ix_fulfilment_errors_warehouse_time", "warehouse_id", "created_at"),
    )


class BinLocation(Base):
    """Where a variant sits in one warehouse: the bin a picker walks to (``A-03-2``)."""

    __tablename__ = "bin_locations"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    warehouse_id: Mapped[int] = mapped_column(sa.ForeignKey("warehouses.id"))
    variant_id: Mapped[int] = mapped_column(sa.ForeignKey("variants.id"))
    bin: Mapped[str] = mapped_column(sa.String(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("warehouse_id", "variant_id"),)
