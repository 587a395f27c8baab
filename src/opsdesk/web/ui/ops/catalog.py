"""The Catalog screen: every variant (SKU) with its product, searchable and filtered, a
page per product and per variant. Operations create and edit products and variants;
agents and leads read the same pages without the forms.

A refused form is shown again with the typed values and each reason beside its field
(422); nothing of it is saved. A saved change redirects (303) with a flash message."""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import catalog
from opsdesk.kernel.errors import OpsDeskError
from opsdesk.kernel.http import DB, Principal
from opsdesk.web.ui.access import not_found
from opsdesk.web.ui.ops import catalog_forms as forms
from opsdesk.web.ui.ops.catalog_query import CatalogFilter, catalog_rows
from opsdesk.web.ui.ops.listing import SortKey, page_of
from opsdesk.web.ui.ops.pages import (
    Errors,
    PostedForm,
    Saved,
    can_write,
    form_page,
    found,
    reader,
    save_form,
    writer,
)
from opsdesk.web.ui.templating import render

router = APIRouter(include_in_schema=False)
PATH = "/workspace/catalog"
Text = Annotated[str, Query(max_length=120)]


@router.get(PATH)
def catalog_list(
    request: Request,
    session: DB,
    q: Text = "",
    category: Text = "",
    supplier: Annotated[str, Query(max_length=200)] = "",
    fragile: Annotated[str, Query(pattern="^(|yes|no)$")] = "",
    status: Annotated[str, Query(pattern="^(|active|inactive)$")] = "",
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    where = CatalogFilter(q, category, supplier, fragile, status)
    keys = [SortKey(catalog.Variant.sku)]
    page = page_of(session, catalog_rows(where), keys, cursor, scalars=False)
    return render(
        request, "ops/catalog/list.html", principal=principal, page=page, where=where,
        params=where.params(), path=PATH, can_edit=can_write(principal),
        categories=_distinct(session, catalog.Product.category),
        suppliers=_distinct(session, catalog.Variant.supplier),
    )  # fmt: skip


@router.get(PATH + "/products/{product_id}")
def product_page(product_id: int, request: Request, session: DB) -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    return _product(request, session, principal, product_id)


@router.get(PATH + "/variants/{variant_id}")
def variant_page(variant_id: int, request: Request, session: DB) -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    return _variant(request, session, principal, variant_id)


@router.get(PATH + "/new")
def new_product_page(request: Request, session: DB) -> Response:
    principal = writer(session, request)
    if isinstance(principal, Response):
        return principal
    values = {"currency": "EUR", "variant_currency": "EUR"}
    return _new_form(request, session, principal, values, {})


@router.post(PATH + "/new")
def create_product(request: Request, session: DB, form: PostedForm) -> Response:
    principal = writer(session, request, form.get("csrf", ""))
    if isinstance(principal, Response):
        return principal

    def change() -> Saved:
        data = forms.new_product(form)
        product = catalog.create_product(session, data)
        text = f"Product {product.title} created with SKU {data.variants[0].sku}."
        return Saved(text, f"{PATH}/products/{product.id}")

    def reshow(errors: Errors) -> Response:
        return _new_form(request, session, principal, form, errors)

    def refusal(error: OpsDeskError) -> Errors:
        return _prefixed(forms.refusal_of(error, "handle"))

    return save_form(request, session, change, reshow, refusal)


@router.post(PATH + "/products/{product_id}")
def edit_product(product_id: int, request: Request, session: DB, form: PostedForm) -> Response:
    principal = writer(session, request, form.get("csrf", ""))
    if isinstance(principal, Response):
        return principal

    def change() -> Saved:
        catalog.update_product(session, product_id, forms.product_changes(form))
        return Saved("Product saved.", f"{PATH}/products/{product_id}")

    return _save_product(request, session, principal, product_id, form, change, "title")


@router.post(PATH + "/products/{product_id}/variants")
def add_variant(product_id: int, request: Request, session: DB, form: PostedForm) -> Response:
    principal = writer(session, request, form.get("csrf", ""))
    if isinstance(principal, Response):
        return principal

    def change() -> Saved:
        variant = forms.new_variant(form, "new_")
        catalog.update_product(session, product_id, catalog.ProductUpdate(add_variants=[variant]))
        return Saved(f"Variant {variant.sku} added.", f"{PATH}/products/{product_id}")

    return _save_product(request, session, principal, product_id, form, change, "new_sku")


@router.post(PATH + "/variants/{variant_id}")
def edit_variant(variant_id: int, request: Request, session: DB, form: PostedForm) -> Response:
    principal = writer(session, request, form.get("csrf", ""))
    if isinstance(principal, Response):
        return principal
    variant = found(request, principal, "variant", lambda: session.get(catalog.Variant, variant_id))
    if isinstance(variant, Response):
        return variant

    def change() -> Saved:
        catalog.update_variant(session, variant.sku, forms.variant_changes(form))
        return Saved(f"Variant {variant.sku} saved.", f"{PATH}/variants/{variant_id}")

    def reshow(errors: Errors) -> Response:
        return _variant(request, session, principal, variant_id, form, errors)

    return save_form(request, session, change, reshow, lambda error: forms.refusal_of(error, "ean"))


def _save_product(
    request: Request, session: Session, principal: Principal, product_id: int,
    form: dict[str, str], change: Any, field: str,
) -> Response:  # fmt: skip
    """A change on the product page: refusals beside ``field`` (a ``new_`` one belongs to
    the add-a-variant form), a product that is gone is a 404."""
    prefix = "new_" if field.startswith("new_") else ""

    def reshow(errors: Errors) -> Response:
        return _product(request, session, principal, product_id, form, errors)

    def refusal(error: OpsDeskError) -> Errors | Response:
        if error.status_code == 404:
            return not_found(request, principal, "product")
        placed = forms.refusal_of(error, field.removeprefix(prefix))
        return {prefix + k: v for k, v in placed.items()}

    return save_form(request, session, change, reshow, refusal)


def _product(
    request: Request,
    session: Session,
    principal: Principal,
    product_id: int,
    typed: dict[str, str] | None = None,
    errors: Errors | None = None,
) -> Response:
    product = found(request, principal, "product", lambda: session.get(catalog.Product, product_id))
    if isinstance(product, Response):
        return product
    values, editing = typed or _product_values(product), can_write(principal)
    return form_page(
        request, "ops/catalog/product.html", errors, principal=principal, product=product,
        values=values, can_edit=editing, policies=list(catalog.ShortStockPolicy),
        suppliers=_suppliers(session, editing),
        adding=any(k.startswith("new_") for k in errors or {}),
    )  # fmt: skip


def _variant(
    request: Request,
    session: Session,
    principal: Principal,
    variant_id: int,
    typed: dict[str, str] | None = None,
    errors: Errors | None = None,
) -> Response:
    variant = found(request, principal, "variant", lambda: session.get(catalog.Variant, variant_id))
    if isinstance(variant, Response):
        return variant
    values, editing = typed or _variant_values(variant), can_write(principal)
    return form_page(
        request, "ops/catalog/variant.html", errors, principal=principal, variant=variant,
        product=variant.product, values=values, can_edit=editing,
        suppliers=_suppliers(session, editing),
    )  # fmt: skip


def _new_form(
    request: Request, session: Session, principal: Principal, values: dict[str, str],
    errors: Errors,
) -> Response:  # fmt: skip
    return form_page(
        request, "ops/catalog/new.html", errors, principal=principal, values=values,
        policies=list(catalog.ShortStockPolicy), suppliers=_suppliers(session, True),
    )  # fmt: skip


def _variant_values(variant: catalog.Variant) -> dict[str, str]:
    names = ("ean", "title", "currency", "supplier", "weight_g", "length_mm", "width_mm")
    values = {name: str(getattr(variant, name) or "") for name in (*names, "height_mm")}
    for name in ("lead_time_days", "moq", "pack_size"):
        number = getattr(variant, name)
        values[name] = "" if number is None else str(number)
    values["price"] = forms.price_text(variant.price_minor, variant.currency)
    values["active"] = "on" if variant.active else ""
    return values


def _product_values(product: catalog.Product) -> dict[str, str]:
    names = ("title", "category", "description", "packaging_notes")
    values = {name: str(getattr(product, name)) for name in names}
    values["short_stock_policy"] = product.short_stock_policy.value
    values["fragile"] = "on" if product.fragile else ""
    values["active"] = "on" if product.active else ""
    return values


def _prefixed(errors: dict[str, str]) -> dict[str, str]:
    """A taken SKU or EAN on the new-product form belongs to its variant fields."""
    return {("variant_" + k if k in ("sku", "ean") else k): v for k, v in errors.items()}


def _suppliers(session: Session, editing: bool) -> list[str]:
    """Names to pick from while typing a supplier (only a form needs them)."""
    return _distinct(session, catalog.Variant.supplier) if editing else []


def _distinct(session: Session, column: Any) -> list[str]:
    """The values a filter offers (read from the column's index, a few hundred at most)."""
    query = sa.select(column).where(column != "").distinct().order_by(column).limit(500)
    return list(session.scalars(query))
