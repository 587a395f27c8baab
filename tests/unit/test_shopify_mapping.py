"""Shopify webhook bodies → OpsDesk values, checked on Shopify's published example payloads."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from opsdesk.integrations import signatures
from opsdesk.integrations.shopify import mapping
from opsdesk.kernel.errors import InvalidInput


def _load(shared_data: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((shared_data / "shopify" / name).read_text())
    return data


def test_example_order_maps_number_money_and_lines(shared_data: Path) -> None:
    order = mapping.parse_order(_load(shared_data, "order.json"))

    assert order.external_id == "450789469"
    assert order.number == "1001"
    assert order.currency == "USD"
    assert order.placed_at == datetime(2008, 1, 10, 16, 0, tzinfo=UTC)
    assert [(line.sku, line.quantity, line.unit_price_minor) for line in order.lines] == [
        ("IPOD2008GREEN", 1, 19900),
        ("IPOD2008RED", 1, 19900),
        ("IPOD2008BLACK", 1, 19900),
    ]
    assert order.totals == mapping.Totals(
        subtotal_minor=39800, shipping_minor=0, tax_minor=1194, discount_minor=0, total_minor=40994
    )


def test_example_order_maps_customer_and_shipping_address(shared_data: Path) -> None:
    order = mapping.parse_order(_load(shared_data, "order.json"), default_locale="de")

    assert order.customer.email == "bob.norman@hostmail.com"
    assert (order.customer.first_name, order.customer.last_name) == ("Bob", "Norman")
    assert order.customer.locale == "de"  # the example has no customer_locale
    address = order.shipping_address
    assert address is not None
    assert (address.line1, address.city, address.region, address.postal_code) == (
        "Chestnut Street 92",
        "Louisville",
        "KY",
        "40202",
    )
    assert address.country == "US"


def test_customer_locale_is_taken_from_the_order(shared_data: Path) -> None:
    body = _load(shared_data, "order.json")["order"] | {"customer_locale": "pt-BR"}
    assert mapping.parse_order(body).customer.locale == "pt-BR"


def test_the_bare_webhook_body_and_the_wrapped_api_object_map_alike(shared_data: Path) -> None:
    wrapped = _load(shared_data, "order.json")
    assert mapping.parse_order(wrapped["order"]) == mapping.parse_order(wrapped)


def test_prices_that_include_tax_do_not_add_it_again(shared_data: Path) -> None:
    body = _load(shared_data, "order.json")["order"] | {"taxes_included": True}
    assert mapping.parse_order(body).totals.tax_minor == 0


def test_example_refund_sums_successful_refund_transactions(shared_data: Path) -> None:
    refund = mapping.parse_refund(_load(shared_data, "refund.json"))

    assert refund.external_id == "shopify:509562969"
    assert refund.order_external_id == "450789469"
    assert (refund.amount_minor, refund.currency) == (20900, "USD")
    assert refund.reason == "it broke during shipping"


def test_failed_refund_transactions_return_no_money(shared_data: Path) -> None:
    body = _load(shared_data, "refund.json")["refund"]
    body["transactions"][0]["status"] = "failure"
    assert mapping.parse_refund(body).amount_minor == 0


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [("409.94", "USD", 40994), ("1200", "JPY", 1200), ("1.250", "BHD", 1250), ("0.5", "EUR", 50)],
)
def test_amounts_use_the_currency_exponent(amount: str, currency: str, minor: int) -> None:
    assert mapping.to_minor(amount, currency) == minor


@pytest.mark.parametrize(("amount", "currency"), [("1.5", "JPY"), ("abc", "USD"), ("1", "ZZZ")])
def test_impossible_amounts_are_refused(amount: str, currency: str) -> None:
    with pytest.raises(InvalidInput):
        mapping.to_minor(amount, currency)


def test_a_body_without_line_items_is_refused_naming_the_field(shared_data: Path) -> None:
    body = _load(shared_data, "order.json")["order"] | {"line_items": []}
    with pytest.raises(InvalidInput) as caught:
        mapping.parse_order(body)
    assert caught.value.details["errors"][0]["field"] == "line_items"


def test_order_create_keeps_shopify_prices_and_identity(shared_data: Path) -> None:
    create = mapping.to_order_create(mapping.parse_order(_load(shared_data, "order.json")))

    assert (create.channel, create.external_id, create.number) == ("shopify", "450789469", "1001")
    assert [line.unit_price_minor for line in create.lines] == [19900, 19900, 19900]
    assert create.tax_minor == 1194
    assert create.customer is not None
    assert create.customer.email == "bob.norman@hostmail.com"


def test_an_order_without_email_cannot_become_an_opsdesk_order(shared_data: Path) -> None:
    body = _load(shared_data, "order.json")["order"] | {"email": None, "customer": None}
    with pytest.raises(InvalidInput, match="e-mail"):
        mapping.to_order_create(mapping.parse_order(body))


def test_shopify_signature_accepts_only_the_exact_body() -> None:
    body = b'{"id": 1}'
    good = signatures.shopify_signature("s3cret", body)
    signatures.verify_shopify("s3cret", body, good)
    with pytest.raises(signatures.BadSignature):
        signatures.verify_shopify("s3cret", body + b" ", good)
    with pytest.raises(signatures.BadSignature):
        signatures.verify_shopify("s3cret", body, None)


def test_without_a_configured_secret_no_signature_is_accepted() -> None:
    body = b"{}"
    with pytest.raises(signatures.BadSignature, match="no webhook secret"):
        signatures.verify_shopify("", body, signatures.shopify_signature("", body))
