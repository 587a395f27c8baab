"""The catalog list's query: one row per variant with its product, in SKU order, found
by prefix (SKU, handle), exact EAN or words of the product title.

Prefix search is a range on the column (``sku >= 'MUG' AND sku < 'MUH'``), which a plain
B-tree index answers on SQLite and PostgreSQL alike (``LIKE`` alone would need
``text_pattern_ops`` on PostgreSQL and ``NOCASE`` on SQLite); a ``LIKE 'MUG%'`` recheck
keeps the rows exact. Exact in code-point order (SQLite, PostgreSQL's ``C.UTF-8``); see
docs/operations.md for linguistic collations. A title search reads product titles
(a few thousand rows at most); everything else stays on an index."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa

from opsdesk import catalog

EAN_LENGTHS = (8, 12, 13, 14)


@dataclass(frozen=True)
class CatalogFilter:
    """What the list is narrowed to; empty values mean "any"."""

    q: str = ""
    category: str = ""
    supplier: str = ""
    fragile: str = ""  # "yes" / "no"
    status: str = ""  # "active" / "inactive"

    def params(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v}


def starts_with(column: Any, prefix: str) -> sa.ColumnElement[bool]:
    """``column`` begins with ``prefix``, as an index range plus an exact recheck."""
    upper = prefix[:-1] + chr(min(ord(prefix[-1]) + 1, 0x10FFFF))
    return sa.and_(column >= prefix, column < upper, column.startswith(prefix, autoescape=True))


def catalog_rows(where: CatalogFilter) -> sa.Select[Any]:
    """Variants with their products, narrowed by ``where``; ordered by the caller's keys."""
    v, p = catalog.Variant, catalog.Product
    # Typed loosely: page_of takes any select (the pair types as Select[Variant, Product]).
    stmt = cast("sa.Select[Any]", sa.select(v, p).join(p, v.product_id == p.id))
    if where.category:
        stmt = stmt.where(p.category == where.category)
    if where.supplier:
        stmt = stmt.where(v.supplier == where.supplier)
    if where.fragile in ("yes", "no"):
        stmt = stmt.where(p.fragile.is_(where.fragile == "yes"))
    if where.status in ("active", "inactive"):
        live = where.status == "active"
        stmt = stmt.where(sa.and_(v.active, p.active) if live else sa.or_(~v.active, ~p.active))
    term = " ".join(where.q.split())
    if term:
        stmt = stmt.where(_matches(term))
    return stmt


def _matches(term: str) -> sa.ColumnElement[bool]:
    v, p = catalog.Variant, catalog.Product
    found = [
        starts_with(v.sku, term),
        starts_with(v.sku, term.upper()),
        starts_with(p.handle, term.lower()),
        sa.func.lower(p.title).contains(term.lower(), autoescape=True),
    ]
    if term.isdigit() and len(term) in EAN_LENGTHS:
        found.append(v.ean == term)
    return sa.or_(*found)


__all__ = ["CatalogFilter", "catalog_rows", "starts_with"]
