"""Warehouses, stock per SKU x warehouse, the movement ledger, reservations, purchase orders."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsdesk.kernel.db import Base, BigIntPK, JSONType, UTCDateTime, str_enum, utcnow


class Warehouse(Base):
    __tablename__ = "warehouses"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    address_line: Mapped[str] = mapped_column(sa.String(200), default="")
    city: Mapped[str] = mapped_column(sa.String(120), default="")
    region: Mapped[str] = mapped_column(sa.String(64), default="", index=True)
    postal_code: Mapped[str] = mapped_column(sa.String(16), default="")
    country: Mapped[str] = mapped_column(sa.String(2), default="")
    latitude: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    priority: Mapped[int] = mapped_column(sa.Integer, default=100)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StockLevel(Base):
    """Current stock of one variant in one warehouse; derived from the ledger, kept in step."""

    __tablename__ = "stock_levels"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    variant_id: Mapped[int] = mapped_column(sa.ForeignKey("variants.id"))
    warehouse_id: Mapped[int] = mapped_column(sa.ForeignKey("warehouses.id"), index=True)
    on_hand: Mapped[int] = mapped_column(sa.Integer, default=0)
    reserved: Mapped[int] = mapped_column(sa.Integer, default=0)
    # Available at or below this is "low stock" (the Stock screen); None: the store default.
    reorder_point: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("variant_id", "warehouse_id"),
        sa.CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
        sa.CheckConstraint("reserved >= 0", name="reserved_not_negative"),
        sa.CheckConstraint("reserved <= on_hand", name="reserved_within_on_hand"),
    )


class MovementKind(enum.StrEnum):
    RECEIPT = "receipt"
    ADJUSTMENT = "adjustment"
    RESERVATION = "reservation"
    RELEASE = "release"
    PICK = "pick"
    RETURN_TO_STOCK = "return_to_stock"
    WRITE_OFF = "write_off"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"


class StockMovement(Base):
    """Append-only ledger: every change of on-hand or reserved stock is one row."""

    __tablename__ = "stock_movements"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    variant_id: Mapped[int] = mapped_column(sa.ForeignKey("variants.id"))
    warehouse_id: Mapped[int] = mapped_column(sa.ForeignKey("warehouses.id"))
    kind: Mapped[MovementKind] = mapped_column(str_enum(MovementKind))
    on_hand_delta: Mapped[int] = mapped_column(sa.Integer, default=0)
    reserved_delta: Mapped[int] = mapped_column(sa.Integer, default=0)
    reason: Mapped[str] = mapped_column(sa.String(200), default="")
    reference: Mapped[str] = mapped_column(sa.String(64), default="", index=True)
    actor: Mapped[str] = mapped_column(sa.String(120), default="system")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.Index("ix_stock_movements_variant_warehouse", "variant_id", "warehouse_id"),
        # The Stock screen's ledger of one SKU, newest first, a page at a time.
        sa.Index("ix_stock_movements_variant_id_id", "variant_id", "id"),
    )


class ReservationStatus(enum.StrEnum):
    ACTIVE = "active"  # stock held in a warehouse for an order line
    WAITING = "waiting"  # backordered: no stock yet, promised by a date
    PICKED = "picked"  # taken off the shelf; no longer counts as reserved
    RELEASED = "released"  # given back (cancellation)


class Reservation(Base):
    __tablename__ = "reservations"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(
        sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    order_line_id: Mapped[int] = mapped_column(sa.ForeignKey("order_lines.id", ondelete="CASCADE"))
    # found through ix_reservations_waiting, which starts with it: no index of its own
    variant_id: Mapped[int] = mapped_column(sa.ForeignKey("variants.id"))
    warehouse_id: Mapped[int | None] = mapped_column(sa.ForeignKey("warehouses.id"), nullable=True)
    quantity: Mapped[int] = mapped_column(sa.Integer)
    status: Mapped[ReservationStatus] = mapped_column(str_enum(ReservationStatus))
    promised_date: Mapped[date | None] = mapped_column(sa.Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.Index("ix_reservations_waiting", "variant_id", "status", "created_at"),
    )


class PurchaseOrderStatus(enum.StrEnum):
    OPEN = "open"
    PARTIALLY_RECEIVED = "partially_received"
    RECEIVED = "received"
    CANCELLED = "cancelled"


class PurchaseOrder(Base):
    __tablename__ = "purchase_orders"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(sa.String(32), unique=True)
    supplier: Mapped[str] = mapped_column(sa.String(200))
    warehouse_id: Mapped[int] = mapped_column(sa.ForeignKey("warehouses.id"))
    status: Mapped[PurchaseOrderStatus] = mapped_column(
        str_enum(PurchaseOrderStatus), default=PurchaseOrderStatus.OPEN
    )
    expected_date: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The supplier record (e-mail, lead time, currency); None on orders made by name only.
    supplier_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("suppliers.id"), nullable=True, index=True
    )
    # Set when the order was e-mailed to the supplier: "open" then reads "sent".
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    lines: Mapped[list[PurchaseOrderLine]] = relationship(
        back_populates="purchase_order",
        order_by="PurchaseOrderLine.id",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        # the Purchasing list's filters, newest first
        sa.Index("ix_purchase_orders_status_id", "status", "id"),
        sa.Index("ix_purchase_orders_warehouse_id_id", "warehouse_id", "id"),
    )


class PurchaseOrderLine(Base):
    __tablename__ = "purchase_order_lines"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    purchase_order_id: Mapped[int] = mapped_column(
        sa.ForeignKey("purchase_orders.id", ondelete="CASCADE"), index=True
    )
    variant_id: Mapped[int] = mapped_column(sa.ForeignKey("variants.id"), index=True)
    quantity_ordered: Mapped[int] = mapped_column(sa.Integer)
    quantity_received: Mapped[int] = mapped_column(sa.Integer, default=0)

    purchase_order: Mapped[PurchaseOrder] = relationship(back_populates="lines")

    __table_args__ = (
        sa.CheckConstraint("quantity_ordered > 0", name="ordered_positive"),
        sa.CheckConstraint(
            "quantity_received >= 0 AND quantity_received <= quantity_ordered",
            name="received_within_ordered",
        ),
    )


# -- purchasing: suppliers, audited purchase-order changes, receipts at the dock --------


class Supplier(Base):
    """Who purchase orders go to: where the PDF is e-mailed, how long they say delivery
    takes (the default due date), the currency they invoice in."""

    __tablename__ = "suppliers"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    lead_time_days: Mapped[int] = mapped_column(sa.Integer, default=7)
    currency: Mapped[str] = mapped_column(sa.String(3), default="EUR")
    # Weekdays the supplier takes orders, "mon,thu" ("" = any day); replenishment's
    # review period follows them.
    order_days: Mapped[str] = mapped_column(sa.String(27), default="", server_default="")
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.CheckConstraint("lead_time_days >= 0", name="lead_time_not_negative"),)


class PurchaseOrderChange(Base):
    """Append-only: who moved a due date (or accepted more than ordered), when and why."""

    __tablename__ = "purchase_order_changes"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    purchase_order_id: Mapped[int] = mapped_column(
        sa.ForeignKey("purchase_orders.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(sa.String(40))
    old_value: Mapped[str] = mapped_column(sa.String(200), default="")
    new_value: Mapped[str] = mapped_column(sa.String(200), default="")
    reason: Mapped[str] = mapped_column(sa.String(300), default="")
    actor: Mapped[str] = mapped_column(sa.String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PurchaseReceipt(Base):
    """One delivery booked at the dock: what came in, where it was put away, and the
    backorders it filled (kept so the receipt page can show who was unblocked)."""

    __tablename__ = "purchase_receipts"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    purchase_order_id: Mapped[int] = mapped_column(
        sa.ForeignKey("purchase_orders.id", ondelete="CASCADE"), index=True
    )
    actor: Mapped[str] = mapped_column(sa.String(120))
    # [{"order_id", "order_line_id", "variant_id", "quantity", "remaining_quantity"}]
    filled: Mapped[list[dict[str, int]]] = mapped_column(JSONType(), default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lines: Mapped[list[PurchaseReceiptLine]] = relationship(
        order_by="PurchaseReceiptLine.id", cascade="all, delete-orphan"
    )


class PurchaseReceiptLine(Base):
    __tablename__ = "purchase_receipt_lines"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    receipt_id: Mapped[int] = mapped_column(
        sa.ForeignKey("purchase_receipts.id", ondelete="CASCADE"), index=True
    )
    variant_id: Mapped[int] = mapped_column(sa.ForeignKey("variants.id"))
    quantity: Mapped[int] = mapped_column(sa.Integer)
    bin: Mapped[str] = mapped_column(sa.String(40), default="")

    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        # the dock's default bin: where a variant was put away last
        sa.Index("ix_purchase_receipt_lines_variant_id_id", "variant_id", "id"),
    )


class TransferStatus(enum.StrEnum):
    DRAFT = "draft"  # being put together; no stock has moved
    IN_TRANSIT = "in_transit"  # left the source; incoming at the destination
    RECEIVED = "received"  # booked in at the destination
    CANCELLED = "cancelled"  # dropped while a draft


class StockTransfer(Base):
    """Goods moving between two warehouses: out of the source's stock at dispatch, into
    the destination's at receipt, and in transit (incoming, dated) in between."""

    __tablename__ = "stock_transfers"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(sa.String(32), unique=True)
    from_warehouse_id: Mapped[int] = mapped_column(sa.ForeignKey("warehouses.id"))
    to_warehouse_id: Mapped[int] = mapped_column(sa.ForeignKey("warehouses.id"))
    status: Mapped[TransferStatus] = mapped_column(
        str_enum(TransferStatus), default=TransferStatus.DRAFT
    )
    expected_date: Mapped[date | None] = mapped_column(sa.Date, nullable=True)
    note: Mapped[str] = mapped_column(sa.String(200), default="")
    created_by: Mapped[str] = mapped_column(sa.String(120), default="system")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    lines: Mapped[list[StockTransferLine]] = relationship(
        back_populates="transfer", order_by="StockTransferLine.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint("from_warehouse_id <> to_warehouse_id", name="two_warehouses"),
        sa.Index("ix_stock_transfers_status_id", "status", "id"),
    )


class StockTransferLine(Base):
    __tablename__ = "stock_transfer_lines"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    transfer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("stock_transfers.id", ondelete="CASCADE"), index=True
    )
    variant_id: Mapped[int] = mapped_column(sa.ForeignKey("variants.id"), index=True)
    quantity: Mapped[int] = mapped_column(sa.Integer)

    transfer: Mapped[StockTransfer] = relationship(back_populates="lines")

    __table_args__ = (sa.CheckConstraint("quantity > 0", name="quantity_positive"),)
