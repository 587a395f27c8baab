"""Catalog use cases. Services take a session and never commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from opsdesk.catalog.models import Product, ShortStockPolicy, Variant
from opsdesk.catalog.schemas import (
    ProductCreate,
    ProductUpdate,
    VariantCreate,
    VariantUpdate,
    VariantWithProductRead,
)
from opsdesk.kernel.errors import AlreadyExists, InvalidInput, NotFound
from opsdesk.kernel.pagination import decode_cursor, encode_cursor

MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class VariantFacts:
    """What other modules need to know about a SKU, as plain values."""

    variant_id: int
    sku: str
    product_id: int
    short_stock_policy: ShortStockPolicy
    fragile: bool
    weight_g: int


def create_product(session: Session, data: ProductCreate) -> Product:
    """Create a product with its variants; a taken handle, SKU or EAN is a 409 naming it."""
    _refuse_duplicates_in_request(data.variants)
    _refuse_taken_handle(session, data.handle)
    _refuse_taken_codes(session, data.variants)
    product = Product(
        handle=data.handle,
        title=data.title,
        category=data.category,
        description=data.description,
        fragile=data.fragile,
        packaging_notes=data.packaging_notes,
        short_stock_policy=data.short_stock_policy,
        active=True,
        variants=[_new_variant(v) for v in data.variants],
    )
    _flush_guarding_uniques(session, product)
    return product


def get_product(session: Session, product_id: int) -> Product:
    product = session.scalar(
        sa.select(Product).options(selectinload(Product.variants)).where(Product.id == product_id)
    )
    if product is None:
        raise NotFound("product", product_id)
    return product


def update_product(session: Session, product_id: int, changes: ProductUpdate) -> Product:
    product = get_product(session, product_id)
    fields = changes.model_dump(exclude_unset=True, exclude={"add_variants"})
    for name, value in fields.items():
        if value is None:
            raise InvalidInput(f"{name} cannot be null", details={"field": name})
        setattr(product, name, value)
    if changes.add_variants:
        _refuse_duplicates_in_request(changes.add_variants)
        _refuse_taken_codes(session, changes.add_variants)
        product.variants.extend(_new_variant(v) for v in changes.add_variants)
    _flush_guarding_uniques(session, product)
    return product


def list_products(
    session: Session,
    *,
    category: str | None = None,
    search: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[Product], str | None]:
    """Products by id, keyset-paginated; ``search`` matches title, handle or a SKU."""
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidInput(f"limit must be 1 to {MAX_PAGE_SIZE}", details={"field": "limit"})
    query = sa.select(Product).options(selectinload(Product.variants)).order_by(Product.id)
    if category:
        query = query.where(Product.category == category)
    if search:
        query = query.where(_matches(search))
    if cursor:
        query = query.where(Product.id > _cursor_id(cursor))
    rows = list(session.scalars(query.limit(limit + 1)))
    next_cursor = encode_cursor({"id": rows[limit - 1].id}) if len(rows) > limit else None
    return rows[:limit], next_cursor


def get_variant(session: Session, sku: str) -> VariantWithProductRead:
    row = session.execute(
        sa.select(Variant, Product).join(Product).where(Variant.sku == sku)
    ).one_or_none()
    if row is None:
        raise NotFound("variant", sku)
    variant, product = row
    return VariantWithProductRead.model_validate(
        {
            **{c.key: getattr(variant, c.key) for c in sa.inspect(Variant).column_attrs},
            "product_handle": product.handle,
            "product_title": product.title,
            "fragile": product.fragile,
            "packaging_notes": product.packaging_notes,
            "short_stock_policy": product.short_stock_policy,
        }
    )


_NULLABLE = ("ean", "lead_time_days", "moq", "pack_size")


def update_variant(session: Session, sku: str, changes: VariantUpdate) -> VariantWithProductRead:
    variant = session.scalar(sa.select(Variant).where(Variant.sku == sku))
    if variant is None:
        raise NotFound("variant", sku)
    fields = changes.model_dump(exclude_unset=True)
    for name, value in fields.items():
        if value is None and name not in _NULLABLE:
            raise InvalidInput(f"{name} cannot be null", details={"field": name})
    if fields.get("ean") and fields["ean"] != variant.ean:
        _refuse_taken_ean(session, fields["ean"])
    for name, value in fields.items():
        setattr(variant, name, value)
    _flush_guarding_uniques(session, variant)
    return get_variant(session, sku)


def variant_facts(
    session: Session, *, variant_ids: Iterable[int] = (), skus: Iterable[str] = ()
) -> list[VariantFacts]:
    """Facts for the given variants (by id and/or SKU), in one query; unknown ones are absent."""
    ids, codes = list(variant_ids), list(skus)
    if not ids and not codes:
        return []
    rows = session.execute(
        sa.select(
            Variant.id,
            Variant.sku,
            Variant.product_id,
            Variant.weight_g,
            Product.short_stock_policy,
            Product.fragile,
        )
        .join(Product)
        .where(sa.or_(Variant.id.in_(ids), Variant.sku.in_(codes)))
    )
    return [
        VariantFacts(
            variant_id=r.id, sku=r.sku, product_id=r.product_id,
            short_stock_policy=r.short_stock_policy, fragile=r.fragile, weight_g=r.weight_g,
        )
        for r in rows
    ]  # fmt: skip


def _new_variant(data: VariantCreate) -> Variant:
    return Variant(**data.model_dump(), active=True)


def _matches(search: str) -> sa.ColumnElement[bool]:
    """Title, handle or a SKU contains the words as typed: ``%`` and ``_`` are plain
    characters (``autoescape``), not wildcards that would match every product."""
    term = search.strip().lower()

    def has(column: sa.ColumnElement[str] | InstrumentedAttribute[str]) -> sa.ColumnElement[bool]:
        return sa.func.lower(column).contains(term, autoescape=True)

    sku_hit = sa.select(Variant.id).where(Variant.product_id == Product.id, has(Variant.sku))
    return sa.or_(has(Product.title), has(Product.handle), sku_hit.exists())


def _cursor_id(cursor: str) -> int:
    value = decode_cursor(cursor).get("id")
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidInput("malformed cursor", details={"field": "cursor"})
    return value


def _refuse_duplicates_in_request(variants: Sequence[VariantCreate]) -> None:
    for field in ("sku", "ean"):
        values = [getattr(v, field) for v in variants if getattr(v, field)]
        repeated = sorted({x for x in values if values.count(x) > 1})
        if repeated:
            raise InvalidInput(
                f"{field} {repeated[0]} appears more than once in the request",
                details={"field": field, "value": repeated[0]},
            )


def _refuse_taken_handle(session: Session, handle: str) -> None:
    if session.scalar(sa.select(Product.id).where(Product.handle == handle)) is not None:
        raise AlreadyExists(
            f"a product with handle {handle} exists", details={"field": "handle", "value": handle}
        )


def _refuse_taken_codes(session: Session, variants: Sequence[VariantCreate]) -> None:
    skus = [v.sku for v in variants]
    taken = session.scalar(sa.select(Variant.sku).where(Variant.sku.in_(skus)).limit(1))
    if taken is not None:
        raise AlreadyExists(
            f"a variant with SKU {taken} exists", details={"field": "sku", "value": taken}
        )
    for ean in (v.ean for v in variants if v.ean):
        _refuse_taken_ean(session, ean)


def _refuse_taken_ean(session: Session, ean: str) -> None:
    if session.scalar(sa.select(Variant.id).where(Variant.ean == ean)) is not None:
        raise AlreadyExists(
            f"a variant with EAN {ean} exists", details={"field": "ean", "value": ean}
        )


def _flush_guarding_uniques(session: Session, obj: object) -> None:
    """Flush in a savepoint: a concurrent insert of the same code becomes a 409, not a 500."""
    try:
        with session.begin_nested():
            session.add(obj)
            session.flush()
    except IntegrityError as exc:
        raise AlreadyExists(
            "a product or variant with one of these codes was created concurrently",
            details={"field": "handle/sku/ean"},
        ) from exc
