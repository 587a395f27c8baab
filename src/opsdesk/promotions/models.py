"""Discount codes and their redemptions.

``times_redeemed`` is a counter kept by one conditional UPDATE per redemption, so it
can never pass ``max_redemptions``; the redemption rows are the ledger that explains it.
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from opsdesk.kernel.db import Base, BigIntPK, UTCDateTime, str_enum, utcnow


class DiscountKind(enum.StrEnum):
    AMOUNT = "amount"  # value in minor units of ``currency``
    PERCENT = "percent"  # value in basis points: 1500 = 15 %


class DiscountStatus(enum.StrEnum):
    PENDING = "pending"  # above the issuer's caps: waits for a lead or an admin
    ACTIVE = "active"
    REJECTED = "rejected"  # a pending code a lead or an admin turned down
    REVOKED = "revoked"


class DiscountReason(enum.StrEnum):
    """Why a code was given; the free-text reason says more."""

    LATE_DELIVERY = "late_delivery"
    DAMAGED_ITEM = "damaged_item"
    WRONG_OR_MISSING_ITEM = "wrong_or_missing_item"
    SERVICE_FAILURE = "service_failure"
    GOODWILL = "goodwill"
    AUTOMATIC_REMEDY = "automatic_remedy"  # a proactive rule's remedy; never chosen by a person


class DiscountSource(enum.StrEnum):
    AGENT = "agent"  # an agent, usually from a ticket
    PROACTIVE = "proactive"  # a proactive rule's remedy
    API = "api"  # anything else calling the REST API


class DiscountCode(Base):
    __tablename__ = "discount_codes"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    kind: Mapped[DiscountKind] = mapped_column(str_enum(DiscountKind, 16))
    value: Mapped[int] = mapped_column(sa.BigInteger)
    # Required for amounts; for percentages only when a minimum or a cap is set.
    currency: Mapped[str | None] = mapped_column(sa.String(3), nullable=True)
    min_order_minor: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    max_discount_minor: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    max_redemptions: Mapped[int] = mapped_column(sa.Integer, default=1)
    times_redeemed: Mapped[int] = mapped_column(sa.Integer, default=0)
    customer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("customers.id", ondelete="RESTRICT"), nullable=True
    )
    status: Mapped[DiscountStatus] = mapped_column(
        str_enum(DiscountStatus, 16), default=DiscountStatus.ACTIVE
    )
    source: Mapped[DiscountSource] = mapped_column(str_enum(DiscountSource, 16))
    issued_by: Mapped[str] = mapped_column(sa.String(120))
    reason_code: Mapped[DiscountReason] = mapped_column(
        str_enum(DiscountReason, 32), default=DiscountReason.GOODWILL
    )
    reason: Mapped[str] = mapped_column(sa.String(500))
    # Why the code waited for approval (the caps it went past); None when it did not.
    approval_needed: Mapped[str | None] = mapped_column(sa.String(500), nullable=True)
    decided_by: Mapped[str | None] = mapped_column(sa.String(120), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decision_note: Mapped[str | None] = mapped_column(sa.String(500), nullable=True)
    # What the code was issued about, as plain values (the support and orders modules
    # sit above this one and are never imported).
    ticket_id: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    order_reference: Mapped[str | None] = mapped_column(sa.String(100), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(sa.String(120), nullable=True)
    revoke_reason: Mapped[str | None] = mapped_column(sa.String(500), nullable=True)

    __table_args__ = (
        sa.CheckConstraint("times_redeemed >= 0", name="redeemed_not_negative"),
        sa.CheckConstraint("times_redeemed <= max_redemptions", name="redeemed_within_max"),
        sa.Index("ix_discount_codes_customer_id_id", "customer_id", "id"),
        sa.Index("ix_discount_codes_source_id", "source", "id"),
        sa.Index("ix_discount_codes_source_created", "source", "created_at"),
        sa.Index("ix_discount_codes_order_reference", "order_reference"),
        sa.Index("ix_discount_codes_issued_by_created", "issued_by", "created_at"),
        sa.Index("ix_discount_codes_status_id", "status", "id"),
    )

    @property
    def remaining_redemptions(self) -> int:
        return max(0, self.max_redemptions - self.times_redeemed)


class DiscountRedemption(Base):
    """One order's use of a code; an order uses a code at most once."""

    __tablename__ = "discount_redemptions"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    code_id: Mapped[int] = mapped_column(sa.ForeignKey("discount_codes.id", ondelete="CASCADE"))
    # The shop's own order id or number (Shopify, OpsDesk, …), so any shop can redeem.
    order_reference: Mapped[str] = mapped_column(sa.String(100))
    customer_id: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    order_total_minor: Mapped[int] = mapped_column(sa.BigInteger)
    amount_minor: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3))
    redeemed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("code_id", "order_reference"),)


class DiscountCap(Base):
    """What one role may issue without approval, from ``changed_at`` on. Append-only: a
    change is a new row (who, when, why), the role's latest row is in force, and a role
    without rows has the built-in defaults (``promotions.caps.DEFAULT_CAPS``)."""

    __tablename__ = "discount_caps"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    role: Mapped[str] = mapped_column(sa.String(16))
    max_percent_bp: Mapped[int] = mapped_column(sa.Integer)
    max_amount_minor: Mapped[int] = mapped_column(sa.BigInteger)  # in ``currency``
    currency: Mapped[str] = mapped_column(sa.String(3))
    max_redemptions: Mapped[int] = mapped_column(sa.Integer)
    max_codes_per_day: Mapped[int] = mapped_column(sa.Integer)
    changed_by: Mapped[str] = mapped_column(sa.String(120))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(sa.String(500))

    __table_args__ = (sa.Index("ix_discount_caps_role_id", "role", "id"),)
