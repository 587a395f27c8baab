"""Catalog HTTP API: operations and admins write, every staff member reads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from opsdesk.catalog import service
from opsdesk.catalog.schemas import (
    ProductCreate,
    ProductRead,
    ProductUpdate,
    VariantUpdate,
    VariantWithProductRead,
)
from opsdesk.kernel.http import DB, Principal, Role, require
from opsdesk.kernel.pagination import Page

router = APIRouter(tags=["catalog"])
Writer = Annotated[Principal, Depends(require(Role.OPERATIONS))]
Staff = Annotated[Principal, Depends(require())]


@router.post("/products", response_model=ProductRead, status_code=201)
def create_product(
    body: ProductCreate, session: DB, _writer: Writer, response: Response
) -> ProductRead:
    product = service.create_product(session, body)
    response.headers["Location"] = f"/api/v1/products/{product.id}"
    return ProductRead.model_validate(product)


@router.get("/products", response_model=Page[ProductRead])
def list_products(
    session: DB,
    _staff: Staff,
    category: Annotated[str | None, Query(max_length=80)] = None,
    search: Annotated[str | None, Query(max_length=120)] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=service.MAX_PAGE_SIZE)] = 50,
) -> Page[ProductRead]:
    products, next_cursor = service.list_products(
        session, category=category, search=search, cursor=cursor, limit=limit
    )
    return Page[ProductRead](
        items=[ProductRead.model_validate(p) for p in products], next_cursor=next_cursor
    )


@router.get("/products/{product_id}", response_model=ProductRead)
def get_product(product_id: int, session: DB, _staff: Staff) -> ProductRead:
    return ProductRead.model_validate(service.get_product(session, product_id))


@router.patch("/products/{product_id}", response_model=ProductRead)
def update_product(
    product_id: int, body: ProductUpdate, session: DB, _writer: Writer
) -> ProductRead:
    return ProductRead.model_validate(service.update_product(session, product_id, body))


@router.get("/variants/{sku}", response_model=VariantWithProductRead)
def get_variant(sku: str, session: DB, _staff: Staff) -> VariantWithProductRead:
    return service.get_variant(session, sku)


@router.patch("/variants/{sku}", response_model=VariantWithProductRead)
def update_variant(
    sku: str, body: VariantUpdate, session: DB, _writer: Writer
) -> VariantWithProductRead:
    return service.update_variant(session, sku, body)
