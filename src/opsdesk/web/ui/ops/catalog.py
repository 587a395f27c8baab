"""The Catalog screen: every variant (SKU) with its product, searchable and filtered, a
page per product and per variant. Operations create and edit products and variants;
agents and leads read the same pages without the forms.

A refused form is shown again with the typed values and each reason beside its field
(422); nothing of it is saved. A saved change redirects (303) with a flash message."""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import catalog
from opsdesk.kernel.errors import OpsDeskError
from opsdesk.kernel.http import DB, Principal
from opsdesk.web.ui.access import not_found, staff_for_change, staff_for_page
from opsdesk.web.ui.ops import READERS, WRITERS
from opsdesk.web.ui.ops import catalog_forms as forms
from opsdesk.web.ui.ops.catalog_query import CatalogFilter, catalog_rows
from opsdesk.web.ui.ops.listing import SortKey, page_of
from opsdesk.web.ui.templating import flash, render

router = APIRouter(include_in_schema=False)
PATH = "/workspace/catalog"
Text = Annotated[str, Query(max_length=120)]


async def _form(request: Request) -> dict[str, str]:
    """The posted fields, read before the (sync) endpoint runs in the thread pool."""
    form = await request.form(max_files=0, max_fields=60)
    return {k: v for k, v in form.items() if isinstance(v, str)}


Form = Annotated[dict[str, str], Depends(_form)]


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
    principal = staff_for_page(session, request, *READERS)
    if isinstance(principal, Response):
        return principal
    where = CatalogFilter(q, category, supplier, fragile, status)
    keys = [SortKey(catalog.Variant.sku)]
    page = page_of(session, catalog_rows(where), keys, cursor, scalars=False)
    return render(
        request, "ops/catalog/list.html", principal=principal, page=page, where=where,
        params=where.params(), path=PATH, can_edit=_can_edit(principal),
        categories=_distinct(session, catalog.Product.category),
        suppliers=_distinct(session, catalog.Variant.supplier),
    )  # fmt: skip


@router.get(PATH + "/products/{product_id}")
def product_page(product_id: int, request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request, *READERS)
    if isinstance(principal, Response):
        return principal
    return _product(request, session, principal, product_id)


@router.get(PATH + "/variants/{variant_id}")
def variant_page(variant_id: int, request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request, *READERS)
    if isinstance(principal, Response):
        return principal
    return _variant(request, session, principal, variant_id)


@router.get(PATH + "/new")
def new_product_page(request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request, *WRITERS)
    if isinstance(principal, Response):
        return principal
    values = {"currency": "EUR", "variant_currency": "EUR"}
    return _new_form(request, session, principal, values, {})


@router.post(PATH + "/new")
def create_product(request: Request, session: DB, form: Form) -> Response:
    principal = staff_for_change(session, request, form.get("csrf", ""), *WRITERS)
    if isinstance(principal, Response):
        return principal
    try:
        data = forms.new_product(form)
        with session.begin_nested():
            product = catalog.create_product(session, data)
    except forms.FormRefused as refused:
        return _new_form(request, session, principal, form, refused.errors)
    except OpsDeskError as error:
        failed = _prefixed(forms.refusal_of(error, "handle"))
        return _new_form(request, session, principal, form, failed)
    flash(request, "ok", f"Product {product.title} created with SKU {data.variants[0].sku}.")
    return RedirectResponse(f"{PATH}/products/{product.id}", status_code=303)


@router.post(PATH + "/products/{product_id}")
def edit_product(product_id: int, request: Request, session: DB, form: Form) -> Response:
    principal = staff_for_change(session, request, form.get("csrf", ""), *WRITERS)
    if isinstance(principal, Response):
        return principal
    try:
        changes = forms.product_changes(form)
        with session.begin_nested():
            catalog.update_product(session, product_id, changes)
    except forms.FormRefused as refused:
        return _product(request, session, principal, product_id, form, refused.errors)
    except OpsDeskError as error:
        if error.status_code == 404:
            return not_found(request, principal, "product")
        failed = forms.refusal_of(error, "title")
        return _product(request, session, principal, product_id, form, failed)
    flash(request, "ok", "Product saved.")
    return RedirectResponse(f"{PATH}/products/{product_id}", status_code=303)


@router.post(PATH + "/products/{product_id}/variants")
def add_variant(product_id: int, request: Request, session: DB, form: Form) -> Response:
    principal = staff_for_change(session, request, form.get("csrf", ""), *WRITERS)
    if isinstance(principal, Response):
        return principal
    try:
        variant = forms.new_variant(form, "new_")
        with session.begin_nested():
            catalog.update_product(
                session, product_id, catalog.ProductUpdate(add_variants=[variant])
            )
    except forms.FormRefused as refused:
        return _product(request, session, principal, product_id, form, refused.errors)
    except OpsDeskError as error:
        if error.status_code == 404:
            return not_found(request, principal, "product")
        failed = {"new_" + k: v for k, v in forms.refusal_of(error, "sku").items()}
        return _product(request, session, principal, product_id, form, failed)
    flash(request, "ok", f"Variant {variant.sku} added.")
    return RedirectResponse(f"{PATH}/products/{product_id}", status_code=303)


@router.post(PATH + "/variants/{variant_id}")
def edit_variant(variant_id: int, request: Request, session: DB, form: Form) -> Response:
    principal = staff_for_change(session, request, form.get("csrf", ""), *WRITERS)
    if isinstance(principal, Response):
        return principal
    variant = session.get(catalog.Variant, variant_id)
    if variant is None:
        return not_found(request, principal, "variant")
    try:
        changes = forms.variant_changes(form)
        with session.begin_nested():
            catalog.update_variant(session, variant.sku, changes)
    except forms.FormRefused as refused:
        return _variant(request, session, principal, variant_id, form, refused.errors)
    except OpsDeskError as error:
        failed = forms.refusal_of(error, "ean")
        return _variant(request, session, principal, variant_id, form, failed)
    flash(request, "ok", f"Variant {variant.sku} saved.")
    return RedirectResponse(f"{PATH}/variants/{variant_id}", status_code=303)


def _product(
    request: Request,
    session: Session,
    principal: Principal,
    product_id: int,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    product = session.get(catalog.Product, product_id)
    if product is None:
        return not_found(request, principal, "product")
    values, editing = typed or _product_values(product), _can_edit(principal)
    return render(
        request, "ops/catalog/product.html", 422 if errors else 200, principal=principal,
        product=product, values=values, errors=errors or {}, can_edit=editing,
        policies=list(catalog.ShortStockPolicy), suppliers=_suppliers(session, editing),
        adding=any(k.startswith("new_") for k in errors or {}),
    )  # fmt: skip


def _variant(
    request: Request,
    session: Session,
    principal: Principal,
    variant_id: int,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    variant = session.get(catalog.Variant, variant_id)
    if variant is None:
        return not_found(request, principal, "variant")
    values, editing = typed or _variant_values(variant), _can_edit(principal)
    return render(
        request, "ops/catalog/variant.html", 422 if errors else 200, principal=principal,
        variant=variant, product=variant.product, values=values, errors=errors or {},
        can_edit=editing, suppliers=_suppliers(session, editing),
    )  # fmt: skip


def _new_form(
    request: Request,
    session: Session,
    principal: Principal,
    values: dict[str, str],
    errors: dict[str, str],
) -> Response:
    return render(
        request, "ops/catalog/new.html", 422 if errors else 200, principal=principal,
        values=values, errors=errors, policies=list(catalog.ShortStockPolicy),
        suppliers=_suppliers(session, True),
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


def _can_edit(principal: Principal) -> bool:
    return principal.role.acts_as(WRITERS)


def _suppliers(session: Session, editing: bool) -> list[str]:
    """Names to pick from while typing a supplier (only a form needs them)."""
    return _distinct(session, catalog.Variant.supplier) if editing else []


def _distinct(session: Session, column: Any) -> list[str]:
    """The values a filter offers (read from the column's index, a few hundred at most)."""
    query = sa.select(column).where(column != "").distinct().order_by(column).limit(500)
    return list(session.scalars(query))
