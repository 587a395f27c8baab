"""Suppliers as records: purchase orders go to an e-mail address, are due after the
supplier's stated lead time, and are priced in the supplier's currency."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from opsdesk.inventory.models import Supplier
from opsdesk.inventory.schemas import WEEKDAYS, SupplierCreate
from opsdesk.kernel.errors import AlreadyExists, NotFound


def create_supplier(session: Session, data: SupplierCreate) -> Supplier:
    """A new supplier; a name already taken is a 409 naming it (names are how buyers
    tell suppliers apart on every purchase order)."""
    _refuse_taken_name(session, data.name, keep=None)
    supplier = Supplier(**_values(data))
    _save(session, supplier)
    return supplier


def update_supplier(session: Session, supplier_id: int, data: SupplierCreate) -> Supplier:
    supplier = get_supplier(session, supplier_id)
    _refuse_taken_name(session, data.name, keep=supplier_id)
    for name, value in _values(data).items():
        setattr(supplier, name, value)
    _save(session, supplier)
    return supplier


def _values(data: SupplierCreate) -> dict[str, object]:
    """The columns: order days stored as "mon,thu", in week order, each once."""
    chosen = set(data.order_days)
    return data.model_dump() | {"order_days": ",".join(d for d in WEEKDAYS if d in chosen)}


def _save(session: Session, supplier: Supplier) -> None:
    # The check above compares case-blind in SQL; the unique index is the last word
    # (a racing twin, or a case SQLite's lower() does not fold).
    try:
        with session.begin_nested():
            session.add(supplier)
            session.flush()
    except IntegrityError as exc:
        raise AlreadyExists(f"a supplier named {supplier.name} exists",
                            details={"field": "name", "value": supplier.name}) from exc  # fmt: skip


def get_supplier(session: Session, supplier_id: int) -> Supplier:
    supplier = session.get(Supplier, supplier_id)
    if supplier is None:
        raise NotFound("supplier", supplier_id)
    return supplier


def list_suppliers(session: Session, *, active_only: bool = False) -> list[Supplier]:
    """Every supplier by name: a store buys from tens, not millions, so one read is fine."""
    query = sa.select(Supplier).order_by(Supplier.name, Supplier.id)
    if active_only:
        query = query.where(Supplier.active.is_(True))
    return list(session.scalars(query))


def _refuse_taken_name(session: Session, name: str, *, keep: int | None) -> None:
    query = sa.select(Supplier.id).where(
        sa.func.lower(Supplier.name) == sa.func.lower(sa.literal(name, sa.String))
    )
    if keep is not None:
        query = query.where(Supplier.id != keep)
    if session.scalar(query) is not None:
        raise AlreadyExists(
            f"a supplier named {name} exists", details={"field": "name", "value": name}
        )
