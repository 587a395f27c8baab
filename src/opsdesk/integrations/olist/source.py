"""Reading an Olist export folder: which files, which columns, row by row.

Both the Kaggle names (``olist_orders_dataset.csv``) and the short names used by
smaller extracts (``orders.csv``) are accepted. A missing file or column is fatal.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from opsdesk.kernel.errors import InvalidInput


@dataclass(frozen=True)
class SourceFile:
    candidates: tuple[str, ...]
    columns: frozenset[str]


ORDERS = SourceFile(
    ("orders.csv", "olist_orders_dataset.csv"),
    frozenset(
        {
            "order_id",
            "customer_id",
            "order_status",
            "order_purchase_timestamp",
            "order_approved_at",
            "order_delivered_carrier_date",
            "order_delivered_customer_date",
            "order_estimated_delivery_date",
        }
    ),
)
ITEMS = SourceFile(
    ("order_items.csv", "olist_order_items_dataset.csv"),
    frozenset({"order_id", "order_item_id", "product_id", "seller_id", "price", "freight_value"}),
)
CUSTOMERS = SourceFile(
    ("customers.csv", "olist_customers_dataset.csv"),
    frozenset(
        {
            "customer_id",
            "customer_unique_id",
            "customer_zip_code_prefix",
            "customer_city",
            "customer_state",
        }
    ),
)
PRODUCTS = SourceFile(
    ("olist_products_dataset.csv", "products.csv"),
    frozenset(
        {
            "product_id",
            "product_category_name",
            "product_weight_g",
            "product_length_cm",
            "product_height_cm",
            "product_width_cm",
        }
    ),
)
SELLERS = SourceFile(
    ("olist_sellers_dataset.csv", "sellers.csv"),
    frozenset({"seller_id", "seller_zip_code_prefix", "seller_city", "seller_state"}),
)
TRANSLATIONS = SourceFile(
    ("product_category_name_translation.csv",),
    frozenset({"product_category_name", "product_category_name_english"}),
)


class SourceError(InvalidInput):
    """The folder cannot be imported at all (missing file, missing column)."""

    code = "import_source_invalid"


def locate(directory: Path, source: SourceFile) -> Path:
    for name in source.candidates:
        path = directory / name
        if path.is_file():
            return path
    raise SourceError(
        f"{directory} has no {' or '.join(source.candidates)}",
        details={"directory": str(directory), "expected": list(source.candidates)},
    )


def rows(directory: Path, source: SourceFile) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line number, row)``; ``utf-8-sig`` drops the byte-order mark some files have."""
    path = locate(directory, source)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = source.columns - set(reader.fieldnames or ())
        if missing:
            raise SourceError(
                f"{path.name} lacks the columns {', '.join(sorted(missing))}",
                details={"file": path.name, "missing": sorted(missing)},
            )
        for row in reader:
            # A NUL byte is a damaged cell, and no text column of PostgreSQL takes one.
            cells = {k: (v or "").replace("\x00", "").strip() for k, v in row.items() if k}
            yield reader.line_num, cells


def check_folder(directory: Path) -> None:
    if not directory.is_dir():
        raise SourceError(f"{directory} is not a folder", details={"directory": str(directory)})
    for source in (ORDERS, ITEMS, CUSTOMERS, PRODUCTS, SELLERS, TRANSLATIONS):
        locate(directory, source)
