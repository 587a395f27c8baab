"""Orders, their lines, and the append-only order timeline."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsdesk.kernel.db import Base, BigIntPK, JSONType, UTCDateTime, str_enum, utcnow


class OrderStatus(enum.StrEnum):
    PLACED = "placed"
    ALLOCATED = "allocated"
    BACKORDERED = "backordered"
    PICKING = "picking"
    PACKED = "packed"
    PARTIALLY_SHIPPED = "partially_shipped"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    RETURNED = "returned"


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(sa.String(40), unique=True)
    channel: Mapped[str] = mapped_column(sa.String(32), default="api")
    external_id: Mapped[str | None] = mapped_column(sa.String(80), nullable=True)
    customer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("customers.id"), nullable=True)
    status: Mapped[OrderStatus] = mapped_column(str_enum(OrderStatus), default=OrderStatus.PLACED)
    currency: Mapped[str] = mapped_column(sa.String(3))
    locale: Mapped[str] = mapped_column(sa.String(16), default="en")
    subtotal_minor: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    shipping_minor: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    tax_minor: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    discount_minor: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    total_minor: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    # The shipping address as it was when ordered (a snapshot, not a link).
    ship_name: Mapped[str] = mapped_column(sa.String(200), default="")
    ship_line1: Mapped[str] = mapped_column(sa.String(200), default="")
    ship_line2: Mapped[str] = mapped_column(sa.String(200), default="")
    ship_city: Mapped[str] = mapped_column(sa.String(120), default="")
    ship_region: Mapped[str] = mapped_column(sa.String(64), default="")
    ship_postal_code: Mapped[str] = mapped_column(sa.String(16), default="")
    ship_country: Mapped[str] = mapped_column(sa.String(2), default="")
    ship_latitude: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    ship_longitude: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    service_level: Mapped[str] = mapped_column(sa.String(32), default="standard")
    promised_delivery_date: Mapped[date | None] = mapped_column(sa.Date, nullable=True)
    replaces_order_id: Mapped[int | None] = mapped_column(sa.ForeignKey("orders.id"), nullable=True)
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", order_by="OrderLine.line_no", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.UniqueConstraint("channel", "external_id"),
        # Every list filter pairs with the keyset order (placed_at desc, id desc).
        sa.Index("ix_orders_customer_placed", "customer_id", "placed_at", "id"),
        sa.Index("ix_orders_status_placed", "status", "placed_at", "id"),
        sa.Index("ix_orders_channel_placed", "channel", "placed_at", "id"),
        sa.Index("ix_orders_placed_id", "placed_at", "id"),
        # The operations order list (orders.listing): country and e-mail pair with the
        # keyset order; "late" reads open orders by their promise.
        sa.Index("ix_orders_country_placed", "ship_country", "placed_at", "id"),
        sa.Index("ix_orders_email_placed", "email", "placed_at", "id"),
        sa.Index("ix_orders_status_promised", "status", "promised_delivery_date"),
    )


class OrderLine(Base):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    # found through the unique (order_id, line_no) index: no index of its own
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"))
    line_no: Mapped[int] = mapped_column(sa.Integer)
    variant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("variants.id"), nullable=True, index=True
    )
    sku: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    quantity: Mapped[int] = mapped_column(sa.Integer)
    unit_price_minor: Mapped[int] = mapped_column(sa.BigInteger)
    quantity_cancelled: Mapped[int] = mapped_column(sa.Integer, default=0)
    quantity_shipped: Mapped[int] = mapped_column(sa.Integer, default=0)
    quantity_returned: Mapped[int] = mapped_column(sa.Integer, default=0)

    order: Mapped[Order] = relationship(back_populates="lines")

    __table_args__ = (
        sa.UniqueConstraint("order_id", "line_no"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
    )


class OrderEvent(Base):
    """One entry of the order timeline. Rows are added, never edited."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(sa.String(48))
    actor: Mapped[str] = mapped_column(sa.String(120), default="system")
    summary: Mapped[str] = mapped_column(sa.Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType(), default=dict)

    __table_args__ = (sa.Index("ix_order_events_order_time", "order_id", "occurred_at", "id"),)
