"""Subscriptions (who gets which topics, signed with which secret) and the delivery log."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from opsdesk.kernel.db import Base, BigIntPK, JSONType, UTCDateTime, str_enum, utcnow


class WebhookSubscription(Base):
    __tablename__ = "webhook_subscriptions"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    url: Mapped[str] = mapped_column(sa.String(2000))
    topics: Mapped[list[str]] = mapped_column(JSONType())
    # Kept readable: we sign with it. Shown to the admin once, when made or rotated.
    secret: Mapped[str] = mapped_column(sa.String(128))
    description: Mapped[str] = mapped_column(sa.String(200), default="")
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(sa.String(120), default="")


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"  # queued or between retries (the outbox row tells which)
    DELIVERED = "delivered"
    SKIPPED = "skipped"  # the subscription was switched off or deleted before sending


class WebhookDelivery(Base):
    """One event for one subscriber. Its attempts and last error live on the outbox row
    that drives it (``job_event_id``); this row keeps what the receiver answered."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    subscription_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhook_subscriptions.id", ondelete="CASCADE")
    )
    topic: Mapped[str] = mapped_column(sa.String(64))
    event_id: Mapped[str] = mapped_column(sa.String(36))  # the domain event: receivers dedupe
    job_event_id: Mapped[str | None] = mapped_column(sa.String(36), nullable=True, unique=True)
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[DeliveryStatus] = mapped_column(
        str_enum(DeliveryStatus, 16), default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    response_code: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    latency_ms: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    replay_of_id: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)

    __table_args__ = (
        sa.Index("ix_webhook_deliveries_subscription", "subscription_id", "id"),
        sa.Index("ix_webhook_deliveries_status", "status", "id"),
    )
