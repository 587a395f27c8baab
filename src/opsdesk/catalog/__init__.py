"""Catalog: products, their variants (one SKU each) and packaging attributes."""

from opsdesk.catalog.models import Product, ShortStockPolicy, Variant
from opsdesk.catalog.schemas import (
    ProductCreate,
    ProductRead,
    ProductUpdate,
    VariantCreate,
    VariantRead,
    VariantUpdate,
    VariantWithProductRead,
)
from opsdesk.catalog.service import (
    VariantFacts,
    create_product,
    get_product,
    get_variant,
    list_products,
    update_product,
    update_variant,
    variant_facts,
)

__all__ = [
    "Product",
    "ProductCreate",
    "ProductRead",
    "ProductUpdate",
    "ShortStockPolicy",
    "Variant",
    "VariantCreate",
    "VariantFacts",
    "VariantRead",
    "VariantUpdate",
    "VariantWithProductRead",
    "create_product",
    "get_product",
    "get_variant",
    "list_products",
    "update_product",
    "update_variant",
    "variant_facts",
]
