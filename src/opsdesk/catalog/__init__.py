"""Catalog: products, their variants (one SKU each) and packaging attributes."""

from opsdesk.catalog.csv_table import MAX_BYTES as CSV_MAX_BYTES
from opsdesk.catalog.csv_table import MAX_ROWS as CSV_MAX_ROWS
from opsdesk.catalog.csv_table import RowError, csv_line, fingerprint, read_table
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
    "CSV_MAX_BYTES",
    "CSV_MAX_ROWS",
    "Product",
    "ProductCreate",
    "ProductRead",
    "ProductUpdate",
    "RowError",
    "ShortStockPolicy",
    "Variant",
    "VariantCreate",
    "VariantFacts",
    "VariantRead",
    "VariantUpdate",
    "VariantWithProductRead",
    "create_product",
    "csv_line",
    "fingerprint",
    "get_product",
    "get_variant",
    "list_products",
    "read_table",
    "update_product",
    "update_variant",
    "variant_facts",
]
