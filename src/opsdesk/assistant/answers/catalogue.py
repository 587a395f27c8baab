"""Delivery dates from the shipping estimator, and live stock with honest promise dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from opsdesk import catalog, customers, inventory, orders, replenishment, shipping
from opsdesk.assistant.answers.reply import Context, Reply
from opsdesk.assistant.nlu import EntityKind, extract_entities

LEVELS = (shipping.ServiceLevel.ECONOMY, shipping.ServiceLevel.STANDARD,
          shipping.ServiceLevel.EXPRESS)  # fmt: skip
MAX_CATALOG = 5000


@dataclass(frozen=True)
class Destination:
    place: shipping.Place
    city: str


def _origin(ctx: Context) -> shipping.Place | None:
    for warehouse in inventory.list_warehouses(ctx.session, include_inactive=False):
        return shipping.Place(warehouse.country, warehouse.region, warehouse.city)
    return None


def destination(ctx: Context, order_id: int | None, customer_id: int | None) -> Destination | None:
    """Where the customer's parcels go: the verified order's address, else their own."""
    if order_id is not None:
        a = orders.read_order(ctx.session, order_id).shipping_address
        return Destination(shipping.Place(a.country, a.region, a.city), a.city)
    if customer_id is not None:
        for address in customers.get_customer(ctx.session, customer_id).addresses:
            return Destination(shipping.Place(address.country, address.region, address.city),
                               address.city)  # fmt: skip
    return None


def _lane(origin: shipping.Place, where: Destination | None) -> shipping.Lane:
    if where is None:
        return shipping.Lane.NEIGHBOURING  # anywhere in the store's own country
    return shipping.classify_lane(origin, where.place)


def _arrival(start: date, lane: shipping.Lane, level: shipping.ServiceLevel) -> date:
    handling = inventory.DEFAULT_HANDLING_DAYS
    return shipping.promised_delivery_date(start, lane, level, handling_days=handling)


def delivery_dates(ctx: Context, where: Destination | None) -> Reply:
    origin = _origin(ctx)
    reply = Reply()
    if origin is None:
        return reply
    lane, today = _lane(origin, where), ctx.voice.local_date(ctx.now)
    if where is not None:
        reply.add(ctx.say("delivery_known", city=where.city))
    else:
        reply.add(ctx.say("delivery_general"))
    lines = [ctx.say("delivery_line", level=ctx.say(f"level_{level.value}"),
                     date=ctx.voice.day(_arrival(today, lane, level)))
             for level in LEVELS]  # fmt: skip
    return reply.add("\n".join(lines))


@dataclass(frozen=True)
class _Product:
    sku: str
    title: str
    policy: catalog.ShortStockPolicy


def _catalogue(ctx: Context) -> list[_Product]:
    rows = ctx.session.execute(
        sa.select(catalog.Variant.sku, catalog.Product.title, catalog.Product.short_stock_policy)
        .join(catalog.Product, catalog.Product.id == catalog.Variant.product_id)
        .where(catalog.Product.active.is_(True))
        .order_by(catalog.Variant.id)
        .limit(MAX_CATALOG)
    )
    return [_Product(sku, title, policy) for sku, title, policy in rows]


def find_product(ctx: Context, text: str) -> _Product | None:
    products = _catalogue(ctx)
    found = extract_entities(text, reference_date=ctx.voice.local_date(ctx.now),
                             language=ctx.voice.language, catalog=[p.title for p in products],
                             known_skus=[p.sku for p in products])  # fmt: skip
    by_sku = {p.sku.upper(): p for p in products}
    by_title = {p.title: p for p in reversed(products)}  # the first variant of a product
    for entity in found:
        if entity.kind is EntityKind.SKU and entity.value.upper() in by_sku:
            return by_sku[entity.value.upper()]
        if entity.kind is EntityKind.PRODUCT and entity.value in by_title:
            return by_title[entity.value]
    return None


def stock_answer(ctx: Context, product: _Product, where: Destination | None) -> Reply:
    stock = inventory.stock_for_sku(ctx.session, product.sku)
    origin = _origin(ctx)
    lane = _lane(origin, where) if origin else shipping.Lane.NEIGHBOURING
    today = ctx.voice.local_date(ctx.now)
    name = product.title or product.sku
    if stock.totals.available > 0:
        when = ctx.voice.day(_arrival(today, lane, shipping.ServiceLevel.STANDARD))
        return Reply().add(ctx.say("stock_available", product=name,
                                   count=stock.totals.available, date=when))  # fmt: skip
    # open purchase orders past the waiting queue first, else the replenishment plan
    back = replenishment.back_in_stock(ctx.session, stock.variant_id, today=today)
    restock = back.day if back is not None else None
    if restock is None:
        return Reply().add(ctx.say("stock_unavailable", product=name))
    if product.policy is catalog.ShortStockPolicy.BACKORDER:
        arrival = _arrival(max(restock, today), lane, shipping.ServiceLevel.STANDARD)
        return Reply().add(ctx.say("stock_backorder", product=name, restock=ctx.voice.day(restock),
                                   date=ctx.voice.day(arrival)))  # fmt: skip
    return Reply().add(ctx.say("stock_not_orderable", product=name,
                               restock=ctx.voice.day(restock)))  # fmt: skip
