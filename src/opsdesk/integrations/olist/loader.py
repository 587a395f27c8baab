"""Bulk writes of an Olist import plan's reference data, in the caller's transaction.

These are historical orders: they bypass live allocation (no reservations, no stock
movements, no stock rows) and record no outbox events, so no customer is notified
about a 2017 parcel. Rows are written with SQLAlchemy Core executemany in batches,
against id maps pre-loaded once; anything already imported is skipped by its key
(warehouse code, SKU, customer external_ref, order channel + external_id).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.catalog import Product, ShortStockPolicy, Variant
from opsdesk.customers import Address, Customer
from opsdesk.integrations.olist import mapping as m
from opsdesk.integrations.olist.plan import ImportPlan, Place, ProductPlan
from opsdesk.inventory import Warehouse
from opsdesk.kernel.db import Base


def table_of(model: type[Base]) -> sa.Table:
    return cast(sa.Table, model.__table__)


def insert_returning_ids(
    session: Session, model: type[Base], rows: Sequence[dict[str, Any]], *, key: str
) -> list[int]:
    """Insert ``rows`` in batched executemany and return their new ids in row order.

    Ids are matched back through ``key`` (unique within ``rows``): asking the database to
    keep parameter order instead makes SQLAlchemy send PostgreSQL one row per statement.
    """
    if not rows:
        return []
    table = table_of(model)
    statement = sa.insert(table).returning(table.c[key], table.c.id)
    by_key = {k: int(i) for k, i in session.execute(statement, rows)}
    return [by_key[row[key]] for row in rows]


def insert_all(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.execute(sa.insert(table_of(model)), rows)


def existing(session: Session, model: type[Base], column: str, prefix: str) -> dict[str, int]:
    """Ids of rows an earlier import wrote, by their natural key."""
    table = table_of(model)
    key = table.c[column]
    query = sa.select(key, table.c.id).where(key.startswith(prefix, autoescape=True))
    return {str(k): int(i) for k, i in session.execute(query)}


def load_warehouses(
    session: Session, plan: ImportPlan, now: datetime
) -> tuple[dict[str, int], int]:
    known = existing(session, Warehouse, "code", m.WAREHOUSE_PREFIX)
    new = [
        (sid, place) for sid, place in plan.sellers.items() if m.warehouse_code(sid) not in known
    ]
    rows = [
        {
            "code": m.warehouse_code(sid),
            "name": f"Olist seller {sid[:8]} ({place.city}/{place.state})"[:120],
            "address_line": "",
            "city": place.city[:120],
            "region": place.state[:64],
            "postal_code": place.postal_code[:16],
            "country": m.COUNTRY,
            "timezone": m.TIMEZONE_NAME,
            "priority": 100,
            "active": True,
            "created_at": now,
        }
        for sid, place in new
    ]
    ids = insert_returning_ids(session, Warehouse, rows, key="code")
    known.update({m.warehouse_code(sid): i for (sid, _), i in zip(new, ids, strict=True)})
    by_seller = {sid: known[m.warehouse_code(sid)] for sid in plan.sellers}
    return by_seller, len(rows)


def load_products(session: Session, plan: ImportPlan, now: datetime) -> tuple[dict[str, int], int]:
    """Products with one variant each; returns variant ids by Olist product id."""
    known = existing(session, Variant, "sku", m.SKU_PREFIX)
    new = [p for pid, p in plan.products.items() if m.sku_for(pid) not in known]
    product_ids = insert_returning_ids(
        session, Product, [_product_row(p, now) for p in new], key="handle"
    )
    variant_rows = [
        {
            "product_id": product_id,
            "sku": m.sku_for(p.product_id),
            "title": m.product_title(p.category, p.product_id),
            "price_minor": plan.prices[p.product_id][1],
            "currency": m.CURRENCY,
            "weight_g": p.weight_g,
            "length_mm": p.length_mm,
            "width_mm": p.width_mm,
            "height_mm": p.height_mm,
            "active": True,
        }
        for p, product_id in zip(new, product_ids, strict=True)
    ]
    variant_ids = insert_returning_ids(session, Variant, variant_rows, key="sku")
    known.update({m.sku_for(p.product_id): i for p, i in zip(new, variant_ids, strict=True)})
    return {pid: known[m.sku_for(pid)] for pid in plan.products}, len(new)


def _product_row(p: ProductPlan, now: datetime) -> dict[str, Any]:
    return {
        "handle": m.handle_for(p.product_id),
        "title": m.product_title(p.category, p.product_id),
        "category": p.category,
        "description": f"Imported from the Olist data set (product {p.product_id}).",
        "fragile": False,
        "packaging_notes": "",
        "short_stock_policy": ShortStockPolicy.REJECT,
        "active": True,
        "created_at": now,
    }


def load_customers(session: Session, plan: ImportPlan) -> tuple[dict[str, int], int]:
    """One customer per ``customer_unique_id``, created at their first purchase."""
    known = existing(session, Customer, "external_ref", m.CUSTOMER_PREFIX)
    first_purchase: dict[str, datetime] = {}
    for order in plan.orders.values():
        seen = first_purchase.get(order.customer_unique_id)
        if seen is None or order.purchased_at < seen:
            first_purchase[order.customer_unique_id] = order.purchased_at
    new = [uid for uid in plan.customers if m.customer_ref(uid) not in known]
    rows = [_customer_row(uid, first_purchase[uid]) for uid in new]
    ids = insert_returning_ids(session, Customer, rows, key="external_ref")
    insert_all(
        session,
        Address,
        [_address_row(cid, plan.customers[uid]) for uid, cid in zip(new, ids, strict=True)],
    )
    known.update({m.customer_ref(uid): i for uid, i in zip(new, ids, strict=True)})
    return {uid: known[m.customer_ref(uid)] for uid in plan.customers}, len(rows)


def _customer_row(unique_id: str, since: datetime) -> dict[str, Any]:
    return {
        "external_ref": m.customer_ref(unique_id),
        "email": None,
        "first_name": "",
        "last_name": "",
        "phone": "",
        "locale": m.LOCALE,
        "timezone": m.TIMEZONE_NAME,
        "tags": ["olist"],
        "extra": {"source": m.CHANNEL},
        "created_at": since,
    }


def _address_row(customer_id: int, place: Place) -> dict[str, Any]:
    return {
        "customer_id": customer_id,
        "name": "",
        "line1": "",
        "line2": "",
        "city": place.city[:120],
        "region": place.state[:64],
        "postal_code": place.postal_code[:16],
        "country": m.COUNTRY,
        "is_default": True,
    }
