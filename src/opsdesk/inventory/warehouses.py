"""Warehouses: where stock lives and where shipments leave from."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from opsdesk.inventory.models import Warehouse
from opsdesk.inventory.schemas import WarehouseCreate, WarehouseUpdate
from opsdesk.kernel.errors import AlreadyExists, InvalidInput, NotFound

# Columns that may be cleared with null in an update.
NULLABLE = frozenset({"latitude", "longitude"})


def create_warehouse(session: Session, data: WarehouseCreate) -> Warehouse:
    if session.scalar(sa.select(Warehouse.id).where(Warehouse.code == data.code)) is not None:
        raise _taken(data.code)
    warehouse = Warehouse(**data.model_dump())
    try:
        with session.begin_nested():
            session.add(warehouse)
            session.flush()
    except IntegrityError as exc:
        raise _taken(data.code) from exc
    return warehouse


def get_warehouse(session: Session, warehouse_id: int) -> Warehouse:
    warehouse = session.get(Warehouse, warehouse_id)
    if warehouse is None:
        raise NotFound("warehouse", warehouse_id)
    return warehouse


def list_warehouses(session: Session, *, include_inactive: bool = True) -> list[Warehouse]:
    query = sa.select(Warehouse).order_by(Warehouse.priority, Warehouse.id)
    if not include_inactive:
        query = query.where(Warehouse.active.is_(True))
    return list(session.scalars(query))


def update_warehouse(session: Session, warehouse_id: int, changes: WarehouseUpdate) -> Warehouse:
    warehouse = get_warehouse(session, warehouse_id)
    for name, value in changes.model_dump(exclude_unset=True).items():
        if value is None and name not in NULLABLE:
            raise InvalidInput(f"{name} cannot be null", details={"field": name})
        setattr(warehouse, name, value)
    if (warehouse.latitude is None) != (warehouse.longitude is None):
        raise InvalidInput(
            "latitude and longitude must be set or cleared together",
            details={"field": "latitude"},
        )
    session.flush()
    return warehouse


def _taken(code: str) -> AlreadyExists:
    return AlreadyExists(
        f"a warehouse with code {code} exists", details={"field": "code", "value": code}
    )
