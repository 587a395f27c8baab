"""Pricing an order before it enters the state machine: pure, in minor units."""

from __future__ import annotations

import pytest

from opsdesk.kernel.errors import InvalidInput
from opsdesk.orders.pricing import CatalogPrice, RequestedLine, price_lines, totals

CATALOG = {
    "MUG-BLUE": CatalogPrice(1, "MUG-BLUE", "Enamel Mug", 1990, "EUR", True),
    "OLD-TEE": CatalogPrice(2, "OLD-TEE", "Old Tee", 900, "EUR", False),
    "YEN-FAN": CatalogPrice(3, "YEN-FAN", "Paper Fan", 1500, "JPY", True),
}


def test_catalog_prices_fill_lines_without_a_price() -> None:
    lines = price_lines(
        [RequestedLine("MUG-BLUE", 2), RequestedLine("YEN-FAN", 1, unit_price_minor=700)],
        CATALOG,
        "EUR",
    )
    assert [(ln.line_no, ln.variant_id, ln.unit_price_minor) for ln in lines] == [
        (1, 1, 1990),
        (2, 3, 700),
    ]


def test_every_unsellable_line_is_reported_at_once() -> None:
    requested = [
        RequestedLine("GHOST", 1),
        RequestedLine("OLD-TEE", 1),
        RequestedLine("YEN-FAN", 1),
        RequestedLine("MUG-BLUE", 0),
    ]
    with pytest.raises(InvalidInput) as caught:
        price_lines(requested, CATALOG, "EUR")
    assert caught.value.details["errors"] == [
        {"field": "lines.0.sku", "reason": "unknown SKU GHOST"},
        {"field": "lines.1.sku", "reason": "SKU OLD-TEE is not for sale"},
        {"field": "lines.2.sku", "reason": "SKU YEN-FAN is priced in JPY, the order in EUR"},
        {"field": "lines.3.quantity", "reason": "must be at least 1"},
    ]


def test_totals_add_shipping_and_tax_and_take_off_the_discount() -> None:
    lines = price_lines([RequestedLine("MUG-BLUE", 3)], CATALOG, "EUR")
    result = totals(lines, shipping_minor=490, tax_minor=1134, discount_minor=500)
    assert (result.subtotal_minor, result.total_minor) == (5970, 7094)


def test_a_discount_may_not_make_the_total_negative() -> None:
    lines = price_lines([RequestedLine("MUG-BLUE", 1)], CATALOG, "EUR")
    assert totals(lines, shipping_minor=0, tax_minor=0, discount_minor=1990).total_minor == 0
    with pytest.raises(InvalidInput, match="discount is larger"):
        totals(lines, shipping_minor=0, tax_minor=0, discount_minor=1991)
