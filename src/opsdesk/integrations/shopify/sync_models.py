"""What OpsDesk owes the shop: one row per fulfilment, cancellation (whole or of some lines)
or refund to send back,
with its attempts, the next try and, when Shopify refused it for good, the reason."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from opsdesk.kernel.db import Base, BigIntPK, JSONType, UTCDateTime, str_enum, utcnow


class SyncKind(enum.StrEnum):
    FULFILLMENT = "fulfillment"
    CANCELLATION = "cancellation"
    LINE_CANCELLATION = "line_cancellation"  # some lines, not the whole order
    REFUND = "refund"


class SyncStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    PARKED = "parked"  # Shopify refused it (a 4xx) or it failed too often: needs a person


class ShopSync(Base):
    __tablename__ = "shop_syncs"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    kind: Mapped[SyncKind] = mapped_column(str_enum(SyncKind))
    # What it is about (``shipment:12``, ``refund:7``, ``order:3``): each is sent once.
    source_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"))
    shop_order_id: Mapped[str] = mapped_column(sa.String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType(), default=dict)
    status: Mapped[SyncStatus] = mapped_column(str_enum(SyncStatus), default=SyncStatus.PENDING)
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str] = mapped_column(sa.String(500), default="")
    remote_id: Mapped[str] = mapped_column(sa.String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (
        sa.Index("ix_shop_syncs_due", "status", "next_attempt_at"),
        sa.Index("ix_shop_syncs_order", "order_id"),
    )
