"""Customers and their addresses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsdesk.kernel.db import Base, BigIntPK, JSONType, UTCDateTime, utcnow


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    external_ref: Mapped[str | None] = mapped_column(sa.String(80), unique=True, nullable=True)
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True, nullable=True)
    first_name: Mapped[str] = mapped_column(sa.String(120), default="")
    last_name: Mapped[str] = mapped_column(sa.String(120), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    locale: Mapped[str] = mapped_column(sa.String(16), default="en")
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    tags: Mapped[list[str]] = mapped_column(JSONType(), default=list)
    extra: Mapped[dict[str, Any]] = mapped_column(JSONType(), default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    addresses: Mapped[list[Address]] = relationship(
        back_populates="customer", order_by="Address.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        # Name search in the workspace's customer list: a prefix of either name (plain
        # columns: Alembic cannot autogenerate expression indexes such as lower(name)).
        sa.Index("ix_customers_first_name", "first_name", "id"),
        sa.Index("ix_customers_last_name", "last_name", "id"),
    )


class Address(Base):
    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    customer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    line1: Mapped[str] = mapped_column(sa.String(200), default="")
    line2: Mapped[str] = mapped_column(sa.String(200), default="")
    city: Mapped[str] = mapped_column(sa.String(120), default="")
    region: Mapped[str] = mapped_column(sa.String(64), default="")
    postal_code: Mapped[str] = mapped_column(sa.String(16), default="")
    country: Mapped[str] = mapped_column(sa.String(2), default="")
    latitude: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    is_default: Mapped[bool] = mapped_column(sa.Boolean, default=False)

    customer: Mapped[Customer] = relationship(back_populates="addresses")

    # The customer list's country filter: customers with an address in a country.
    __table_args__ = (sa.Index("ix_addresses_country_customer", "country", "customer_id"),)
