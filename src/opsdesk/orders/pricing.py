"""Pricing an order from its requested lines and catalog prices: pure, no I/O.

Amounts are integer minor units. A line without an explicit price takes the catalog
price, which must then be in the order currency; an explicit price is in the order
currency by definition (shops that sell in several currencies send their own prices).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from opsdesk.kernel.errors import InvalidInput


@dataclass(frozen=True)
class RequestedLine:
    sku: str
    quantity: int
    unit_price_minor: int | None = None


@dataclass(frozen=True)
class CatalogPrice:
    variant_id: int
    sku: str
    title: str
    price_minor: int
    currency: str
    active: bool


@dataclass(frozen=True)
class PricedLine:
    line_no: int
    variant_id: int
    sku: str
    title: str
    quantity: int
    unit_price_minor: int


@dataclass(frozen=True)
class Totals:
    subtotal_minor: int
    shipping_minor: int
    tax_minor: int
    discount_minor: int
    total_minor: int


def price_lines(
    requested: Sequence[RequestedLine], catalog: Mapping[str, CatalogPrice], currency: str
) -> list[PricedLine]:
    """Price every line or raise one 422 listing every line that cannot be sold."""
    problems: list[dict[str, str]] = []
    priced: list[PricedLine] = []
    for index, line in enumerate(requested):
        field = f"lines.{index}"
        item = catalog.get(line.sku)
        if item is None:
            problems.append({"field": f"{field}.sku", "reason": f"unknown SKU {line.sku}"})
            continue
        if not item.active:
            problems.append({"field": f"{field}.sku", "reason": f"SKU {line.sku} is not for sale"})
            continue
        if line.quantity < 1:
            problems.append({"field": f"{field}.quantity", "reason": "must be at least 1"})
            continue
        price = line.unit_price_minor
        if price is None and item.currency != currency:
            reason = f"SKU {line.sku} is priced in {item.currency}, the order in {currency}"
            problems.append({"field": f"{field}.sku", "reason": reason})
            continue
        unit = item.price_minor if price is None else price
        priced.append(
            PricedLine(index + 1, item.variant_id, item.sku, item.title, line.quantity, unit)
        )
    if problems:
        summary = "; ".join(f"{p['field']}: {p['reason']}" for p in problems[:5])
        raise InvalidInput(f"invalid order lines: {summary}", details={"errors": problems})
    return priced


def totals(
    lines: Sequence[PricedLine], *, shipping_minor: int, tax_minor: int, discount_minor: int
) -> Totals:
    subtotal = sum(line.quantity * line.unit_price_minor for line in lines)
    total = subtotal + shipping_minor + tax_minor - discount_minor
    if total < 0:
        raise InvalidInput(
            "the discount is larger than the order",
            details={"errors": [{"field": "discount_minor", "reason": "exceeds the order total"}]},
        )
    return Totals(subtotal, shipping_minor, tax_minor, discount_minor, total)
