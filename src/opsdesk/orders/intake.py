"""Order intake: validate, price, store and allocate a new order in one transaction.

Few statements per order on purpose (target: over 1,000 orders/s on PostgreSQL): one
catalog read, one for the customer (one more to check a given number or external id),
one insert for the order with its lines (``fastsql.insert_with_children``) and the
allocation's locked stock read; then the held units, reservations, ledger rows,
timeline, outbox rows and the order's status and promised date leave together
(``fastsql.deferred``: one statement on PostgreSQL; ADR 0009). The allocation result
carries what the timeline and the delivery promise need, so neither reads back what was
just written. The statements go through ``kernel.fastsql`` (compiled once, run on the
DBAPI cursor; ADR 0007).
"""

from __future__ import annotations

import functools
import secrets
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from opsdesk import catalog, customers, inventory
from opsdesk.kernel import events, fastsql
from opsdesk.kernel.db import in_params, params_of, table_of, utcnow
from opsdesk.kernel.errors import AlreadyExists, InvalidInput
from opsdesk.orders import pricing
from opsdesk.orders.events import OrderPlaced, ShipsFrom
from opsdesk.orders.models import Order, OrderLine, OrderStatus
from opsdesk.orders.narrative import intake_events
from opsdesk.orders.policy import status_after_allocation
from opsdesk.orders.schemas import OrderCreate
from opsdesk.orders.timeline import insert_events

DEFAULT_STRATEGY = "priority"
_NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U


ORDER_NUMBER_BITS = 50  # ten characters of five bits each


def new_order_number() -> str:
    """``OD-`` and 10 random characters (50 bits): unguessable, readable on the phone."""
    return order_number_from_bits(secrets.randbits(ORDER_NUMBER_BITS))  # uniform like choice()


def order_number_from_bits(bits: int) -> str:
    """The store's number for 50 bits (the demo derives them from its seed)."""
    return "OD-" + "".join(_NUMBER_ALPHABET[(bits >> shift) & 31] for shift in range(0, 50, 5))


def place_order(
    session: Session,
    data: OrderCreate,
    *,
    actor: str,
    strategy: str = DEFAULT_STRATEGY,
    now: datetime | None = None,
) -> Order:
    """Accept an order whole or not at all.

    Raises ``InvalidInput`` (422) naming each unsellable line, ``AlreadyExists`` (409) for
    a taken number or external id, ``InsufficientStock`` (409) when allocation refuses;
    the caller's rollback then leaves no trace of the order.
    """
    now = now or utcnow()
    session.flush()  # the caller's pending changes first: intake reads with plain statements
    lines = _priced_lines(session, data)
    amounts = pricing.totals(
        lines,
        shipping_minor=data.shipping_minor,
        tax_minor=data.tax_minor,
        discount_minor=data.discount_minor,
    )
    customer_id, email, locale = _buyer(session, data)
    _refuse_taken_identity(session, data)
    row = _order_row(data, amounts, customer_id=customer_id, email=email, locale=locale)
    row["placed_at"] = row["updated_at"] = data.placed_at or now
    order = _insert(session, row, [_line_row(line) for line in lines])
    # The held stock, reservations, ledger, timeline, outbox and the order's outcome are
    # written together at the end (one statement on PostgreSQL): nothing in between reads
    # them back.
    with inventory.oversell_refused(), fastsql.deferred(session):
        with events.batched(session):  # the stock and order events leave in one INSERT
            result = _allocate(session, order, strategy=strategy, actor=actor, now=now)
            order.status = status_after_allocation(fully_allocated=result.fully_allocated)
            names = {i: w.name for i, w in result.warehouses.items()}
            insert_events(session, intake_events(order, result, names, actor=actor, now=now))
            events.record(session, _placed_event(order, result), now=now)
        _save_outcome(session, order)
    return order


def _allocate(
    session: Session, order: Order, *, strategy: str, actor: str, now: datetime
) -> inventory.AllocationResult:
    return inventory.allocate(
        session,
        order_id=order.id,
        lines=[
            inventory.AllocationLine(line.id, line.variant_id or 0, line.quantity)
            for line in order.lines
        ],
        destination=inventory.Destination(
            region=order.ship_region,
            country=order.ship_country,
            latitude=order.ship_latitude,
            longitude=order.ship_longitude,
        ),
        strategy=strategy,
        actor=actor,
        now=now,
    )


@functools.cache
def _catalog_prices(count: int) -> fastsql.Statement:
    """Prices of ``count`` SKUs, built once per count: building it costs more than running it."""
    return fastsql.Statement(
        sa.select(
            catalog.Variant.id,
            catalog.Variant.sku,
            catalog.Variant.title,
            catalog.Variant.price_minor,
            catalog.Variant.currency,
            catalog.Variant.active,
            catalog.Product.title.label("product_title"),
            catalog.Product.active.label("product_active"),
        )
        .join(catalog.Product, catalog.Product.id == catalog.Variant.product_id)
        .where(in_params(catalog.Variant.sku, "sku", count))
    )


def _priced_lines(session: Session, data: OrderCreate) -> list[pricing.PricedLine]:
    skus = sorted({line.sku for line in data.lines})
    rows = fastsql.run(session, _catalog_prices(len(skus)), params_of("sku", skus))
    prices = {
        sku: pricing.CatalogPrice(
            variant_id=variant_id,
            sku=sku,
            title=_line_title(product_title, title),
            price_minor=price_minor,
            currency=currency,
            active=active and product_active,
        )
        for variant_id, sku, title, price_minor, currency, active, product_title, product_active in rows
    }
    requested = [pricing.RequestedLine(x.sku, x.quantity, x.unit_price_minor) for x in data.lines]
    return pricing.price_lines(requested, prices, data.currency)


def _line_title(product_title: str, variant_title: str) -> str:
    title = f"{product_title} / {variant_title}" if variant_title else product_title
    return title[:200]


def _buyer(session: Session, data: OrderCreate) -> tuple[int, str, str]:
    """Customer id, e-mail and locale of the order."""
    if data.customer_id is not None:
        found = customers.customer_contact(session, data.customer_id)
        if found is None:
            raise InvalidInput(
                f"customer {data.customer_id} does not exist",
                details={"errors": [{"field": "customer_id", "reason": "unknown customer"}]},
            )
        customer_id, email, locale = found
        return customer_id, email or "", data.locale or locale
    assert data.customer is not None  # the schema demands one of the two
    buyer = data.customer
    customer = customers.find_or_create_contact(
        session,
        buyer.email,
        first_name=buyer.first_name,
        last_name=buyer.last_name,
        phone=buyer.phone,
        locale=buyer.locale,
        timezone=buyer.timezone,
    )
    return customer.id, customer.email or buyer.email, data.locale or customer.locale


def _refuse_taken_identity(session: Session, data: OrderCreate) -> None:
    clauses = []
    if data.number is not None:
        clauses.append(Order.number == data.number)
    if data.external_id is not None:
        clauses.append(
            sa.and_(Order.channel == data.channel, Order.external_id == data.external_id)
        )
    if not clauses:
        return
    taken = session.execute(
        sa.select(Order.number, Order.external_id).where(sa.or_(*clauses)).limit(1)
    ).first()
    if taken is None:
        return
    field = "number" if taken.number == data.number else "external_id"
    value = data.number if field == "number" else data.external_id
    raise AlreadyExists(f"an order with {field} {value} already exists", details={"field": field})


def _order_row(
    data: OrderCreate,
    amounts: pricing.Totals,
    *,
    customer_id: int,
    email: str,
    locale: str,
) -> dict[str, Any]:
    address = data.shipping_address
    return {
        "number": data.number or new_order_number(),
        "channel": data.channel,
        "external_id": data.external_id,
        "customer_id": customer_id,
        "status": OrderStatus.PLACED,
        "currency": data.currency,
        "locale": locale,
        "subtotal_minor": amounts.subtotal_minor,
        "shipping_minor": amounts.shipping_minor,
        "tax_minor": amounts.tax_minor,
        "discount_minor": amounts.discount_minor,
        "total_minor": amounts.total_minor,
        "email": email,
        "ship_name": address.name,
        "ship_line1": address.line1,
        "ship_line2": address.line2,
        "ship_city": address.city,
        "ship_region": address.region,
        "ship_postal_code": address.postal_code,
        "ship_country": address.country,
        "ship_latitude": address.latitude,
        "ship_longitude": address.longitude,
        "service_level": data.service_level,
        "promised_delivery_date": data.promised_delivery_date,
        "replaces_order_id": None,
    }


def _line_row(line: pricing.PricedLine) -> dict[str, Any]:
    return {
        "line_no": line.line_no,
        "variant_id": line.variant_id,
        "sku": line.sku,
        "title": line.title,
        "quantity": line.quantity,
        "unit_price_minor": line.unit_price_minor,
        "quantity_cancelled": 0,
        "quantity_shipped": 0,
        "quantity_returned": 0,
    }


_orders = table_of(Order)
_lines = table_of(OrderLine)
_ORDER_COLUMNS = tuple(c.key for c in _orders.columns if c.key != "id")
_LINE_COLUMNS = tuple(c.key for c in _lines.columns if c.key != "id")
_INSERT_ORDER = fastsql.InsertWithChildren(
    fastsql.InsertValues(_orders, _ORDER_COLUMNS, returning=("id",)),
    fastsql.InsertValues(_lines, _LINE_COLUMNS, returning=("id", "line_no")),
    link="order_id",
)


def _insert(session: Session, order_row: dict[str, Any], line_rows: list[dict[str, Any]]) -> Order:
    """Insert the order and its lines (one statement on PostgreSQL); the saved order, attached.

    Intake is the hottest write path; the unit of work costs about three times as much
    CPU as this insert (sent through ``kernel.fastsql``). The objects are built as
    loaded from the rows written (no attribute events, no flush), so callers and later
    changes use them as usual.
    """
    try:
        order_id, returned = fastsql.insert_with_children(
            session, _INSERT_ORDER, order_row, line_rows
        )
    except IntegrityError as exc:
        # A concurrent order took the number or external id between check and insert.
        raise AlreadyExists(
            "an order with this number or external id already exists",
            details={"field": "number" if order_row["external_id"] is None else "external_id"},
        ) from exc
    # RETURNING order is not guaranteed for a multi-row INSERT: match the ids by line number
    line_ids = {no: i for i, no in returned}
    lines = [
        fastsql.saved(OrderLine, {"id": line_ids[r["line_no"]], "order_id": order_id, **r})
        for r in line_rows
    ]
    order = fastsql.saved(Order, {"id": order_id, **order_row}, lines=lines)
    session.add(order)
    return order


_OUTCOME = frozenset({"status", "promised_delivery_date"})
_SAVE_OUTCOME = fastsql.Statement(
    sa.update(_orders)
    .where(_orders.c.id == sa.bindparam("order_id", type_=_orders.c.id.type))
    .values(
        status=sa.bindparam("status", type_=_orders.c.status.type),
        promised_delivery_date=sa.bindparam(
            "promised", type_=_orders.c.promised_delivery_date.type
        ),
    )
)


def _save_outcome(session: Session, order: Order) -> None:
    """Write the order's status and promised date (set by a subscriber) with one plain UPDATE.

    Only when nothing else of the order changed since the insert; otherwise the unit of
    work writes every change at the next flush, as usual. Once written, the object is
    marked as saved, so the commit has nothing left to flush — the unit of work cost
    more CPU than the rest of intake's statements together.
    """
    state = sa.inspect(order)
    if not set(state.attrs.keys()) - state.unmodified <= _OUTCOME:
        return
    fastsql.run(
        session,
        _SAVE_OUTCOME,
        {
            "order_id": order.id,
            "status": order.status,
            "promised": order.promised_delivery_date,
        },
    )
    fastsql.mark_saved(session, order)


def _placed_event(order: Order, result: inventory.AllocationResult) -> OrderPlaced:
    held = {
        ShipsFrom(warehouse_id=w, region=site.region, country=site.country)
        for w, site in result.warehouses.items()
    }
    awaited = {ShipsFrom(warehouse_id=None, ready_on=w.promised_date) for w in result.waiting}
    return OrderPlaced(
        order_id=order.id,
        number=order.number,
        channel=order.channel,
        customer_id=order.customer_id,
        status=order.status.value,
        currency=order.currency,
        total_minor=order.total_minor,
        ships_from=tuple(sorted(held, key=_ships_from_key) + sorted(awaited, key=_ships_from_key)),
    )


def _ships_from_key(source: ShipsFrom) -> tuple[int, date]:
    return (source.warehouse_id or 0, source.ready_on or date.min)
