"""Disruptions (with their audit trail), the latest risk per shipment, fitted risk models."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from opsdesk.kernel.db import Base, BigIntPK, JSONType, UTCDateTime, str_enum, utcnow


class DisruptionKind(enum.StrEnum):
    WEATHER = "weather"
    HUB_CLOSURE = "hub_closure"
    STRIKE = "strike"
    CARRIER_OUTAGE = "carrier_outage"
    OTHER = "other"


class Severity(enum.StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Disruption(Base):
    """A storm, a closed hub, a strike: a region and/or carrier slowed for a time window."""

    __tablename__ = "disruptions"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    kind: Mapped[DisruptionKind] = mapped_column(str_enum(DisruptionKind))
    severity: Mapped[Severity] = mapped_column(str_enum(Severity))
    region: Mapped[str] = mapped_column(sa.String(64), default="")
    carrier: Mapped[str] = mapped_column(sa.String(40), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    created_by: Mapped[str] = mapped_column(sa.String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(sa.String(120))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.Index("ix_disruptions_window", "ends_at", "starts_at"),)


class DisruptionChange(Base):
    """Append-only audit trail: who declared or changed a disruption, when, and what."""

    __tablename__ = "disruption_changes"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    disruption_id: Mapped[int] = mapped_column(
        sa.ForeignKey("disruptions.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(16))  # declared | updated
    actor: Mapped[str] = mapped_column(sa.String(120))
    changes: Mapped[dict[str, Any]] = mapped_column(JSONType(), default=dict)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ShipmentRiskRecord(Base):
    """The latest delay-risk score of a shipment (one row per shipment, overwritten)."""

    __tablename__ = "shipment_risks"

    shipment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("shipments.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    order_id: Mapped[int] = mapped_column(sa.BigInteger)
    probability: Mapped[float] = mapped_column(sa.Float)
    at_risk: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    reasons: Mapped[list[str]] = mapped_column(JSONType(), default=list)
    model_id: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime)
    at_risk_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (sa.Index("ix_shipment_risks_at_risk", "at_risk", "probability"),)


class RiskModelRecord(Base):
    """A fitted delay-risk model as plain numbers (JSON); the newest one scores."""

    __tablename__ = "risk_models"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    trained_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    trained_rows: Mapped[int] = mapped_column(sa.Integer)
    late_share: Mapped[float] = mapped_column(sa.Float)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSONType())
