"""Catalog CSV cells to field values and back: one spelling each way, so a file written by
the export reads back as exactly what is stored."""

from __future__ import annotations

from typing import Any

from opsdesk.catalog.models import Product, Variant

PRODUCT_COLUMNS = ("title", "category", "fragile", "short_stock_policy")
VARIANT_COLUMNS = (
    "ean", "variant_title", "price_minor", "currency", "weight_g", "length_mm", "width_mm",
    "height_mm", "supplier", "lead_time_days", "moq", "pack_size", "active",
)  # fmt: skip
# Column → the variant's attribute, where they differ (the product has a title too).
_VARIANT_ATTRIBUTES = {"variant_title": "title"}
_WHOLE = ("price_minor", "weight_g", "length_mm", "width_mm", "height_mm")
_OPTIONAL_WHOLE = ("lead_time_days", "moq", "pack_size")  # empty cell = none
_TRUE, _FALSE = ("true", "yes", "1"), ("false", "no", "0")


def read_product(row: dict[str, str]) -> dict[str, Any]:
    """The product fields this row sets (only the columns the file has)."""
    fields: dict[str, Any] = {}
    for column in PRODUCT_COLUMNS:
        if column in row:
            value = row[column]
            fields[column] = _flag(column, value) if column == "fragile" else value
    return fields


def read_variant(row: dict[str, str]) -> dict[str, Any]:
    """The variant fields this row sets, typed; ValueError names a cell that is not."""
    fields: dict[str, Any] = {}
    for column in VARIANT_COLUMNS:
        if column not in row:
            continue
        value = row[column]
        attribute = _VARIANT_ATTRIBUTES.get(column, column)
        if column in _WHOLE:
            fields[attribute] = _whole(column, value)
        elif column in _OPTIONAL_WHOLE:
            fields[attribute] = _whole(column, value) if value else None
        elif column == "active":
            fields[attribute] = _flag(column, value)
        elif column == "ean":
            fields[attribute] = value or None
        elif column == "currency":
            fields[attribute] = value.upper()
        else:
            fields[attribute] = value
    return fields


def product_cells(product: Product) -> list[Any]:
    return [product.title, product.category, _cell(product.fragile),
            product.short_stock_policy.value]  # fmt: skip


def variant_cells(variant: Variant) -> list[Any]:
    return [
        variant.ean or "", variant.title, variant.price_minor, variant.currency, variant.weight_g,
        variant.length_mm, variant.width_mm, variant.height_mm, variant.supplier,
        *(_optional(getattr(variant, column)) for column in _OPTIONAL_WHOLE),
        _cell(variant.active),
    ]  # fmt: skip


def _whole(column: str, value: str) -> int:
    if not value.isdigit():
        raise ValueError(f"{column} must be a whole number, not {value!r}")
    return int(value)


def _optional(value: int | None) -> int | str:
    return "" if value is None else value


def _flag(column: str, value: str) -> bool:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"{column} must be true or false, not {value!r}")


def _cell(flag: bool) -> str:
    return "true" if flag else "false"
