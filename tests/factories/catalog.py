"""Products with memorable names: a mug that breaks, a tee that waits for restock."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from opsdesk import catalog


def variant_payload(sku: str, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "sku": sku,
        "title": sku.lower(),
        "price_minor": 1990,
        "currency": "EUR",
        "weight_g": 350,
        "length_mm": 120,
        "width_mm": 90,
        "height_mm": 100,
    }
    return values | overrides


def product_payload(
    handle: str = "enamel-mug", *, skus: tuple[str, ...] = ("MUG-BLUE",), **overrides: Any
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "handle": handle,
        "title": handle.replace("-", " ").title(),
        "category": "kitchen",
        "fragile": True,
        "packaging_notes": "wrap in two layers of paper",
        "short_stock_policy": "reject",
        "variants": [variant_payload(sku) for sku in skus],
    }
    return values | overrides


def make_product(
    session: Session,
    handle: str = "enamel-mug",
    *,
    skus: tuple[str, ...] = ("MUG-BLUE",),
    **overrides: Any,
) -> catalog.Product:
    data = catalog.ProductCreate.model_validate(product_payload(handle, skus=skus, **overrides))
    return catalog.create_product(session, data)


def make_variant(
    session: Session, sku: str = "MUG-BLUE", *, policy: str = "reject", **overrides: Any
) -> int:
    """One product with one variant; returns the variant id."""
    handle = sku.lower().replace("_", "-").replace(".", "-")
    product = make_product(session, handle, skus=(sku,), short_stock_policy=policy, **overrides)
    return product.variants[0].id
