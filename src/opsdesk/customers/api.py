"""HTTP for customers and their addresses. Agents keep contact details current too."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from opsdesk.customers import service
from opsdesk.customers.schemas import (
    AddressCreate,
    AddressRead,
    AddressUpdate,
    CustomerCreate,
    CustomerRead,
    CustomerUpdate,
    Email,
)
from opsdesk.kernel.http import DB, Principal, Role, require
from opsdesk.kernel.pagination import Page

router = APIRouter(prefix="/customers", tags=["customers"])
Staff = Annotated[Principal, Depends(require(Role.AGENT, Role.OPERATIONS))]


@router.post("", response_model=CustomerRead, status_code=201)
def create_customer(
    body: CustomerCreate, session: DB, _staff: Staff, response: Response
) -> CustomerRead:
    customer = service.create_customer(session, body)
    response.headers["Location"] = f"/api/v1/customers/{customer.id}"
    return CustomerRead.model_validate(customer)


@router.get("", response_model=Page[CustomerRead])
def list_customers(
    session: DB,
    _staff: Staff,
    email: Email | None = None,
    search: Annotated[str | None, Query(max_length=120)] = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 50,
) -> Page[CustomerRead]:
    rows, next_cursor = service.list_customers(
        session, email=email, search=search, cursor=cursor, limit=limit
    )
    return Page(items=[CustomerRead.model_validate(c) for c in rows], next_cursor=next_cursor)


@router.get("/{customer_id}", response_model=CustomerRead)
def get_customer(customer_id: int, session: DB, _staff: Staff) -> CustomerRead:
    return CustomerRead.model_validate(service.get_customer(session, customer_id))


@router.patch("/{customer_id}", response_model=CustomerRead)
def update_customer(
    customer_id: int, body: CustomerUpdate, session: DB, _staff: Staff
) -> CustomerRead:
    return CustomerRead.model_validate(service.update_customer(session, customer_id, body))


@router.get("/{customer_id}/addresses", response_model=list[AddressRead])
def list_addresses(customer_id: int, session: DB, _staff: Staff) -> list[AddressRead]:
    return [AddressRead.model_validate(a) for a in service.list_addresses(session, customer_id)]


@router.post("/{customer_id}/addresses", response_model=AddressRead, status_code=201)
def add_address(
    customer_id: int, body: AddressCreate, session: DB, _staff: Staff, response: Response
) -> AddressRead:
    address = service.add_address(session, customer_id, body)
    response.headers["Location"] = f"/api/v1/customers/{customer_id}/addresses/{address.id}"
    return AddressRead.model_validate(address)


@router.patch("/{customer_id}/addresses/{address_id}", response_model=AddressRead)
def update_address(
    customer_id: int, address_id: int, body: AddressUpdate, session: DB, _staff: Staff
) -> AddressRead:
    address = service.update_address(session, customer_id, address_id, body)
    return AddressRead.model_validate(address)


@router.delete("/{customer_id}/addresses/{address_id}", status_code=204)
def delete_address(customer_id: int, address_id: int, session: DB, _staff: Staff) -> Response:
    service.delete_address(session, customer_id, address_id)
    return Response(status_code=204)
