"""Suppliers over HTTP: every staff member reads them, operations staff keep them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from opsdesk.inventory import suppliers
from opsdesk.inventory.schemas import SupplierCreate, SupplierRead
from opsdesk.kernel.http import DB, Principal, Role, require

router = APIRouter(tags=["inventory"])
Operations = Annotated[Principal, Depends(require(Role.OPERATIONS))]
Staff = Annotated[Principal, Depends(require())]


@router.get("/suppliers", response_model=list[SupplierRead])
def list_suppliers(session: DB, _staff: Staff) -> list[SupplierRead]:
    return [SupplierRead.model_validate(s) for s in suppliers.list_suppliers(session)]


@router.post("/suppliers", response_model=SupplierRead, status_code=201)
def create_supplier(
    body: SupplierCreate, session: DB, _ops: Operations, response: Response
) -> SupplierRead:
    """A new supplier; a name already taken (in any case) is a 409."""
    supplier = suppliers.create_supplier(session, body)
    response.headers["Location"] = f"/api/v1/suppliers/{supplier.id}"
    return SupplierRead.model_validate(supplier)


@router.get("/suppliers/{supplier_id}", response_model=SupplierRead)
def get_supplier(supplier_id: int, session: DB, _staff: Staff) -> SupplierRead:
    return SupplierRead.model_validate(suppliers.get_supplier(session, supplier_id))


@router.put("/suppliers/{supplier_id}", response_model=SupplierRead)
def update_supplier(
    supplier_id: int, body: SupplierCreate, session: DB, _ops: Operations
) -> SupplierRead:
    return SupplierRead.model_validate(suppliers.update_supplier(session, supplier_id, body))
