"""Shipments, their carrier tracking events, and tracking updates nobody could match."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsdesk.kernel.db import Base, BigIntPK, JSONType, UTCDateTime, str_enum, utcnow


class ShipmentStatus(enum.StrEnum):
    PENDING = "pending"
    LABEL_CREATED = "label_created"
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    EXCEPTION = "exception"
    RETURNED_TO_SENDER = "returned_to_sender"
    LOST = "lost"
    CANCELLED = "cancelled"


class Shipment(Base):
    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(
        sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    fulfilment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("fulfilments.id"), nullable=True
    )
    warehouse_id: Mapped[int | None] = mapped_column(sa.ForeignKey("warehouses.id"), nullable=True)
    carrier: Mapped[str] = mapped_column(sa.String(40))
    service_level: Mapped[str] = mapped_column(sa.String(32), default="standard")
    tracking_number: Mapped[str | None] = mapped_column(sa.String(64), unique=True, nullable=True)
    tracking_url: Mapped[str] = mapped_column(sa.String(500), default="")
    status: Mapped[ShipmentStatus] = mapped_column(
        str_enum(ShipmentStatus), default=ShipmentStatus.PENDING
    )
    origin_region: Mapped[str] = mapped_column(sa.String(64), default="")
    destination_region: Mapped[str] = mapped_column(sa.String(64), default="")
    packages: Mapped[list[dict[str, Any]]] = mapped_column(JSONType(), default=list)
    promised_delivery_date: Mapped[date | None] = mapped_column(sa.Date, nullable=True)
    estimated_delivery_date: Mapped[date | None] = mapped_column(sa.Date, nullable=True)
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_event_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    events: Mapped[list[TrackingEvent]] = relationship(
        back_populates="shipment",
        order_by="TrackingEvent.occurred_at",
        cascade="all, delete-orphan",
    )

    __table_args__ = (sa.Index("ix_shipments_status_promised", "status", "promised_delivery_date"),)


class TrackingEvent(Base):
    __tablename__ = "tracking_events"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    shipment_id: Mapped[int] = mapped_column(sa.ForeignKey("shipments.id", ondelete="CASCADE"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # None: the carrier reported a scan without a status we can map (kept as history).
    status: Mapped[ShipmentStatus | None] = mapped_column(str_enum(ShipmentStatus), nullable=True)
    description: Mapped[str] = mapped_column(sa.String(500), default="")
    # The carrier's machine-readable event code (EasyPost ``status_detail``, e.g.
    # ``arrived_at_facility``): the tracking page says it in the customer's language and
    # keeps ``description``, the carrier's own words, as the secondary line. "" = none.
    code: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    source: Mapped[str] = mapped_column(sa.String(32), default="carrier")
    # Carriers resend the same event; (shipment, fingerprint) makes ingestion idempotent.
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    shipment: Mapped[Shipment] = relationship(back_populates="events")

    __table_args__ = (
        sa.UniqueConstraint("shipment_id", "fingerprint"),
        sa.Index("ix_tracking_events_shipment_time", "shipment_id", "occurred_at"),
    )


class UnmatchedTrackingUpdate(Base):
    """A carrier update for a tracking number we do not know: kept and reported."""

    __tablename__ = "unmatched_tracking_updates"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    tracking_number: Mapped[str] = mapped_column(sa.String(64), index=True)
    carrier: Mapped[str] = mapped_column(sa.String(40), default="")
    reason: Mapped[str] = mapped_column(sa.String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType(), default=dict)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
