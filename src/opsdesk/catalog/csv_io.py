"""The catalog in and out as CSV, one row per variant (SKU) with its product's fields.

A row whose SKU exists updates that variant (and its product); a new SKU is added to the
product named by ``handle``, or creates that product. Columns left out of the header stay
as they are; a column present sets the value, an empty cell included (EAN and lead time
become "none"). The preview (:func:`plan_catalog_import`) changes nothing; applying plans
again and books the plan only if it is still the one previewed. Export writes every
column, so exporting and importing again changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.orm import Session

from opsdesk.catalog import service
from opsdesk.catalog.csv_cells import (
    PRODUCT_COLUMNS,
    VARIANT_COLUMNS,
    product_cells,
    read_product,
    read_variant,
    variant_cells,
)
from opsdesk.catalog.csv_table import RowError, csv_line, fingerprint, read_table
from opsdesk.catalog.models import Product, Variant
from opsdesk.catalog.schemas import ProductCreate, ProductUpdate, VariantCreate, VariantUpdate
from opsdesk.kernel.errors import Conflict

COLUMNS = ("handle", *PRODUCT_COLUMNS, "sku", *VARIANT_COLUMNS)
EXPORT_BATCH = 1000


@dataclass(frozen=True)
class CatalogChange:
    line: int
    action: str  # new product | new variant | update product | update variant
    key: str  # handle or SKU
    handle: str
    fields: dict[str, Any]  # the values to set
    before: dict[str, Any]  # their values now (empty for new rows)

    def described(self) -> list[str]:
        return [f"{k}: {self.before.get(k, '')} → {v}" if self.before else f"{k}: {v}"
                for k, v in self.fields.items()]  # fmt: skip


@dataclass
class CatalogPlan:
    changes: list[CatalogChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unchanged: int = 0

    @property
    def fingerprint(self) -> str:
        return fingerprint(f"{c.action}|{c.key}|{sorted(c.fields.items())}|{sorted(c.before.items())}"
                           for c in self.changes)  # fmt: skip


def plan_catalog_import(session: Session, data: bytes) -> CatalogPlan:
    table = read_table(data, COLUMNS, required=("handle", "sku"))
    plan = CatalogPlan(errors=list(table.errors))
    skus = sorted({row["sku"] for _, row in table.rows if row["sku"]})
    handles = sorted({row["handle"] for _, row in table.rows if row["handle"]})
    variants = _existing_variants(session, skus)
    products = _existing_products(session, handles)
    _Planner(plan, variants, products).run(table.rows)
    plan.errors.sort(key=lambda e: e.line)
    return plan


def apply_catalog_import(session: Session, data: bytes, *, previewed: str) -> CatalogPlan:
    """Book the previewed plan in the caller's transaction; Conflict if it changed."""
    plan = plan_catalog_import(session, data)
    if plan.fingerprint != previewed:
        raise Conflict("the catalog changed since the preview (or the file differs): review again",
                       details={"field": "fingerprint"})  # fmt: skip
    new_products: dict[str, dict[str, Any]] = {}
    for c in plan.changes:
        if c.action == "new product":
            new_products[c.handle] = {"handle": c.handle, **c.fields, "variants": []}
        elif c.action == "new variant" and c.handle in new_products:
            new_products[c.handle]["variants"].append(c.fields)
    for values in new_products.values():
        service.create_product(session, ProductCreate.model_validate(values))
    for c in plan.changes:
        _apply_one(session, c, new_products)
    return plan


def export_catalog_lines(session: Session) -> Iterator[str]:
    """The header, then one row per variant in SKU order, a batch at a time."""
    yield csv_line(COLUMNS)
    after: str | None = None
    while True:
        query = sa.select(Variant, Product).join(Product).order_by(Variant.sku).limit(EXPORT_BATCH)
        if after is not None:
            query = query.where(Variant.sku > after)
        batch = session.execute(query).all()
        for variant, product in batch:
            yield csv_line(
                [product.handle, *product_cells(product), variant.sku, *variant_cells(variant)]
            )
        session.expunge_all()
        if len(batch) < EXPORT_BATCH:
            return
        after = batch[-1][0].sku


def _apply_one(session: Session, c: CatalogChange, new_products: dict[str, Any]) -> None:
    if c.action == "update variant":
        service.update_variant(session, c.key, VariantUpdate.model_validate(c.fields))
    elif c.action == "update product":
        product_id = session.scalar(sa.select(Product.id).where(Product.handle == c.handle))
        assert product_id is not None  # planned from it, under this transaction
        service.update_product(session, product_id, ProductUpdate.model_validate(c.fields))
    elif c.action == "new variant" and c.handle not in new_products:
        product_id = session.scalar(sa.select(Product.id).where(Product.handle == c.handle))
        assert product_id is not None
        added = ProductUpdate(add_variants=[VariantCreate.model_validate(c.fields)])
        service.update_product(session, product_id, added)


class _Planner:
    """Walks the rows once: each valid row becomes at most one variant and one product change."""

    def __init__(
        self, plan: CatalogPlan, variants: dict[str, Variant], products: dict[str, Product]
    ):
        self.plan, self.variants, self.products = plan, variants, products
        self.seen_skus: dict[str, int] = {}
        self.product_rows: dict[str, tuple[int, dict[str, Any]]] = {}

    def run(self, rows: list[tuple[int, dict[str, str]]]) -> None:
        for line, row in rows:
            try:
                self._row(line, row)
            except (ValueError, ValidationError) as exc:
                self.plan.errors.append(RowError(line, _message(exc), row.get("sku", "")))

    def _row(self, line: int, row: dict[str, str]) -> None:
        sku, handle = row["sku"], row["handle"]
        if not sku or not handle:
            raise ValueError("handle and sku are required")
        if sku in self.seen_skus:
            raise ValueError(f"SKU {sku} appears again (first on line {self.seen_skus[sku]})")
        product_fields = read_product(row)
        variant_fields = read_variant(row)
        existing = self.variants.get(sku)
        if existing is not None and existing.product.handle != handle:
            raise ValueError(
                f"SKU {sku} belongs to product {existing.product.handle}, not {handle}"
            )
        self._product(line, handle, product_fields)
        self._variant(line, handle, sku, variant_fields, existing)
        self.seen_skus[sku] = line

    def _product(self, line: int, handle: str, fields: dict[str, Any]) -> None:
        first = self.product_rows.get(handle)
        if first is not None:
            if any(first[1].get(k) != v for k, v in fields.items()):
                raise ValueError(f"product {handle} has other values on line {first[0]}")
            return
        self.product_rows[handle] = (line, fields)
        product = self.products.get(handle)
        if product is None:
            ProductCreate.model_validate({"handle": handle, **fields, "variants": [_DUMMY_VARIANT]})
            self.plan.changes.append(CatalogChange(line, "new product", handle, handle, fields, {}))
            return
        ProductUpdate.model_validate(fields)
        changed = {k: v for k, v in fields.items() if getattr(product, k) != v}
        if changed:
            before = {k: getattr(product, k) for k in changed}
            self.plan.changes.append(
                CatalogChange(line, "update product", handle, handle, changed, before)
            )

    def _variant(
        self, line: int, handle: str, sku: str, fields: dict[str, Any], existing: Variant | None
    ) -> None:
        if existing is None:
            fields = {k: v for k, v in fields.items() if k != "active"}  # new SKUs start active
            VariantCreate.model_validate({"sku": sku, **fields})
            self.plan.changes.append(
                CatalogChange(line, "new variant", sku, handle, {"sku": sku, **fields}, {})
            )
            return
        changed = {k: v for k, v in fields.items() if getattr(existing, k) != v}
        VariantUpdate.model_validate(changed)
        if changed:
            before = {k: getattr(existing, k) for k in changed}
            self.plan.changes.append(
                CatalogChange(line, "update variant", sku, handle, changed, before)
            )
        elif not any(c.line == line for c in self.plan.changes):
            self.plan.unchanged += 1


_DUMMY_VARIANT = {"sku": "X", "price_minor": 0, "currency": "EUR"}


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"] if p not in ("variants", 0))
        return f"{where}: {first['msg']}" if where else str(first["msg"])
    return str(exc)


def _existing_variants(session: Session, skus: list[str]) -> dict[str, Variant]:
    found: dict[str, Variant] = {}
    for start in range(0, len(skus), 500):
        query = sa.select(Variant).join(Product).where(Variant.sku.in_(skus[start : start + 500]))
        for variant in session.scalars(query.options(sa.orm.contains_eager(Variant.product))):
            found[variant.sku] = variant
    return found


def _existing_products(session: Session, handles: list[str]) -> dict[str, Product]:
    found: dict[str, Product] = {}
    for start in range(0, len(handles), 500):
        query = sa.select(Product).where(Product.handle.in_(handles[start : start + 500]))
        found.update((p.handle, p) for p in session.scalars(query))
    return found
