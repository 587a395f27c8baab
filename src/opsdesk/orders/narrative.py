"""Timeline sentences: what happened to an order, readable by an agent at a glance."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from babel.numbers import format_currency, get_currency_precision
from sqlalchemy.orm import Session

from opsdesk import inventory
from opsdesk.orders.models import Order
from opsdesk.orders.policy import format_day
from opsdesk.orders.timeline import event_row

TIMES = "×"  # as in "Reserved 2 × SKU-123"


def units(quantity: int, sku: str) -> str:
    return f"{quantity} {TIMES} {sku}"


def money(amount_minor: int, currency: str) -> str:
    """``€59.90``; the exponent comes from the currency (JPY has none)."""
    fast = _plain_money(currency)
    if fast is not None:
        return fast(amount_minor)
    return _babel_money(amount_minor, currency)


def _babel_money(amount_minor: int, currency: str) -> str:
    exponent = get_currency_precision(currency)
    return format_currency(Decimal(amount_minor).scaleb(-exponent), currency, locale="en")


@functools.cache
def _plain_money(currency: str) -> Callable[[int], str] | None:
    """Babel's English format of ``currency`` as plain string formatting, when it is one.

    Babel parses the pattern on every call, which made it a tenth of intake's CPU. The
    plain form (symbol, then the amount with comma groups) is used only if it gives
    Babel's text for a set of probe amounts; otherwise ``money`` keeps asking Babel.
    """
    exponent = get_currency_precision(currency)
    symbol = _babel_money(0, currency).replace("0", "").replace(".", "")

    def plain(amount_minor: int) -> str:
        sign = "-" if amount_minor < 0 else ""
        whole, cents = divmod(abs(amount_minor), 10**exponent)
        fraction = f".{cents:0{exponent}d}" if exponent else ""
        return f"{sign}{symbol}{whole:,}{fraction}"

    probes = (0, 1, 5, 99, 100, 5990, 123456, 100000000, 98765432101, -1, -250, -123456)
    if all(plain(a) == _babel_money(a, currency) for a in probes):
        return plain
    return None


def warehouse_label(name: str) -> str:
    return name if "warehouse" in name.lower() else f"{name} warehouse"


def load_warehouses(session: Session, ids: Iterable[int]) -> dict[int, inventory.Warehouse]:
    """Warehouses by id, in one query that does not flush pending writes.

    Whole rows on purpose: while the caller holds them, later ``session.get`` lookups in
    the same transaction (subscribers to our events) find them without a query, and the
    writes still pending are flushed together later, in fewer statements.
    """
    wanted = set(ids)
    if not wanted:
        return {}
    Warehouse = inventory.Warehouse
    with session.no_autoflush:
        return {
            w.id: w for w in session.scalars(sa.select(Warehouse).where(Warehouse.id.in_(wanted)))
        }


def warehouse_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    return {i: w.name for i, w in load_warehouses(session, ids).items()}


def reserved_sentence(quantity: int, sku: str, warehouse: str) -> str:
    return f"Reserved {units(quantity, sku)} in {warehouse_label(warehouse)}"


def backordered_sentence(quantity: int, sku: str, promised: date | None) -> str:
    until = f" until {format_day(promised)}" if promised else ""
    return f"Backordered {units(quantity, sku)}{until}"


def cancelled_sentence(actor: str, reason: str, lines: Mapping[str, int] | None = None) -> str:
    if lines is None:
        return f"Cancelled by {actor}: {reason}"
    what = ", ".join(units(qty, sku) for sku, qty in lines.items())
    return f"Cancelled {what} by {actor}: {reason}"


def intake_events(
    order: Order,
    result: inventory.AllocationResult,
    names: Mapping[int, str],
    *,
    actor: str,
    now: datetime,
) -> list[dict[str, Any]]:
    """Rows of the entries: placed, then one per reservation and per backordered line.

    ``names`` are the warehouses' names by id.
    """
    sku_of = {line.id: line.sku for line in order.lines}
    units = sum(line.quantity for line in order.lines)
    reserved, waiting = result.reservations, result.waiting
    placed = event_row(
        order.id,
        kind="order.placed",
        summary=f"Placed via {order.channel}: {units} item{'s' if units != 1 else ''}, "
        f"total {money(order.total_minor, order.currency)}",
        actor=actor,
        data={"number": order.number},
        occurred_at=order.placed_at,
    )
    entries = [placed]
    for r in reserved:
        name = names.get(r.warehouse_id, f"warehouse {r.warehouse_id}")
        entries.append(
            event_row(
                order.id,
                kind="stock.reserved",
                summary=reserved_sentence(r.quantity, sku_of[r.order_line_id], name),
                actor=actor,
                data=_data(r.order_line_id, r.quantity, warehouse_id=r.warehouse_id),
                occurred_at=now,
            )
        )
    for w in waiting:
        promised = w.promised_date
        entries.append(
            event_row(
                order.id,
                kind="stock.backordered",
                summary=backordered_sentence(w.quantity, sku_of[w.order_line_id], promised),
                actor=actor,
                data=_data(w.order_line_id, w.quantity, promised_date=promised),
                occurred_at=now,
            )
        )
    return entries


def _data(order_line_id: int, quantity: int, **extra: object) -> dict[str, Any]:
    values: dict[str, Any] = {"order_line_id": order_line_id, "quantity": quantity}
    for key, value in extra.items():
        values[key] = value.isoformat() if isinstance(value, date) else value
    return values


def short_day(day: date) -> str:
    """``Fri 4 Dec``: the weekday helps an agent who reads it out on the phone."""
    return f"{day:%a} {day.day} {day:%b}"


def _new_promise(day: date | None) -> str:
    return f" — new promised date {short_day(day)}" if day else ""


def address_changed_sentence(
    actor: str, old_town: str, new_town: str, reason: str, previous: date | None,
    current: date | None,
) -> str:  # fmt: skip
    """Towns only: the timeline keeps no street the customer moved away from."""
    because = f": {reason}" if reason else ""
    promise = _new_promise(current) if current != previous else ""
    return f"Shipping address changed from {old_town} to {new_town} by {actor}{because}{promise}"


def upgraded_sentence(
    level: str, actor: str, charge: str, reason: str, promised: date | None
) -> str:
    paid = f" for {charge}" if charge else ""
    because = f": {reason}" if reason else ""
    return f"Shipping upgraded to {level} by {actor}{paid}{because}{_new_promise(promised)}"


def reship_reason(reason: str) -> str:
    return reason.replace("_", " ")


def reshipped_sentence(
    quantities: Mapping[str, int], replacement: str, actor: str, reason: str, note: str
) -> str:
    what = ", ".join(units(qty, sku) for sku, qty in quantities.items())
    detail = f": {note}" if note else ""
    return (f"Reshipped {what} as replacement order {replacement} by {actor} "
            f"({reship_reason(reason)}){detail}")  # fmt: skip


def replacement_sentence(original: str, reason: str, note: str) -> str:
    detail = f": {note}" if note else ""
    return f"Replacement for order {original}, free of charge ({reship_reason(reason)}){detail}"
