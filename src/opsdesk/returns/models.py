"""Return requests (RMA), their lines, and refunds."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsdesk.kernel.db import Base, BigIntPK, UTCDateTime, str_enum, utcnow


class ReturnReason(enum.StrEnum):
    DAMAGED = "damaged"
    WRONG_ITEM = "wrong_item"
    NOT_AS_DESCRIBED = "not_as_described"
    CHANGED_MIND = "changed_mind"
    LATE = "late"
    OTHER = "other"


class ReturnStatus(enum.StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    RECEIVED = "received"
    INSPECTED = "inspected"
    REFUNDED = "refunded"
    CLOSED = "closed"


class Disposition(enum.StrEnum):
    RESTOCK = "restock"
    WRITE_OFF = "write_off"


class ConditionGrade(enum.StrEnum):
    """How a returned unit came back (the grades resale and refurbishing desks use)."""

    A = "A"  # as new, sealed
    B = "B"  # opened, complete, resellable
    C = "C"  # damaged or incomplete
    D = "D"  # unusable


class ReturnRequest(Base):
    __tablename__ = "return_requests"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(sa.String(40), unique=True)
    order_id: Mapped[int] = mapped_column(
        sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[ReturnStatus] = mapped_column(
        str_enum(ReturnStatus), default=ReturnStatus.REQUESTED
    )
    reason: Mapped[ReturnReason] = mapped_column(str_enum(ReturnReason))
    customer_note: Mapped[str] = mapped_column(sa.Text, default="")
    decision_note: Mapped[str] = mapped_column(sa.Text, default="")
    warehouse_id: Mapped[int | None] = mapped_column(sa.ForeignKey("warehouses.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    lines: Mapped[list[ReturnLine]] = relationship(
        back_populates="return_request", order_by="ReturnLine.id", cascade="all, delete-orphan"
    )

    # The returns queue and GET /returns list newest first, filtered by one of these.
    __table_args__ = (
        sa.Index("ix_return_requests_created_id", "created_at", "id"),
        sa.Index("ix_return_requests_status_created", "status", "created_at", "id"),
        sa.Index("ix_return_requests_reason_created", "reason", "created_at", "id"),
        sa.Index("ix_return_requests_warehouse_created", "warehouse_id", "created_at", "id"),
    )


class ReturnLine(Base):
    __tablename__ = "return_lines"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    return_id: Mapped[int] = mapped_column(
        sa.ForeignKey("return_requests.id", ondelete="CASCADE"), index=True
    )
    # Indexed: GET /returns?sku= finds returns through the SKU's order lines.
    order_line_id: Mapped[int] = mapped_column(sa.ForeignKey("order_lines.id"), index=True)
    quantity: Mapped[int] = mapped_column(sa.Integer)
    disposition: Mapped[Disposition | None] = mapped_column(str_enum(Disposition), nullable=True)
    inspection_note: Mapped[str] = mapped_column(sa.Text, default="")
    condition_grade: Mapped[ConditionGrade | None] = mapped_column(
        str_enum(ConditionGrade, length=1), nullable=True
    )
    # Whether the inspector found the customer's stated reason true (None: not checked).
    reason_confirmed: Mapped[bool | None] = mapped_column(sa.Boolean, nullable=True)

    return_request: Mapped[ReturnRequest] = relationship(back_populates="lines")

    __table_args__ = (sa.CheckConstraint("quantity > 0", name="quantity_positive"),)


class Refund(Base):
    __tablename__ = "refunds"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(
        sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    return_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("return_requests.id"), nullable=True
    )
    amount_minor: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3))
    reason: Mapped[str] = mapped_column(sa.String(200), default="")
    external_id: Mapped[str | None] = mapped_column(sa.String(80), unique=True, nullable=True)
    actor: Mapped[str] = mapped_column(sa.String(120), default="system")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.CheckConstraint("amount_minor > 0", name="amount_positive"),)
