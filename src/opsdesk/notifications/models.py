"""The message log (every message OpsDesk sends) and customers' preferences."""

from __future__ import annotations

import enum
from datetime import datetime, time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from opsdesk.kernel.db import Base, BigIntPK, JSONType, UTCDateTime, str_enum, utcnow


class MessageStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for the worker (or for quiet hours to end)
    SENT = "sent"
    FAILED = "failed"  # the channel refused it for good
    SUPPRESSED = "suppressed"  # opted out, or nobody to send to


class Message(Base):
    __tablename__ = "notification_messages"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    # One message per cause: the same key queued twice is the same message.
    idempotency_key: Mapped[str] = mapped_column(sa.String(160), unique=True)
    message_type: Mapped[str] = mapped_column(sa.String(48))
    channel: Mapped[str] = mapped_column(sa.String(16))
    customer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("customers.id", ondelete="SET NULL"), nullable=True, index=True
    )
    order_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("orders.id", ondelete="SET NULL"), nullable=True, index=True
    )
    recipient: Mapped[str] = mapped_column(sa.String(500), default="")
    locale: Mapped[str] = mapped_column(sa.String(16))
    subject: Mapped[str] = mapped_column(sa.String(300), default="")
    body_text: Mapped[str] = mapped_column(sa.Text, default="")
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    context: Mapped[dict[str, Any]] = mapped_column(JSONType(), default=dict)
    status: Mapped[MessageStatus] = mapped_column(str_enum(MessageStatus))
    status_reason: Mapped[str] = mapped_column(sa.String(300), default="")
    message_id: Mapped[str] = mapped_column(sa.String(200), default="")
    send_after: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (sa.Index("ix_notification_messages_due", "status", "send_after"),)


class Preference(Base):
    """What a customer does not want to receive, and when not to be disturbed."""

    __tablename__ = "notification_preferences"

    customer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True
    )
    opted_out: Mapped[list[str]] = mapped_column(JSONType(), default=list)
    quiet_start: Mapped[time | None] = mapped_column(sa.Time, nullable=True)
    quiet_end: Mapped[time | None] = mapped_column(sa.Time, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Attachment(Base):
    """A file sent with a message (a purchase order's PDF), kept as sent for the record."""

    __tablename__ = "notification_attachments"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    message_id: Mapped[int] = mapped_column(
        sa.ForeignKey("notification_messages.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
