"""Warehouses, stock per SKU x warehouse, the movement ledger, reservations, purchase orders."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsdesk.kernel.db import Base, BigIntPK, UTCDateTime, str_enum, utcnow


class Warehouse(Base):
    __tablename__ = "warehouses"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    address_line: Mapped[str] = mapped_column(sa.String(200), default="")
    city: Mapped[str] = mapped_column(sa.String(120), default="")
    region: Mapped[str] = mapped_column(sa.String(64), default="", index=True)
    postal_code: Mapped[str] = mapped_column(sa.String(16), default="")
    country: Mapped[str] = mapped_column(sa.String(2), default="")
    latitude: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    priority: Mapped[int] = mapped_column(sa.Integer, default=100)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StockLevel(Base):
    """Current stock of one variant in one warehouse; derived from the ledger, kept in step."""

    __tablename__ = "stock_levels"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    variant_id: Mapped[int] = mapped_column(sa.ForeignKey("variants.id"))
    warehouse_id: Mapped[int] = mapped_column(sa.ForeignKey("warehouses.id"), index=True)
    on_hand: Mapped[int] = mapped_column(sa.Integer, default=0)
    reserved: Mapped[int] = mapped_column(sa.Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("variant_id", "warehouse_id"),
        sa.CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
        sa.CheckConstraint("reserved >= 0", name="reserved_not_negative"),
        sa.CheckConstraint("reserved <= on_hand", name="reserved_within_on_hand"),
    )


class MovementKind(enum.StrEnum):
    RECEIPT = "receipt"
    ADJUSTMENT = "adjustment"
    RESERVATION = "reservation"
    RELEASE = "release"
    PICK = "pick"
    RETURN_TO_STOCK = "return_to_stock"
    WRITE_OFF = "write_off"


class StockMovement(Base):
    """Append-only ledger: every change of on-hand or reserved stock is one row."""

    __tablename__ = "stock_movements"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    variant_id: Mapped[int] = mapped_column(sa.ForeignKey("variants.id"))
    warehouse_id: Mapped[int] = mapped_column(sa.ForeignKey("warehouses.id"))
    kind: Mapped[MovementKind] = mapped_column(str_enum(MovementKind))
    on_hand_delta: Mapped[int] = mapped_column(sa.Integer, default=0)
    reserved_delta: Mapped[int] = mapped_column(sa.Integer, default=0)
    reason: Mapped[str] = mapped_column(sa.String(200), default="")
    reference: Mapped[str] = mapped_column(sa.String(64), default="", index=True)
    actor: Mapped[str] = mapped_column(sa.String(120), default="system")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.Index("ix_stock_movements_variant_warehouse", "variant_id", "warehouse_id"),
    )


class ReservationStatus(enum.StrEnum):
    ACTIVE = "active"  # stock held in a warehouse for an order line
    WAITING = "waiting"  # backordered: no stock yet, promised by a date
    PICKED = "picked"  # taken off the shelf; no longer counts as reserved
    RELEASED = "released"  # given back (cancellation)


class Reservation(Base):
    __tablename__ = "reservations"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(
        sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    order_line_id: Mapped[int] = mapped_column(sa.ForeignKey("order_lines.id", ondelete="CASCADE"))
    # found through ix_reservations_waiting, which starts with it: no index of its own
    variant_id: Mapped[int] = mapped_column(sa.ForeignKey("variants.id"))
    warehouse_id: Mapped[int | None] = mapped_column(sa.ForeignKey("warehouses.id"), nullable=True)
    quantity: Mapped[int] = mapped_column(sa.Integer)
    status: Mapped[ReservationStatus] = mapped_column(str_enum(ReservationStatus))
    promised_date: Mapped[date | None] = mapped_column(sa.Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.Index("ix_reservations_waiting", "variant_id", "status", "created_at"),
    )


class PurchaseOrderStatus(enum.StrEnum):
    OPEN = "open"
    PARTIALLY_RECEIVED = "partially_received"
    RECEIVED = "received"
    CANCELLED = "cancelled"


class PurchaseOrder(Base):
    __tablename__ = "purchase_orders"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(sa.String(32), unique=True)
    supplier: Mapped[str] = mapped_column(sa.String(200))
    warehouse_id: Mapped[int] = mapped_column(sa.ForeignKey("warehouses.id"))
    status: Mapped[PurchaseOrderStatus] = mapped_column(
        str_enum(PurchaseOrderStatus), default=PurchaseOrderStatus.OPEN
    )
    expected_date: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lines: Mapped[list[PurchaseOrderLine]] = relationship(
        back_populates="purchase_order",
        order_by="PurchaseOrderLine.id",
        cascade="all, delete-orphan",
    )


class PurchaseOrderLine(Base):
    __tablename__ = "purchase_order_lines"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    purchase_order_id: Mapped[int] = mapped_column(
        sa.ForeignKey("purchase_orders.id", ondelete="CASCADE"), index=True
    )
    variant_id: Mapped[int] = mapped_column(sa.ForeignKey("variants.id"), index=True)
    quantity_ordered: Mapped[int] = mapped_column(sa.Integer)
    quantity_received: Mapped[int] = mapped_column(sa.Integer, default=0)

    purchase_order: Mapped[PurchaseOrder] = relationship(back_populates="lines")

    __table_args__ = (
        sa.CheckConstraint("quantity_ordered > 0", name="ordered_positive"),
        sa.CheckConstraint(
            "quantity_received >= 0 AND quantity_received <= quantity_ordered",
            name="received_within_ordered",
        ),
    )
