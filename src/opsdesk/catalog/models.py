"""Products and their variants (one SKU each)."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsdesk.kernel.db import Base, BigIntPK, UTCDateTime, str_enum, utcnow


class ShortStockPolicy(enum.StrEnum):
    """What to do when an order asks for more than is available."""

    REJECT = "reject"
    BACKORDER = "backorder"


class Product(Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    handle: Mapped[str] = mapped_column(sa.String(120), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    category: Mapped[str] = mapped_column(sa.String(80), default="", index=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    fragile: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    packaging_notes: Mapped[str] = mapped_column(sa.Text, default="")
    short_stock_policy: Mapped[ShortStockPolicy] = mapped_column(
        str_enum(ShortStockPolicy), default=ShortStockPolicy.REJECT
    )
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    variants: Mapped[list[Variant]] = relationship(
        back_populates="product", order_by="Variant.id", cascade="all, delete-orphan"
    )


class Variant(Base):
    """A sellable unit identified by its SKU (and optionally an EAN barcode)."""

    __tablename__ = "variants"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    product_id: Mapped[int] = mapped_column(
        sa.ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    sku: Mapped[str] = mapped_column(sa.String(64), unique=True)
    ean: Mapped[str | None] = mapped_column(sa.String(14), unique=True, nullable=True)
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    price_minor: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3))
    weight_g: Mapped[int] = mapped_column(sa.Integer, default=0)
    length_mm: Mapped[int] = mapped_column(sa.Integer, default=0)
    width_mm: Mapped[int] = mapped_column(sa.Integer, default=0)
    height_mm: Mapped[int] = mapped_column(sa.Integer, default=0)
    # Who we buy it from and how many days an order takes to arrive (None: not known).
    # The supplier by name, as purchase orders name it: inventory keeps supplier records
    # a layer above the catalog, which may not point up at them.
    supplier: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    lead_time_days: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    # The supplier's ordering terms (None: any quantity): the least it takes per order
    # and the carton it ships in; replenishment rounds its suggestions to them.
    moq: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    pack_size: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)

    product: Mapped[Product] = relationship(back_populates="variants")

    __table_args__ = (
        sa.CheckConstraint("price_minor >= 0", name="price_not_negative"),
        # The workspace's catalog list filters by supplier in SKU order.
        sa.Index("ix_variants_supplier_sku", "supplier", "sku"),
    )
