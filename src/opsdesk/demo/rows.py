"""Row buffers: generated rows as plain tuples, column order fixed per table.

Every column is given explicitly (ids included) so the same tuples feed SQLAlchemy
Core ``executemany`` and PostgreSQL ``COPY`` alike, and nothing depends on defaults.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

COLUMNS: dict[str, tuple[str, ...]] = {
    "warehouses": (
        "id", "code", "name", "address_line", "city", "region", "postal_code", "country",
        "latitude", "longitude", "timezone", "priority", "active", "created_at",
    ),
    "packing_boxes": (
        "id", "warehouse_id", "code", "name", "length_mm", "width_mm", "height_mm", "tare_g",
        "max_weight_g", "created_at",
    ),
    "products": (
        "id", "handle", "title", "category", "description", "fragile", "packaging_notes",
        "short_stock_policy", "active", "created_at",
    ),
    "variants": (
        "id", "product_id", "sku", "ean", "title", "price_minor", "currency", "weight_g",
        "length_mm", "width_mm", "height_mm", "active", "supplier", "lead_time_days",
    ),
    "customers": (
        "id", "external_ref", "email", "first_name", "last_name", "phone", "locale", "timezone",
        "tags", "extra", "created_at",
    ),
    "addresses": (
        "id", "customer_id", "name", "line1", "line2", "city", "region", "postal_code",
        "country", "latitude", "longitude", "is_default",
    ),
    "suppliers": ("id", "name", "email", "lead_time_days", "currency", "active", "created_at"),
    "bin_locations": ("id", "warehouse_id", "variant_id", "bin", "updated_at"),
    "purchase_orders": (
        "id", "number", "supplier", "supplier_id", "warehouse_id", "status", "expected_date",
        "created_at",
    ),
    "purchase_order_lines": (
        "id", "purchase_order_id", "variant_id", "quantity_ordered", "quantity_received",
    ),
    "orders": (
        "id", "number", "channel", "external_id", "customer_id", "status", "currency", "locale",
        "subtotal_minor", "shipping_minor", "tax_minor", "discount_minor", "total_minor", "email",
        "ship_name", "ship_line1", "ship_line2", "ship_city", "ship_region", "ship_postal_code",
        "ship_country", "ship_latitude", "ship_longitude", "service_level",
        "promised_delivery_date", "replaces_order_id", "placed_at", "updated_at",
    ),
    "order_lines": (
        "id", "order_id", "line_no", "variant_id", "sku", "title", "quantity", "unit_price_minor",
        "quantity_cancelled", "quantity_shipped", "quantity_returned",
    ),
    "order_events": ("id", "order_id", "occurred_at", "kind", "actor", "summary", "data"),
    "reservations": (
        "id", "order_id", "order_line_id", "variant_id", "warehouse_id", "quantity", "status",
        "promised_date", "created_at", "updated_at",
    ),
    "stock_movements": (
        "id", "variant_id", "warehouse_id", "kind", "on_hand_delta", "reserved_delta", "reason",
        "reference", "actor", "created_at",
    ),
    "stock_levels": (
        "id", "variant_id", "warehouse_id", "on_hand", "reserved", "updated_at", "reorder_point",
    ),
    "fulfilments": (
        "id", "order_id", "warehouse_id", "pick_list_id", "status", "packed_by", "packed_at",
        "created_at",
    ),
    "fulfilment_lines": (
        "id", "fulfilment_id", "order_line_id", "variant_id", "sku", "quantity",
        "quantity_packed",
    ),
    "fulfilment_errors": (
        "id", "order_id", "fulfilment_id", "warehouse_id", "kind", "sku", "expected_sku",
        "quantity", "packer", "detail", "created_at",
    ),
    "shipments": (
        "id", "order_id", "fulfilment_id", "warehouse_id", "carrier", "service_level",
        "tracking_number", "tracking_url", "status", "origin_region", "destination_region",
        "packages", "promised_delivery_date", "estimated_delivery_date", "shipped_at",
        "delivered_at", "last_event_at", "created_at",
    ),
    "tracking_events": (
        "id", "shipment_id", "occurred_at", "status", "description", "code", "location",
        "source", "fingerprint", "created_at",
    ),
    "return_requests": (
        "id", "number", "order_id", "status", "reason", "customer_note", "decision_note",
        "warehouse_id", "created_at", "decided_at", "received_at",
    ),
    "return_lines": (
        "id", "return_id", "order_line_id", "quantity", "disposition", "inspection_note",
    ),
    "refunds": (
        "id", "order_id", "return_id", "amount_minor", "currency", "reason", "external_id",
        "actor", "created_at",
    ),
}  # fmt: skip

# Parents before children, so foreign keys hold at every insert.
INSERT_ORDER: tuple[str, ...] = tuple(COLUMNS)


class Ids:
    """Hands out primary keys per table, so child rows can point at parents before insert."""

    def __init__(self) -> None:
        self._last: Counter[str] = Counter()

    def next(self, table: str) -> int:
        self._last[table] += 1
        return self._last[table]

    def last(self, table: str) -> int:
        return self._last[table]


class Rows:
    """Rows waiting to be written, grouped by table."""

    def __init__(self) -> None:
        self.by_table: dict[str, list[tuple[Any, ...]]] = {name: [] for name in COLUMNS}
        self.written: Counter[str] = Counter()

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        self.by_table[table].append(row)

    def pending(self) -> int:
        return sum(len(rows) for rows in self.by_table.values())

    def take(self) -> list[tuple[str, list[tuple[Any, ...]]]]:
        """Hand over the buffered rows in insert order and start empty."""
        batches = [(t, self.by_table[t]) for t in INSERT_ORDER if self.by_table[t]]
        for table, rows in batches:
            self.written[table] += len(rows)
            self.by_table[table] = []
        return batches
