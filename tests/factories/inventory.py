"""Warehouses, stock, purchase orders and the minimal orders reservations point at."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import inventory
from opsdesk.inventory.models import StockLevel, StockMovement
from opsdesk.inventory.schemas import PurchaseOrderCreate, WarehouseCreate
from opsdesk.orders.models import Order, OrderLine

_order_numbers = itertools.count(1)

# Real places so that distances mean something.
HAMBURG = {"region": "HH", "country": "DE", "latitude": 53.5511, "longitude": 9.9937}
MUNICH = {"region": "BY", "country": "DE", "latitude": 48.1351, "longitude": 11.5820}
BERLIN_CUSTOMER = inventory.Destination(region="BE", country="DE", latitude=52.52, longitude=13.405)
NOWHERE = inventory.Destination()


def make_warehouse(
    session: Session, code: str = "HAM", *, priority: int = 100, **overrides: Any
) -> int:
    values: dict[str, Any] = {"code": code, "name": f"Warehouse {code}", "priority": priority}
    data = WarehouseCreate.model_validate(values | overrides)
    return inventory.create_warehouse(session, data).id


def receive_stock(
    session: Session, sku: str, warehouse_id: int, quantity: int, *, actor: str = "test"
) -> None:
    """Put stock on the shelf through the ledger (an adjustment), as operations would."""
    inventory.adjust(
        session, sku=sku, warehouse_id=warehouse_id, delta=quantity, reason="opening count",
        actor=actor,
    )  # fmt: skip


def make_purchase_order(
    session: Session,
    warehouse_id: int,
    lines: dict[str, int],
    *,
    expected: date,
    supplier: str = "Faience & Co",
) -> inventory.PurchaseOrderRead:
    data = PurchaseOrderCreate(
        supplier=supplier,
        warehouse_id=warehouse_id,
        expected_date=expected,
        lines=[{"sku": sku, "quantity": q} for sku, q in lines.items()],
    )
    return inventory.create_purchase_order(session, data)


def make_order(session: Session, lines: dict[int, int], *, currency: str = "EUR") -> Order:
    """An order row with one line per {variant_id: quantity}; only what FKs need."""
    number = next(_order_numbers)
    order = Order(number=f"T-{number:06d}", currency=currency)
    order.lines = [
        OrderLine(
            line_no=i, variant_id=variant_id, sku=f"V{variant_id}", quantity=quantity,
            unit_price_minor=1000,
        )
        for i, (variant_id, quantity) in enumerate(lines.items(), start=1)
    ]  # fmt: skip
    session.add(order)
    session.flush()
    return order


def allocation_lines(order: Order) -> list[inventory.AllocationLine]:
    return [
        inventory.AllocationLine(order_line_id=ln.id, variant_id=ln.variant_id or 0,
                                 quantity=ln.quantity)
        for ln in order.lines
    ]  # fmt: skip


def stock_level(session: Session, variant_id: int, warehouse_id: int) -> tuple[int, int]:
    """(on_hand, reserved) as stored, read fresh."""
    row = session.execute(
        sa.select(StockLevel.on_hand, StockLevel.reserved).where(
            StockLevel.variant_id == variant_id, StockLevel.warehouse_id == warehouse_id
        )
    ).one_or_none()
    return (row.on_hand, row.reserved) if row else (0, 0)


def ledger_sums(session: Session, variant_id: int, warehouse_id: int) -> tuple[int, int]:
    row = session.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(StockMovement.on_hand_delta), 0),
            sa.func.coalesce(sa.func.sum(StockMovement.reserved_delta), 0),
        ).where(StockMovement.variant_id == variant_id, StockMovement.warehouse_id == warehouse_id)
    ).one()
    return int(row[0]), int(row[1])
